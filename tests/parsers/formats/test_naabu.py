"""naabu JSON Lines: one finding per host, port and protocol; repeats skipped."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LINES = (
    b'{"host": "db.example.com", "ip": "192.0.2.9", "port": 5432, "protocol": "tcp", "tls": false}\n'
    b'{"ip": "192.0.2.9", "port": 443, "protocol": "tcp", "tls": true}\n'
    b'{"ip": "192.0.2.9", "port": 443, "protocol": "tcp", "tls": true}\n'
)


def test_open_ports() -> None:
    assert detect_format(open_report(LINES, name="naabu.json")).id == "naabu"
    parsed = parse_report(LINES, "naabu")
    pg, https = list(parsed.findings)
    assert pg.name == "Open port 5432/tcp" and pg.severity is Severity.INFO and pg.location == "5432/tcp"
    assert pg.asset.type is AssetType.INFRA and pg.asset.attributes == {"ip": "192.0.2.9", "hostname": "db.example.com"}
    assert https.asset.attributes == {"ip": "192.0.2.9"} and https.details["tls"] is True
    assert parsed._ctx.skipped["port reported again"] == 1


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"", "naabu").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"url": "http://x"}\n', "naabu").findings)
