"""OWASP Nettacker JSON: one finding per event, severity by module kind, brute-force passwords masked."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _event(module: str, port: int, event: str) -> dict[str, object]:
    return {
        "scan_id": "kwuj",
        "target": "target.example.com",
        "module_name": module,
        "date": "2024-07-31 19:05:10.990422",
        "port": port,
        "event": event,
        "json_event": json.dumps({"port": port}),
    }


def test_events() -> None:
    events = [
        _event("port_scan", 80, "host: target.example.com port: 80 open"),
        _event("ssh_brute", 22, "host: target.example.com port: 22 username: root password: hunter2-longer-pass"),
        _event("wp_xmlrpc_bruteforce_vuln", 443, "xmlrpc.php allows brute force"),
    ]
    data = json.dumps(events).encode()
    assert detect_format(open_report(data, name="nettacker.json")).id == "nettacker"
    scan, brute, vuln = list(parse_report(data, "nettacker").findings)
    assert (scan.name, scan.severity, scan.location) == ("port_scan on port 80", Severity.INFO, "80/tcp")
    assert scan.asset.type is AssetType.INFRA and scan.asset.attributes == {"hostname": "target.example.com"}
    assert brute.severity is Severity.CRITICAL and "hunter2" not in brute.description
    assert "password: hunt********" in brute.description
    assert vuln.severity is Severity.HIGH


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"", "nettacker").findings) == []
    assert list(parse_report(b"[]", "nettacker").findings) == []
    with pytest.raises(InvalidReport, match="not a Nettacker report"):
        list(parse_report(b'[{"target": "x"}]', "nettacker").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"events": []}', "nettacker").findings)
