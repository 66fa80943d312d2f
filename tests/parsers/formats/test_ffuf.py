"""ffuf: one informational finding per discovered path."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def test_ffuf() -> None:
    result = {
        "input": {"FFUFHASH": "6e2291", "FUZZ": "admin"},
        "position": 1,
        "status": 301,
        "length": 169,
        "content-type": "text/html",
        "redirectlocation": "https://app.example.com/admin/",
        "url": "https://app.example.com/admin",
        "host": "app.example.com",
    }
    doc = {
        "commandline": "ffuf -u https://app.example.com/FUZZ -w w.txt",
        "results": [result],
        "config": {"autocalibration": False, "url": "https://app.example.com/FUZZ"},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="ffuf.json")).id == "ffuf"
    (found,) = list(parse_report(data, "ffuf").findings)
    assert found.name == "Discovered path /admin" and found.severity is Severity.INFO
    assert found.asset.type is AssetType.WEB and found.asset.attributes == {"fqdn": "app.example.com"}
    assert found.details == {
        "status": 301,
        "size": 169,
        "redirect": "https://app.example.com/admin/",
        "contentType": "text/html",
    }
    assert list(parse_report(json.dumps({**doc, "results": []}).encode(), "ffuf").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"matches": []}', "ffuf").findings)
