"""httpx JSON Lines: one informational finding per live URL; failed probes skipped."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LINES = (
    b'{"timestamp":"2026-07-31T19:38:54Z","port":"443","url":"https://app.example.com/admin/","input":"app.example.com",'
    b'"title":"Admin","scheme":"https","webserver":"nginx/1.25","content_type":"text/html","method":"GET",'
    b'"host":"203.0.113.5","path":"/admin/","a":["203.0.113.5"],"tech":["Nginx:1.25"],"status_code":200,'
    b'"content_length":512,"failed":false}\n'
    b'{"timestamp":"2026-07-31T19:38:55Z","url":"https://down.example.com","input":"down.example.com",'
    b'"status_code":0,"failed":true,"scheme":"https"}\n'
)


def test_live_urls() -> None:
    assert detect_format(open_report(LINES, name="httpx.json")).id == "httpx"
    parsed = parse_report(LINES, "httpx")
    (admin,) = list(parsed.findings)
    assert admin.name == "Discovered path /admin/" and admin.severity is Severity.INFO
    assert admin.asset.type is AssetType.WEB and admin.asset.attributes == {"fqdn": "app.example.com"}
    assert (
        admin.details["title"] == "Admin" and admin.details["tech"] == ["Nginx:1.25"] and admin.details["status"] == 200
    )
    assert parsed._ctx.skipped["probe failed"] == 1


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"", "httpx").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"ip": "1.2.3.4", "port": 80}\n', "httpx").findings)
