"""CodeChecker JSON: severities, review and detection statuses, the empty export, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(severity: str = "HIGH", **over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "file": {"id": "/src/a.c", "path": "/src/a.c", "original_path": "/src/a.c"},
        "line": 12,
        "column": 3,
        "message": "Dereference of null pointer",
        "checker_name": "core.NullDereference",
        "severity": severity,
        "report_hash": "abc",
        "analyzer_name": "clangsa",
        "review_status": "unreviewed",
        "bug_path_events": [],
    }
    item.update(over)
    return item


def _doc(*reports: dict[str, Any]) -> bytes:
    return json.dumps({"version": 1, "reports": list(reports)}).encode()


def test_report_fields() -> None:
    data = _doc(_report())
    assert detect_format(open_report(data, name="cc.json")).id == "codechecker"
    (f,) = parse_report(data).findings
    assert f.name == "core.NullDereference: Dereference of null pointer" and f.severity is Severity.HIGH
    assert f.location == "/src/a.c:12" and f.active and f.asset.type is AssetType.CODE
    assert f.details["analyzer"] == "clangsa"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("CRITICAL", Severity.CRITICAL), ("LOW", Severity.LOW), ("STYLE", Severity.INFO), ("UNSPECIFIED", Severity.INFO)],
)
def test_severities(word: str, expected: Severity) -> None:
    (f,) = parse_report(_doc(_report(word)), "codechecker").findings
    assert f.severity is expected


def test_reviewed_and_resolved_reports_are_inactive() -> None:
    fp, gone, open_ = parse_report(
        _doc(_report(review_status="false_positive"), _report(detection_status="resolved"), _report()),
        "codechecker",
    ).findings
    assert not fp.active and fp.details["status"] == "reviewed false_positive"
    assert not gone.active and gone.details["status"] == "detection resolved"
    assert open_.active


def test_empty_export_and_refusals() -> None:
    assert detect_format(open_report(_doc(), name="cc.json")).id == "codechecker"
    assert list(parse_report(_doc(), "codechecker").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_doc({"line": 1}), "codechecker").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"version": 1}', "codechecker").findings)
