"""gcloud_artifact_scan: `images describe` output, the occurrence list, non-vulnerability occurrences, severity
fallbacks, empty scans and foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

URI = "https://europe-docker.pkg.dev/proj/repo/app@sha256:abcd"


def _occurrence(cve: str, effective: str = "CRITICAL", **vuln: Any) -> dict[str, Any]:
    return {
        "kind": "VULNERABILITY",
        "name": f"projects/p/occurrences/{cve}",
        "noteName": f"projects/goog-vulnz/notes/{cve}",
        "resourceUri": URI,
        "createTime": "2023-08-23T16:57:34.258042Z",
        "vulnerability": {
            "cvssScore": 9.8,
            "effectiveSeverity": effective,
            "severity": "CRITICAL",
            "longDescription": "NIST vectors: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "packageIssue": [
                {
                    "affectedPackage": "go",
                    "affectedVersion": {"fullName": "1.17.6"},
                    "fixedVersion": {"fullName": "1.19.10"},
                    "packageType": "GO_STDLIB",
                    "fileLocation": [{"filePath": "/tmp/pdscan"}],
                }
            ],
            "relatedUrls": [{"label": "More Info", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"}],
            "shortDescription": cve,
            **vuln,
        },
    }


def test_describe_output() -> None:
    doc = {
        "discovery_summary": {"discovery": [{"kind": "DISCOVERY"}]},
        "image_summary": {"digest": "sha256:abcd", "fully_qualified_digest": URI[8:]},
        "package_vulnerability_summary": {
            "vulnerabilities": {
                "CRITICAL": [_occurrence("CVE-2023-29405")],
                "LOW": [_occurrence("CVE-2023-1111", "LOW")],
            }
        },
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="describe.json")).id == "gcloud_artifact_scan"
    crit, low = list(parse_report(data, "gcloud_artifact_scan").findings)
    assert crit.name == "CVE-2023-29405 in go" and (crit.severity, crit.score) == (Severity.CRITICAL, 9.8)
    assert low.severity is Severity.LOW  # the distro's effective severity wins over the CVSS score
    assert crit.location == "/tmp/pdscan"
    assert crit.remedy == "Update go from 1.17.6 to 1.19.10\nhttps://nvd.nist.gov/vuln/detail/CVE-2023-29405"
    assert crit.asset.type is AssetType.CONTAINER and crit.asset.attributes["imageDigest"] == "sha256:abcd"
    assert crit.asset.attributes["registry"] == "europe-docker.pkg.dev"


def test_occurrence_list() -> None:
    unspecified = _occurrence("CVE-2024-2222", "SEVERITY_UNSPECIFIED", severity="", cvssScore=5.0)
    data = json.dumps([_occurrence("CVE-2023-29405"), unspecified, {"kind": "DISCOVERY", "name": "d"}]).encode()
    assert detect_format(open_report(data, name="vulns.json")).id == "gcloud_artifact_scan"
    parsed = parse_report(data, "gcloud_artifact_scan")
    _, medium = list(parsed.findings)
    assert medium.severity is Severity.MEDIUM
    assert dict(parsed._ctx.skipped) == {"discovery occurrence": 1}


def test_empty_and_foreign() -> None:
    doc = {"image_summary": {}, "package_vulnerability_summary": {}}
    assert list(parse_report(json.dumps(doc).encode(), "gcloud_artifact_scan").findings) == []
    assert list(parse_report(b"[]", "gcloud_artifact_scan").findings) == []
    with pytest.raises(InvalidReport, match="not a gcloud artifacts"):
        list(parse_report(b'{"results": []}', "gcloud_artifact_scan").findings)
    with pytest.raises(InvalidReport, match="not an Artifact Analysis occurrence"):
        list(parse_report(b'[{"name": "x"}]', "gcloud_artifact_scan").findings)
