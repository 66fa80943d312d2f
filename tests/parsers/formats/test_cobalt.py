"""Cobalt.io findings CSV: one finding per row, WEB asset from BrowserUrl, optional severity and state columns."""

from __future__ import annotations

import csv
import io

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER_LINE = (
    "Token,Tag,Title,Type,CreatedAt,BrowserUrl,HttpRequest,CriticalityJustification,Description,StepsToReproduce,"
    "ToolsUsed,SuggestedFix,RequestParams,Prerequisites,AssignedTo,EvaluatedResult,ReportUrl,ReportedBy,"
    "ResearcherUrl,RefKey"
)


def _csv(*rows: dict[str, str], extra: tuple[str, ...] = ()) -> bytes:
    header = [*HEADER_LINE.split(","), *extra]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(dict.fromkeys(header, "") | row)
    return buf.getvalue().encode()


def test_finding_row() -> None:
    data = _csv(
        {
            "Token": "vll_1",
            "Title": "Stored XSS in comments",
            "Type": "Cross-Site Scripting",
            "BrowserUrl": "https://portal.example.com/comments",
            "Description": "Script runs for every reader",
            "StepsToReproduce": "1. post <script>",
            "SuggestedFix": "Encode output",
            "CreatedAt": "2021-04-01T10:00:00Z",
            "RefKey": "PT-7",
        }
    )
    assert detect_format(open_report(data, name="cobalt.csv")).id == "cobalt"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.active) == ("Stored XSS in comments", Severity.INFO, True)
    assert f.asset.type is AssetType.WEB and f.asset.attributes == {"fqdn": "portal.example.com"}
    assert f.location == "https://portal.example.com/comments" and f.remedy == "Encode output"
    assert "1. post <script>" in f.description
    assert f.details["refKey"] == "PT-7"


def test_optional_severity_and_state_columns() -> None:
    data = _csv(
        {"Token": "a", "Title": "A", "Severity": "High", "State": "need_fix"},
        {"Token": "b", "Title": "B", "Severity": "Low", "State": "valid_fix"},
        extra=("Severity", "State"),
    )
    a, b = parse_report(data, "cobalt").findings
    assert (a.severity, a.active) == (Severity.HIGH, True)
    assert (b.severity, b.active, b.details["status"]) == (Severity.LOW, False, "valid_fix")
    assert b.asset.placeholder


def test_empty_and_foreign() -> None:
    assert list(parse_report(_csv(), "cobalt").findings) == []
    with pytest.raises(InvalidReport, match=r"Cobalt\.io"):
        list(parse_report(b"Title,Severity\nx,High\n", "cobalt").findings)
