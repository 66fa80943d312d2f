"""Coverity JSON issues: impacts, merge-key folding, triage, events as description and remedy, clean scans."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(impact: str = "High", key: str = "mk1", **over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "mergeKey": key,
        "checkerName": "SQLI",
        "mainEventFilePathname": "/src/app/Db.java",
        "mainEventLineNumber": 40,
        "events": [
            {"eventDescription": "Tainted data reaches a query", "main": True, "remediation": False},
            {"eventDescription": "Use a prepared statement", "main": False, "remediation": True},
        ],
        "checkerProperties": {"impact": impact, "cweCategory": "89", "subcategoryShortDescription": "SQL injection"},
        "stateOnServer": None,
    }
    item.update(over)
    return item


def _doc(*issues: dict[str, Any]) -> bytes:
    return json.dumps({"issues": list(issues), "type": "Coverity issues", "formatVersion": 10}).encode()


def test_issue_fields() -> None:
    data = _doc(_issue())
    assert detect_format(open_report(data, name="coverity.json")).id == "coverity_scan"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.cwes) == ("SQLI: SQL injection", Severity.HIGH, ["CWE-89"])
    assert f.description == "Tainted data reaches a query" and f.remedy == "Use a prepared statement"
    assert f.location == "/src/app/Db.java:40" and f.asset.type is AssetType.CODE


@pytest.mark.parametrize(
    ("impact", "expected"), [("Medium", Severity.MEDIUM), ("Low", Severity.LOW), ("Audit", Severity.INFO)]
)
def test_impacts(impact: str, expected: Severity) -> None:
    (f,) = parse_report(_doc(_issue(impact)), "coverity_scan").findings
    assert f.severity is expected


def test_occurrences_fold_and_triage() -> None:
    fp = _issue(key="mk2", stateOnServer={"triage": {"classification": "False Positive"}})
    parsed = parse_report(_doc(_issue(), _issue(), fp), "coverity_scan")
    first, dismissed = parsed.findings
    assert first.active and not dismissed.active and dismissed.details["status"] == "triaged false positive"
    assert parsed._ctx.skipped["another occurrence of the same Coverity issue (merge key)"] == 1


def test_clean_and_refused() -> None:
    assert detect_format(open_report(_doc(), name="c.json")).id == "coverity_scan"
    assert list(parse_report(_doc(), "coverity_scan").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_doc({"mergeKey": "x"}), "coverity_scan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"type": "Coverity issues"}', "coverity_scan").findings)
