"""Coverity Connect issue search: which issue kinds are findings, impacts, dismissed issues, empty views."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _row(kind: str = "Security", category: str = "Medium impact security", **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "cid": 101,
        "displayType": "Risky cryptographic hashing function",
        "displayImpact": "Medium",
        "status": "New",
        "firstDetected": "03/23/21",
        "classification": "Unclassified",
        "severity": "Unspecified",
        "displayCategory": category,
        "displayFile": "src/crypto.rs",
        "displayIssueKind": kind,
        "checker": "RISKY_CRYPTO",
        "cwe": 328,
    }
    row.update(over)
    return row


def _doc(*rows: dict[str, Any]) -> bytes:
    view = {"offset": 0, "totalRows": len(rows), "columns": [{"name": "cid", "label": "CID"}], "rows": list(rows)}
    return json.dumps({"viewContentsV1": view}).encode()


def test_row_fields() -> None:
    data = _doc(_row())
    assert detect_format(open_report(data, name="issues.json")).id == "coverity_api"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.cwes) == ("Risky cryptographic hashing function", Severity.MEDIUM, ["CWE-328"])
    assert f.location == "src/crypto.rs" and f.active and f.asset.type is AssetType.CODE
    assert f.published == datetime(2021, 3, 23, tzinfo=UTC) and f.details["cid"] == "101"


def test_only_security_and_resource_leaks() -> None:
    leak = _row("Quality", "Resource leaks", displayImpact="High", displayType="Resource leak")
    null = _row("Quality", "Null pointer dereferences")
    parsed = parse_report(_doc(_row(), leak, null), "coverity_api")
    _sec, res = parsed.findings
    assert res.name == "Resource leak" and res.severity is Severity.HIGH
    assert parsed._ctx.skipped["quality issue other than a resource leak"] == 1


@pytest.mark.parametrize(("status", "expected"), [("Dismissed", "dismissed (False Positive)"), ("Fixed", "fixed")])
def test_closed_issues_are_inactive(status: str, expected: str) -> None:
    classification = "False Positive" if status == "Dismissed" else "Unclassified"
    (f,) = parse_report(_doc(_row(status=status, classification=classification)), "coverity_api").findings
    assert not f.active
    assert f.details["status"] == (expected if status == "Dismissed" else "fixed (Unclassified)")


def test_empty_and_refused() -> None:
    assert list(parse_report(_doc(), "coverity_api").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"viewContentsV1": {}}', "coverity_api").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_doc({"displayFile": "a"}), "coverity_api").findings)
