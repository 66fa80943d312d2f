"""Burp REST API JSON: one finding per issue_found event, severity words, WEB asset from the origin."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _event(n: int, severity: str, path: str, origin: str = "https://app.example.com") -> dict[str, object]:
    return {
        "id": str(n),
        "type": "issue_found",
        "issue": {
            "name": f"Issue {n}",
            "type_index": 5243392,
            "serial_number": str(1000 + n),
            "origin": origin,
            "path": path,
            "severity": severity,
            "confidence": "certain",
            "description": "Cookie <b>x</b> lacks the secure flag",
            "remediation_background": "<p>Set the flag.</p>",
            "vulnerability_classifications": "<li>CWE-614: Sensitive Cookie</li>",
            "evidence": [{"type": "FirstOrderEvidence", "request_response": {"request": [{"data": "R0VUIC8="}]}}],
        },
    }


REPORT = json.dumps(
    {
        "task_id": "5",
        "scan_status": "succeeded",
        "scan_metrics": {"issue_events": 3},
        "issue_events": [
            _event(1, "high", "/login"),
            _event(2, "low", "/login"),
            _event(3, "info", "/", origin="http://10.0.0.8:8080"),
            {"id": "4", "type": "issue_deleted", "issue": {"name": "gone", "severity": "high"}},
        ],
    }
).encode()


def test_one_finding_per_issue_event() -> None:
    assert detect_format(open_report(REPORT, name="scan.json")).id == "burp_api"
    parsed = parse_report(REPORT, "burp-api")
    high, low, info = list(parsed.findings)
    assert (high.severity, low.severity, info.severity) == (Severity.HIGH, Severity.LOW, Severity.INFO)
    assert high.name == "Issue 1" and high.location == "https://app.example.com/login"
    assert high.description == "Cookie x lacks the secure flag" and high.remedy == "Set the flag."
    assert high.cwes == ["CWE-614"]
    assert high.details["serialNumber"] == "1001" and high.details["evidenceTypes"] == ["FirstOrderEvidence"]
    assert "R0VUIC8=" not in str(high.details)
    assert high.asset.type is AssetType.WEB and high.asset.attributes == {"fqdn": "app.example.com"}
    assert info.asset.attributes == {"ip": "10.0.0.8"}
    assert len(parsed.assets) == 2


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:400], "burp_api").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"issues": []}', "burp_api").findings)


def test_false_positives_and_other_events_are_counted_as_skipped() -> None:
    doc = json.loads(REPORT)
    doc["issue_events"].append(_event(5, "false_positive", "/x"))
    parsed = parse_report(json.dumps(doc).encode(), "burp_api")
    assert len(list(parsed.findings)) == 3
    assert parsed._ctx.skipped == {"issue event issue_deleted": 1, "severity false_positive": 1}
