"""JFrog Xray summary/artifact API: one finding per issue; malformed CVSS strings; assets; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ISSUE: dict[str, Any] = {
    "issue_id": "XRAY-124116",
    "summary": "OpenSSL RC5 overflow",
    "description": "overflow",
    "severity": "Critical",
    "issue_type": "security",
    "cves": [{"cve": "CVE-2020-1", "cwe": ["CWE-121"], "cvss_v3": "9.8/CVSS:3.0/AV:N", "cvss_v2": "9.3/AV:N"}],
    "created": "2020-09-09T00:00:00.937Z",
    "impact_path": ["artifact_path/a/1.0/layer.tar.gz/3.12:openssl:1.1.1k-r0"],
}


def _doc(issue: dict[str, Any], pkg_type: str = "Docker") -> bytes:
    return json.dumps(
        {
            "artifacts": [
                {
                    "general": {
                        "name": "artifact1:1.0",
                        "pkg_type": pkg_type,
                        "path": "artifact_path/artifact1/1.0/",
                        "sha256": "eaab",
                    },
                    "issues": [issue],
                    "licenses": [],
                }
            ]
        }
    ).encode()


def test_issue_fields_and_docker_asset() -> None:
    data = _doc(ISSUE)
    assert detect_format(open_report(data, name="summary.json")).id == "jfrog_xray_api_summary_artifact"
    parsed = parse_report(data)
    (f,) = list(parsed.findings)
    assert (f.name, f.severity, f.score) == ("CVE-2020-1", Severity.CRITICAL, 9.8)
    assert f.reference_ids == ["CVE-2020-1", "XRAY-124116"] and f.cwes == ["CWE-121"]
    assert f.package is not None and (f.package.name, f.package.version) == ("openssl", "1.1.1k-r0")
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER and asset.attributes["imageDigest"] == "sha256:eaab"


def test_malformed_cvss_and_non_docker_artifact() -> None:
    issue = dict(ISSUE, cves=[{"cve": "CVE-2023-3635", "cvss_v3": "not-a-score"}], severity="Medium")
    (f,) = list(parse_report(_doc(issue, "Maven"), "xray-summary").findings)
    assert f.score is None and f.severity is Severity.MEDIUM
    assert f.asset.type is AssetType.BUILD and f.asset.attributes["buildFile"] == "artifact_path/artifact1/1.0/"


@pytest.mark.parametrize("data", [b'{"artifacts": [{"general": {', b'{"artifacts": "x"}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "jfrog_xray_api_summary_artifact").findings)


def test_artifact_without_issues_is_counted_as_skipped() -> None:
    doc = {
        "artifacts": [{"general": {"name": "app:1", "pkg_type": "Docker"}, "issues": [], "licenses": [{"name": "MIT"}]}]
    }
    parsed = parse_report(json.dumps(doc).encode())
    assert list(parsed.findings) == [] and parsed._ctx.skipped["artifact without issues"] == 1
