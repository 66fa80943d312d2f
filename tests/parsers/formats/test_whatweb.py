"""WhatWeb --log-json: one informational fingerprint finding per target."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def test_fingerprints() -> None:
    doc = [
        {
            "target": "https://shop.example.com/",
            "http_status": 200,
            "request_config": {},
            "plugins": {"HTTPServer": {"string": ["nginx/1.25"]}, "WordPress": {"version": ["6.4"]}, "HTML5": {}},
        },
        {"target": "https://down.example.com/", "plugins": {}},
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="whatweb.json")).id == "whatweb"
    parsed = parse_report(data, "whatweb")
    (shop,) = list(parsed.findings)
    assert shop.severity is Severity.INFO and shop.asset.type is AssetType.WEB
    assert "- WordPress 6.4" in shop.description and "- HTTPServer nginx/1.25" in shop.description
    assert shop.details["httpStatus"] == 200 and len(parsed.assets) == 2
    assert parsed._ctx.skipped["target without fingerprint"] == 1


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "whatweb").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"url": "x"}]', "whatweb").findings)
