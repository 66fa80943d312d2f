"""Cyberwatch (Galeax) export: one finding per CVE or security issue and server, fixed servers inactive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _cve(servers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "CVE",
        "cve_code": "CVE-2023-42366",
        "cve_score": 5.5,
        "cve_level": "level_medium",
        "cve_published_at": "2023-11-27T23:15:07.420+01:00",
        "cvss_v3": "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H",
        "cwes": {"cwe_id": ["787", "119"]},
        "servers": servers,
    }


def _issue(level: str, active: str = "active") -> dict[str, Any]:
    return {
        "security_issue_id": "WSTG-CONF-07",
        "level": level,
        "security_issue_title": "HTTP Strict Transport Security",
        "security_issue_description": "HSTS header missing",
        "servers": [{"active": active, "computer_id": 4, "computer_name": "10.0.0.9"}],
    }


def test_cves_per_server_and_states() -> None:
    servers = [
        {"active": True, "computer_name": "web-01", "computer_os_name": "Ubuntu 24.04 LTS", "updates": []},
        {"active": False, "fixed_at": "2025-01-20T19:25:39+01:00", "computer_name": "web-02"},
        {"active": True, "ignored": True, "computer_name": "web-03"},
    ]
    data = json.dumps({"cves": [_cve(servers)], "security_issues": []}).encode()
    assert detect_format(open_report(data, name="cyberwatch.json")).id == "cyberwatch_galeax"
    open_, fixed, ignored = parse_report(data).findings
    assert (open_.name, open_.severity, open_.score, open_.active) == ("CVE-2023-42366", Severity.MEDIUM, 5.5, True)
    assert open_.cwes == ["CWE-787", "CWE-119"] and open_.reference_ids == ["CVE-2023-42366"]
    assert open_.asset.type is AssetType.INFRA
    assert open_.asset.attributes == {"hostname": "web-01", "os": "Ubuntu 24.04 LTS"}
    assert (fixed.active, fixed.details["status"]) == (False, "fixed")
    assert (ignored.active, ignored.details["status"]) == (False, "ignored")


def test_security_issues_and_serverless_cve() -> None:
    data = json.dumps({"cves": [_cve([])], "security_issues": [_issue("level_low"), _issue("level_info", "fixed")]})
    cve, low, info = parse_report(data.encode(), "cyberwatch_galeax").findings
    assert cve.asset.placeholder
    assert (low.name, low.severity, low.active) == ("WSTG-CONF-07: HTTP Strict Transport Security", Severity.LOW, True)
    assert low.asset.attributes == {"ip": "10.0.0.9"}
    assert (info.severity, info.active) == (Severity.INFO, False)


def test_empty_and_refused() -> None:
    empty = b'{"cves": [], "security_issues": []}'
    assert detect_format(open_report(empty, name="x.json")).id == "cyberwatch_galeax"
    assert list(parse_report(empty).findings) == []
    with pytest.raises(InvalidReport, match="Cyberwatch"):
        list(parse_report(b'{"vulns": []}', "cyberwatch_galeax").findings)
    with pytest.raises(InvalidReport, match="cve_code"):
        list(parse_report(b'{"cves": [{"id": 1}]}', "cyberwatch_galeax").findings)
