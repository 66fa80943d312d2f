"""Edgescan vulnerabilities API: severities, layers to WEB / INFRA assets, closed vulnerabilities inactive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vuln_id: int, location: str, layer: str, severity: int, status: str = "open") -> dict[str, Any]:
    return {
        "id": vuln_id,
        "asset_id": 60,
        "name": "Cross-site scripting (reflected)",
        "location": location,
        "asset_name": "shop",
        "status": status,
        "date_opened": "2014-12-05 14:53:43 UTC",
        "date_closed": None,
        "risk": 1,
        "severity": severity,
        "threat": 5,
        "layer": layer,
        "remediation": "Encode output",
        "description": "Reflected XSS",
        "cwes": ["CWE-79"],
        "cves": ["CVE-2021-5300"],
        "cvss_score": 6.1,
        "asset_tags": "APPROVED,Demo",
    }


def test_vulnerabilities() -> None:
    data = json.dumps(
        [
            _vuln(1, "https://shop.example.com/search", "application", 4),
            _vuln(2, "203.0.113.5", "network", 2, "closed"),
            _vuln(3, "192.168.1.1", "application", 5),
        ]
    ).encode()
    assert detect_format(open_report(data, name="edgescan.json")).id == "api_edgescan"
    web, host, ip_app = parse_report(data).findings
    assert (web.name, web.severity, web.score, web.active) == (
        "Cross-site scripting (reflected)",
        Severity.HIGH,
        6.1,
        True,
    )
    assert web.asset.type is AssetType.WEB and web.asset.attributes == {"fqdn": "shop.example.com"}
    assert (web.cwes, web.reference_ids, web.remedy) == (["CWE-79"], ["CVE-2021-5300"], "Encode output")
    assert web.details["assetTags"] == ["APPROVED", "Demo"]
    assert host.asset.type is AssetType.INFRA and host.asset.attributes == {"ip": "203.0.113.5"}
    assert (host.severity, host.active, host.details["status"]) == (Severity.LOW, False, "closed")
    assert ip_app.asset.type is AssetType.WEB and ip_app.asset.attributes == {"ip": "192.168.1.1"}
    assert ip_app.severity is Severity.CRITICAL


def test_envelope_empty_and_refused() -> None:
    wrapped = json.dumps({"vulnerabilities": [_vuln(1, "10.0.0.1", "network", 3)], "total": 1}).encode()
    assert detect_format(open_report(wrapped, name="edgescan.json")).id == "api_edgescan"
    assert len(list(parse_report(wrapped).findings)) == 1
    assert list(parse_report(b"[]", "api_edgescan").findings) == []
    assert list(parse_report(b'{"vulnerabilities": [], "total": 0}', "api_edgescan").findings) == []
    with pytest.raises(InvalidReport, match="Edgescan"):
        list(parse_report(b'{"results": []}', "api_edgescan").findings)
    with pytest.raises(InvalidReport, match="Edgescan"):
        list(parse_report(b'[{"id": 1}]', "api_edgescan").findings)
