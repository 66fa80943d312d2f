"""gobuster: one informational finding per discovered path."""

from __future__ import annotations

import pytest

from scan_parsers import InvalidReport, detect_format, open_report, parse_report


def test_gobuster_lines() -> None:
    data = (
        b"/admin                (Status: 301) [Size: 169] [--> http://app.example.com/admin/]\n"
        b"robots.txt           (Status: 200) [Size: 49]\n"
        b"https://app.example.com/login (Status: 200)\n"
    )
    assert detect_format(open_report(data, name="gobuster.txt")).id == "gobuster"
    admin, robots, login = list(parse_report(data, "gobuster").findings)
    assert admin.name == "Discovered path /admin" and admin.details["redirect"] == "http://app.example.com/admin/"
    assert admin.asset.placeholder and robots.name == "Discovered path /robots.txt"
    assert login.asset.attributes == {"fqdn": "app.example.com"}
    assert list(parse_report(b"", "gobuster").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"admin\nlogin\n", "gobuster").findings)
