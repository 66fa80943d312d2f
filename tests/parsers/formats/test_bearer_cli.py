"""bearer_cli: findings filed under severity levels, CWEs, location, Bearer's fingerprint, clean and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    UnrecognisedFormat,
    detect_format,
    open_report,
    parse_report,
)


def _item(rule: str, line: int, cwes: list[str]) -> dict[str, object]:
    return {
        "cwe_ids": cwes,
        "id": rule,
        "title": f"Title of {rule}",
        "description": "## Description\nBad.",
        "documentation_url": f"https://docs.bearer.com/reference/rules/{rule}",
        "line_number": line,
        "full_filename": "src/app.js",
        "filename": "src/app.js",
        "category_groups": ["PII"],
        "snippet": "el.innerHTML = x",
        "fingerprint": f"fp-{rule}-{line}",
    }


REPORT = {
    "critical": [_item("js_sqli", 3, ["89"])],
    "high": [_item("js_xss", 5, ["79", "80", "79"])],
    "warning": [_item("js_log", 9, [])],
}


def test_levels() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="bearer.json")).id == "bearer_cli"
    parsed = parse_report(data, "bearer")
    crit, high, warn = list(parsed.findings)
    assert (crit.severity, high.severity, warn.severity) == (Severity.CRITICAL, Severity.HIGH, Severity.LOW)
    assert high.name == "Title of js_xss" and high.cwes == ["CWE-79", "CWE-80"]
    assert high.location == "src/app.js:5" and high.fingerprint == "fp-js_xss-5"
    assert high.remedy.endswith("/js_xss") and "innerHTML" in high.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.placeholder


def test_clean_scan() -> None:
    assert list(parse_report(b"{}", "bearer_cli").findings) == []


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "bearer_cli").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"high": [{"title": "x"}]}', "bearer_cli").findings)
    foreign = json.dumps({"high": [{"id": 1, "cwe_ids": [], "line_number": 1}], "results": []}).encode()
    with pytest.raises(UnrecognisedFormat):
        detect_format(open_report(foreign, name="x.json"))
