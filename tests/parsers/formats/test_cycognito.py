"""CyCognito issues: one finding per issue, assets by affected asset type, resolved and snoozed issues inactive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(affected: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "issue/1.2.3.4",
        "issue_id": "Wx1",
        "title": "Diffie-Hellman Ephemeral Key Exchange DoS",
        "severity": "medium",
        "severity_score": 7.5,
        "affected_asset": affected,
        "port": 22,
        "issue_status": "new",
        "summary": "DHE KEX supported",
        "remediation_steps": ["Disable DHE"],
        "cve_ids": ["CVE-2002-20001"],
        "evidence": {"evidence": "diffie-hellman-group1-sha1", "hostname": "198.51.100.4"},
        "first_detected": "2025-05-16T00:37:19.000Z",
    } | extra


def test_issue_fields_and_assets() -> None:
    data = json.dumps(
        [
            _issue("domain/Shop.example.com"),
            _issue("webapp/portal.example.com"),
            _issue("cert/abcdef0123"),
            _issue("ip/203.0.113.7", severity="critical"),
        ]
    ).encode()
    assert detect_format(open_report(data, name="issues.json")).id == "cycognito"
    domain, webapp, cert, ip = parse_report(data).findings
    assert (domain.name, domain.severity, domain.score) == (
        "Diffie-Hellman Ephemeral Key Exchange DoS",
        Severity.MEDIUM,
        7.5,
    )
    assert domain.asset.type is AssetType.INFRA
    assert domain.asset.attributes == {"hostname": "shop.example.com", "ip": "198.51.100.4"}
    assert domain.location == "domain/Shop.example.com:22" and domain.remedy == "Disable DHE"
    assert domain.reference_ids == ["CVE-2002-20001"] and "diffie-hellman-group1-sha1" in domain.description
    assert webapp.asset.type is AssetType.WEB and webapp.asset.attributes == {"fqdn": "portal.example.com"}
    assert cert.asset.attributes == {"ip": "198.51.100.4"}
    assert ip.asset.attributes == {"ip": "203.0.113.7"} and ip.severity is Severity.CRITICAL


def test_resolved_and_snoozed_are_inactive() -> None:
    data = json.dumps(
        [
            _issue("ip/203.0.113.7", issue_status="resolved"),
            _issue("ip/203.0.113.7", resolved_at="2025-06-01T00:00:00Z", issue_status="changed"),
            _issue("ip/203.0.113.7", is_snoozed=True),
        ]
    ).encode()
    assert [(f.active, f.details["status"]) for f in parse_report(data, "cycognito").findings] == [
        (False, "resolved"),
        (False, "resolved"),
        (False, "snoozed"),
    ]


def test_empty_and_refused() -> None:
    assert list(parse_report(b"[]", "cycognito").findings) == []
    with pytest.raises(InvalidReport, match="CyCognito"):
        list(parse_report(b'{"issues": []}', "cycognito").findings)
    with pytest.raises(InvalidReport, match="CyCognito"):
        list(parse_report(b'[{"name": "x"}]', "cycognito").findings)
