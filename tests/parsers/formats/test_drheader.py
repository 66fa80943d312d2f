"""drHEADer JSON: one finding per violation, cookies named and never copied, bulk reports with URLs."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SINGLE = [
    {"rule": "Content-Security-Policy", "severity": "high", "message": "Header not included in response"},
    {
        "rule": "Cache-Control",
        "severity": "medium",
        "message": "Value does not match security policy",
        "expected": ["no-cache", "no-store"],
        "delimiter": ",",
        "value": "private, max-age=0",
    },
    {
        "rule": "Set-Cookie",
        "severity": "low",
        "message": "Must-Contain directive missed",
        "expected": ["httponly", "secure"],
        "delimiter": ";",
        "value": "sid=s3cr3t-session-token; path=/",
        "anomaly": "secure",
    },
]


def test_single_url_report() -> None:
    data = json.dumps(SINGLE).encode()
    assert detect_format(open_report(data, name="drheader.json")).id == "drheader"
    csp, cache, cookie = list(parse_report(data, "drheader").findings)
    assert (csp.name, csp.severity) == ("Content-Security-Policy: Header not included in response", Severity.HIGH)
    assert cache.severity is Severity.MEDIUM and cache.details["expected"] == "no-cache,no-store"
    assert cache.details["value"] == "private, max-age=0"
    assert cookie.name == "Set-Cookie sid: Must-Contain directive missed (secure)" and cookie.severity is Severity.LOW
    assert "s3cr3t" not in cookie.description + json.dumps(cookie.details)
    assert csp.asset.type is AssetType.WEB and csp.asset.placeholder


def test_bulk_report() -> None:
    data = json.dumps([{"url": "https://shop.example.com/", "report": SINGLE[:1]}]).encode()
    assert detect_format(open_report(data, name="drheader.json")).id == "drheader"
    (finding,) = parse_report(data, "drheader").findings
    assert finding.asset.attributes == {"fqdn": "shop.example.com"} and finding.location == "https://shop.example.com/"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "drheader").findings) == []
    with pytest.raises(InvalidReport, match="not a drHEADer report"):
        list(parse_report(b'[{"name": "x"}]', "drheader").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"rule": "x"}', "drheader").findings)
