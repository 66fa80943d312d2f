"""humble JSON: one finding per result-list entry, "nothing to report" counted, the analysed URL as asset."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "[0. Info]": {"Date": "2023/11/13 - 09:20:17", "URL": "https://shop.example.com"},
    "[HTTP Response Headers]": {"Server": "nginx/1.19", "Pragma": "no-cache"},
    "[1. Missing HTTP Security Headers]": ["Content-Security-Policy", "NEL"],
    "[2. Fingerprint HTTP Response Headers]": ["Server"],
    "[3. Deprecated HTTP Response Headers/Protocols and Insecure Values]": ["Pragma (Deprecated Header)"],
    "[4. Empty HTTP Response Headers Values]": ["Nothing to report, all seems OK!"],
    "[5. Browser Compatibility for Enabled HTTP Security Headers]": {"Server": "https://caniuse.com/?search=Server"},
}


def test_findings_per_entry() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="humble.json")).id == "humble"
    parsed = parse_report(data, "humble")
    findings = list(parsed.findings)
    assert [(f.name, f.severity) for f in findings] == [
        ("Missing HTTP security header: Content-Security-Policy", Severity.LOW),
        ("Missing HTTP security header: NEL", Severity.LOW),
        ("Fingerprinting HTTP response header: Server", Severity.INFO),
        ("Deprecated HTTP response header or insecure value: Pragma (Deprecated Header)", Severity.LOW),
    ]
    assert findings[3].remedy.startswith("Remove the deprecated Pragma header")
    assert findings[0].asset.type is AssetType.WEB and findings[0].asset.attributes == {"fqdn": "shop.example.com"}
    assert findings[0].location == "https://shop.example.com"
    assert any("section without results" in w.message for w in parsed.warnings)


def test_clean_and_foreign() -> None:
    clean = {k: (["Nothing to report, all seems OK!"] if isinstance(v, list) else v) for k, v in REPORT.items()}
    parsed = parse_report(json.dumps(clean).encode(), "humble")
    assert list(parsed.findings) == []
    with pytest.raises(InvalidReport, match="not a humble report"):
        list(parse_report(b'{"Info": {"URL": "x"}}', "humble").findings)
