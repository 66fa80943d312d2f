"""Mozilla Observatory JSON: one finding per test, passed tests inactive, severity from the score modifier."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _test(name: str, passed: bool, modifier: int, result: str) -> dict[str, object]:
    return {
        "expectation": f"{name}-expected",
        "name": name,
        "output": {"data": None},
        "pass": passed,
        "result": result,
        "score_description": f"{name} says {result}",
        "score_modifier": modifier,
    }


TESTS = {
    "content-security-policy": _test("content-security-policy", False, -25, "csp-not-implemented"),
    "cookies": _test("cookies", False, -20, "cookies-without-secure-flag"),
    "referrer-policy": _test("referrer-policy", False, -5, "referrer-policy-unsafe"),
    "x-frame-options": _test("x-frame-options", True, 0, "x-frame-options-sameorigin-or-deny"),
    "redirection": {
        **_test("redirection", True, 0, "redirection-to-https"),
        "output": {"route": ["http://demo.example.org/", "https://demo.example.org/"]},
    },
}


def test_scan_document() -> None:
    data = json.dumps({"scan": {"grade": "D", "score": 35, "tests_quantity": 5}, "tests": TESTS}).encode()
    assert detect_format(open_report(data, name="observatory.json")).id == "mozilla_observatory"
    parsed = parse_report(data, "mozilla_observatory")
    by_name = {f.name: f for f in parsed.findings}
    assert len(by_name) == 5
    assert by_name["content-security-policy"].severity is Severity.HIGH
    assert by_name["cookies"].severity is Severity.MEDIUM
    assert by_name["referrer-policy"].severity is Severity.LOW
    assert by_name["cookies"].description == "cookies says cookies-without-secure-flag"
    passed = by_name["x-frame-options"]
    assert not passed.active and passed.details["status"] == "passed"
    asset = passed.asset
    assert asset.type is AssetType.WEB and asset.attributes == {"fqdn": "demo.example.org"}
    assert parsed.meta.extra["grade"] == "D"


def test_cli_map_without_redirection() -> None:
    tests = {k: v for k, v in TESTS.items() if k != "redirection"}
    data = json.dumps(tests).encode()
    assert detect_format(open_report(data, name="observatory.json")).id == "mozilla_observatory"
    findings = list(parse_report(data, "mozilla_observatory").findings)
    assert len(findings) == 4 and findings[0].asset.placeholder


def test_foreign() -> None:
    with pytest.raises(InvalidReport, match="not a Mozilla Observatory report"):
        list(parse_report(b'{"a": {"b": 1}}', "mozilla_observatory").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'["x"]', "mozilla_observatory").findings)
