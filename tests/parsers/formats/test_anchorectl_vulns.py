"""anchorectl_vulns: the bare anchorectl vulnerability list, scores, fixes, folded repeats, image identity,
foreign documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str, name: str, version: str, severity: str, **extra: Any) -> dict[str, Any]:
    return {
        "feed": "vulnerabilities",
        "feedGroup": "debian:12",
        "fix": "None",
        "package": f"{name}-{version}",
        "packageCpe": "None",
        "packageName": name,
        "packagePath": "None",
        "packageType": "dpkg",
        "packageVersion": version,
        "severity": severity,
        "url": f"https://security-tracker.debian.org/tracker/{vid}",
        "vuln": vid,
        **extra,
    }


def test_records_are_findings() -> None:
    nvd = [{"id": "CVE-2023-0001", "cvssV3": {"baseScore": 9.8}, "cvssV2": {"baseScore": 7.5}}]
    records = [
        _vuln("CVE-2023-0001", "openssl", "3.0.9", "Critical", fix="3.0.11", nvdData=nvd),
        _vuln("CVE-2011-3374", "apt", "2.6.1", "Negligible"),
        _vuln("CVE-2011-3374", "apt", "2.6.1", "Negligible"),  # the same record again
    ]
    data = json.dumps(records).encode()
    assert detect_format(open_report(data, name="vulns.json")).id == "anchorectl_vulns"
    parsed = parse_report(data, "anchorectl_vulns")
    openssl, apt = list(parsed.findings)
    assert openssl.name == "CVE-2023-0001" and openssl.severity is Severity.CRITICAL and openssl.score == 9.8
    assert openssl.package is not None and openssl.package.fixed_versions == ["3.0.11"]
    assert openssl.location == "openssl@3.0.9"
    assert apt.severity is Severity.INFO and apt.package is not None and apt.package.fixed_versions == []
    assert openssl.asset is apt.asset and apt.asset.type is AssetType.CONTAINER and apt.asset.placeholder
    assert [w.message for w in parsed.warnings] == ["1 record skipped: the same vulnerability again from the same feed"]


def test_paths_keep_copies_apart_and_image_is_read_when_present() -> None:
    jar = {"feed": "vulndb", "feedGroup": "vulndb:vulnerabilities", "packageType": "java"}
    records = [
        _vuln("VULNDB-1", "jersey", "1.13", "Medium", packagePath="/app/a.jar", **jar),
        _vuln("VULNDB-1", "jersey", "1.13", "Medium", packagePath="/app/b.jar", imageDigest="sha256:" + "1" * 64),
    ]
    first, second = list(parse_report(json.dumps(records).encode(), "anchorectl_vulns").findings)
    assert first.location == "/app/a.jar: jersey@1.13" and second.location == "/app/b.jar: jersey@1.13"
    assert second.asset.attributes["imageDigest"] == "sha256:" + "1" * 64 and not second.asset.placeholder


def test_foreign_documents_are_refused() -> None:
    with pytest.raises(InvalidReport, match="expected a JSON list"):
        list(parse_report(b'{"vulnerabilities": []}', "anchorectl_vulns").findings)
    with pytest.raises(InvalidReport, match="neither"):
        list(parse_report(b'[{"id": "x"}]', "anchorectl_vulns").findings)
    wrapped = json.dumps({"imageDigest": "sha256:" + "2" * 64, "vulnerabilities": [_vuln("CVE-1", "a", "1", "Low")]})
    assert detect_format(open_report(wrapped.encode(), name="v.json")).id == "anchore_engine"
