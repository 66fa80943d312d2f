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
