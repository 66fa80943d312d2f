"""JFrog Xray on-demand scan: one finding per vulnerability and component; assets; broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SCAN = [
    {
        "scan_id": "2c4c",
        "component_id": "docker://alpine:latest",
        "package_type": "Docker",
        "status": "completed",
        "vulnerabilities": [
            {
                "cves": [{"cve": "CVE-2023-3446", "cvss_v3_score": "5.3"}],
                "summary": "slow DH",
                "severity": "Low",
                "issue_id": "XRAY-526273",
                "references": ["https://openssl"],
                "components": {
                    "alpine://3.18:libcrypto3:3.1.1-r1": {"fixed_versions": ["[3.1.1-r2]"]},
                    "alpine://3.18:libssl3:3.1.1-r1": {"fixed_versions": ["[3.1.1-r2]"]},
                },
            }
        ],
    }
]


def test_one_finding_per_component() -> None:
    data = json.dumps(SCAN).encode()
    assert detect_format(open_report(data, name="scan.json")).id == "jfrog_xray_on_demand_binary_scan"
    parsed = parse_report(data)
    crypto, ssl = list(parsed.findings)
    assert (crypto.name, crypto.severity, crypto.score) == ("CVE-2023-3446", Severity.LOW, 5.3)
    assert crypto.package is not None and (crypto.package.name, crypto.package.version) == ("libcrypto3", "3.1.1-r1")
    assert crypto.remedy == "Update libcrypto3 from 3.1.1-r1 to 3.1.1-r2"
    assert ssl.package is not None and ssl.package.name == "libssl3"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER and asset.attributes["imageName"] == "alpine:latest"


def test_maven_component_is_a_build_asset() -> None:
    scan = [dict(SCAN[0], component_id="gav://co.test:core:1.0.0", vulnerabilities=[])]
    parsed = parse_report(json.dumps(scan).encode(), "jf-scan")
    assert list(parsed.findings) == []
    assert parsed.assets[0].type is AssetType.BUILD


@pytest.mark.parametrize("data", [b'[{"scan_id": "x", "vulnerabilities": [', b'{"scan_id": "x"}', b'[{"a": 1}]'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "jfrog_xray_on_demand_binary_scan").findings)


def test_same_title_and_component_is_one_finding_as_defectdojo_counts() -> None:
    vuln = SCAN[0]["vulnerabilities"][0]  # type: ignore[index]
    again = dict(vuln, issue_id="XRAY-9", summary="slow DH\nmore text")
    other = dict(vuln, summary="another issue")
    scans = [dict(SCAN[0], vulnerabilities=[vuln, again]), dict(SCAN[0], scan_id="2", vulnerabilities=[vuln, other])]
    parsed = parse_report(json.dumps(scans).encode(), "jfrog_xray_on_demand_binary_scan")
    assert len(list(parsed.findings)) == 4  # (slow DH, another issue) x (libcrypto3, libssl3)
    assert sum(parsed._ctx.skipped.values()) == 4


def test_watch_scan_reads_security_violations_only() -> None:
    vuln = dict(SCAN[0]["vulnerabilities"][0], type="security", watch_name="w")  # type: ignore[index]
    lic = {"type": "license", "summary": "GPL", "components": {"npm://x:1": {}}}
    scan = [{"scan_id": "s", "component_id": "docker://alpine:latest", "violations": [vuln, lic]}]
    data = json.dumps(scan).encode()
    assert detect_format(open_report(data, name="scan.json")).id == "jfrog_xray_on_demand_binary_scan"
    parsed = parse_report(data)
    assert len(list(parsed.findings)) == 2
    assert parsed._ctx.skipped["license violation"] == 1


def test_simple_json_layout() -> None:
    row = {
        "severity": "High",
        "impactedPackageName": "github.com/golang-jwt/jwt/v4",
        "impactedPackageVersion": "v4.5.0",
        "impactedPackageType": "Go",
        "components": [{"name": "github.com/golang-jwt/jwt/v4", "version": "v4.5.0"}],
        "summary": "jwt-go allows excessive memory allocation",
        "applicable": "Undetermined",
        "fixedVersions": ["[4.5.2]"],
        "cves": [{"id": "CVE-2025-30204", "cvssV2": "", "cvssV3": "7.5"}],
        "issueId": "XRAY-123",
        "references": ["https://github.com/advisories/GHSA-mh63-6h87-95cp"],
        "impactPaths": [[{"name": "app", "version": ""}]],
    }
    doc = {"vulnerabilities": [row], "securityViolations": None, "licensesViolations": None, "multiScanId": ""}
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="simple.json")).id == "jfrog_xray_on_demand_binary_scan"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2025-30204", Severity.HIGH, 7.5)
    assert f.package is not None and f.package.fixed_versions == ["4.5.2"]
    clean = json.dumps({"vulnerabilities": None, "securityViolations": None}).encode()
    parsed = parse_report(clean, "jfrog_xray_on_demand_binary_scan")
    assert list(parsed.findings) == [] and parsed._ctx.skipped
