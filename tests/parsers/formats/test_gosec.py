"""gosec: issues with CWE, line ranges, severity labels, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "Golang errors": {},
    "Issues": [
        {
            "severity": "MEDIUM",
            "confidence": "HIGH",
            "cwe": {"id": "327", "url": "https://cwe.mitre.org/data/definitions/327.html"},
            "rule_id": "G401",
            "details": "Use of weak cryptographic primitive",
            "file": "/src/user/user.go",
            "code": "md5.New()",
            "line": "41-43",
            "column": "7",
        },
        {
            "severity": "LOW",
            "confidence": "HIGH",
            "rule_id": "G104",
            "details": "Errors unhandled.",
            "file": "/src/app.go",
            "code": "s.ListenAndServe()",
            "line": "79",
        },
    ],
    "Stats": {"files": 2, "lines": 100, "nosec": 0, "found": 2},
}


def test_issues() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="gosec.json")).id == "gosec"
    parsed = parse_report(data, "gosec")
    weak, unhandled = list(parsed.findings)
    assert (weak.severity, unhandled.severity) == (Severity.MEDIUM, Severity.LOW)
    assert weak.name == "G401: Use of weak cryptographic primitive"
    assert weak.cwes == ["CWE-327"] and unhandled.cwes == []
    assert weak.location == "/src/user/user.go:41"
    assert weak.details["line"] == "41-43"
    assert parsed.assets[0].type is AssetType.CODE


def test_clean_and_broken() -> None:
    clean = json.dumps({"Golang errors": {}, "Issues": [], "Stats": {"found": 0, "nosec": 0}}).encode()
    assert detect_format(open_report(clean, name="gosec.json")).id == "gosec"
    assert list(parse_report(clean, "gosec").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"Issues": [{"file": "a.go"}]}', "gosec").findings)


def test_suppressed_and_repeated_issues() -> None:
    issues = REPORT["Issues"]
    assert isinstance(issues, list)
    weak = issues[0]
    suppressed = {**issues[1], "line": "90", "nosec": True, "suppressions": [{"kind": "inSource", "justification": ""}]}
    doc = {**REPORT, "Issues": [weak, dict(weak), suppressed]}
    parsed = parse_report(json.dumps(doc).encode(), "gosec")
    assert len(list(parsed.findings)) == 1
    assert parsed._ctx.skipped == {"suppressed (#nosec)": 1, "same issue again (another package)": 1}
    assert list(parse_report(b'{"Issues": null, "Stats": {"found": 0}}', "gosec").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"Other": []}', "gosec").findings)
