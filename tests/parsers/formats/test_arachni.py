"""Arachni JSON: issues folded per check and site, untrusted tagged, traffic not copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(url: str, severity: str = "high", trusted: bool = True, check: str = "xss") -> dict:
    return {
        "name": "Cross-Site Scripting (XSS)",
        "description": "Reflected input.",
        "severity": severity,
        "cwe": 79,
        "references": {"OWASP": "https://owasp.org/xss"},
        "remedy_guidance": "Encode output.",
        "check": {"name": "XSS", "shortname": check, "description": "Injects HTML."},
        "vector": {
            "class": "Arachni::Element::Form",
            "type": "form",
            "action": url,
            "method": "get",
            "affected_input_name": "q",
        },
        "trusted": trusted,
        "request": {"headers": {"Cookie": "session=s3cr3t"}},
        "response": {"body": "<html>"},
    }


def _report(issues: list[dict]) -> bytes:
    doc = {
        "version": "1.5.1",
        "seed": "x",
        "options": {"url": "https://bank.example.com/"},
        "sitemap": {},
        "issues": issues,
        "plugins": {},
    }
    return json.dumps(doc).encode()


def test_issues_fold_per_check_and_site() -> None:
    data = _report(
        [
            _issue("https://bank.example.com/search", "medium", trusted=False),
            _issue("https://bank.example.com/find"),
            _issue("http://198.51.100.4/search", trusted=False),
        ]
    )
    assert detect_format(open_report(data, name="scan.afr.json")).id == "arachni"
    bank, other = list(parse_report(data, "arachni").findings)
    assert bank.severity is Severity.HIGH and bank.cwes == ["CWE-79"] and bank.remedy == "Encode output."
    assert bank.details["urls"] == ["GET https://bank.example.com/search", "GET https://bank.example.com/find"]
    assert bank.asset.type is AssetType.WEB and bank.asset.attributes == {"fqdn": "bank.example.com"}
    assert bank.tags == []  # verified on /find
    assert other.asset.attributes == {"ip": "198.51.100.4"} and [t.value for t in other.tags] == ["untrusted"]
    assert "s3cr3t" not in str(bank.details)


def test_empty_scan_registers_the_target() -> None:
    parsed = parse_report(_report([]), "arachni")
    assert list(parsed.findings) == [] and [a.attributes for a in parsed.assets] == [{"fqdn": "bank.example.com"}]


def test_foreign_json_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "arachni").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"issues": [1]}', "arachni").findings)
