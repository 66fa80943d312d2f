"""Anchore Engine: fields, per-path merging, container asset, broken input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str, path: str = "None", **kw: Any) -> dict[str, Any]:
    return {
        "feed": "nvdv2",
        "feed_group": "debian:9",
        "fix": kw.pop("fix", "None"),
        "package": "jdk-1.4",
        "package_name": "jdk",
        "package_version": "1.4",
        "package_path": path,
        "package_type": "java",
        "severity": kw.pop("severity", "High"),
        "url": "https://nvd",
        "vuln": vid,
        **kw,
    }


def _doc(vulns: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "imageDigest": "sha256:aa",
            "imageFullTag": "docker.io/acme/app:2",
            "vulnerabilities": vulns,
            "vulnerability_type": "all",
        }
    ).encode()


def test_fields_and_asset() -> None:
    nvd = [{"id": "CVE-2005-3906", "cvss_v2": {"base_score": 7.5}, "cvss_v3": {"base_score": -1.0}}]
    data = _doc([_vuln("CVE-2005-3906", "/app/a.war", nvd_data=nvd, fix="1.5"), _vuln("CVE-2", severity="Negligible")])
    assert detect_format(open_report(data, name="anchore.json")).id == "anchore_engine"
    parsed = parse_report(data)
    first, second = list(parsed.findings)
    assert (first.name, first.severity, first.score) == ("CVE-2005-3906", Severity.HIGH, 7.5)
    assert first.remedy == "Update jdk from 1.4 to 1.5"
    assert first.location == "/app/a.war: jdk@1.4"
    assert second.severity is Severity.INFO and second.remedy == "No fix available" and second.location == "jdk@1.4"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER
    assert asset.attributes["imageName"] == "docker.io/acme/app:2" and asset.attributes["imageDigest"] == "sha256:aa"


def test_same_vulnerability_same_path_is_one_finding_other_paths_are_not() -> None:
    data = _doc([_vuln("CVE-1", "/a.jar"), _vuln("CVE-1", "/a.jar"), _vuln("CVE-1", "/b.jar")])
    assert len(list(parse_report(data, "anchore").findings)) == 2


@pytest.mark.parametrize("data", [b'{"vulnerabilities": [{"vuln": ', b'{"vulnerabilities": 3}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "anchore_engine").findings)


def test_image_named_after_the_list_is_read_from_the_end_of_the_file(tmp_path: Path) -> None:
    doc = {"vulnerabilities": [_vuln("CVE-2020-1")], "imageDigest": "sha256:bb", "imageFullTag": "acme/api:7"}
    path = tmp_path / "anchore.json"
    path.write_text(json.dumps(doc))
    (f,) = parse_report(path, "anchore_engine").findings
    assert f.asset.attributes["imageName"] == "acme/api:7" and f.asset.attributes["imageDigest"] == "sha256:bb"


def test_api_v2_layout_counts_each_feed_like_defectdojo() -> None:
    doc = {
        "base_digest": "sha256:b0",
        "image_digest": "sha256:cc",
        "vulnerability_type": "all",
        "vulnerabilities": [
            _vuln("CVE-1", "/a.jar", feed="nvdv2", feed_group="nvdv2:cves", will_not_fix=False),
            _vuln("CVE-1", "/a.jar", feed="vulnerabilities", feed_group="github:java"),
            _vuln("CVE-1", "/a.jar", feed="vulnerabilities", feed_group="github:java"),
        ],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="v2.json")).id == "anchore_engine"
    parsed = parse_report(data)
    assert len(list(parsed.findings)) == 2
    assert parsed.assets[0].attributes["imageDigest"] == "sha256:cc"


def test_anchorectl_camel_case_layout() -> None:
    record = {
        "vuln": "CVE-2011-3374",
        "severity": "Critical",
        "package": "apt-2.2.4",
        "packageName": "apt",
        "packageVersion": "2.2.4",
        "packageType": "dpkg",
        "packagePath": "pkgdb",
        "feed": "vulnerabilities",
        "feedGroup": "debian:11",
        "fixAvailable": "2.2.5",
        "nvdData": [{"id": "CVE-2011-3374", "cvssV3": {"baseScore": 9.1}}],
        "willNotFix": False,
    }
    doc = {"imageDigest": "sha256:dd", "vulnerabilityType": "all", "securityVulnerabilities": [record]}
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="anchorectl.json")).id == "anchore_engine"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2011-3374", Severity.CRITICAL, 9.1)
    assert f.package is not None and f.package.fixed_versions == ["2.2.5"] and f.location == "pkgdb: apt@2.2.4"
    clean = json.dumps({"imageDigest": "sha256:dd", "vulnerabilityType": "all", "securityVulnerabilities": []})
    assert detect_format(open_report(clean.encode(), name="c.json")).id == "anchore_engine"
    assert list(parse_report(clean.encode()).findings) == []
