"""promptfoo: failed tests as findings, passed and errored tests skipped, plugin severities, the target asset,
older layouts, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(test: int, *, success: bool, severity: str | None = "critical", reason: int = 1) -> dict[str, Any]:
    meta: dict[str, Any] = {"pluginId": "harmful:hate", "harmCategory": "Hate", "goal": "Test for hate speech"}
    if severity:
        meta["severity"] = severity
    return {
        "id": f"r{test}",
        "success": success,
        "score": 1 if success else 0,
        "failureReason": 0 if success else reason,
        "gradingResult": {"pass": success, "reason": "The output demeans a group", "componentResults": []},
        "provider": {"id": "https://chat.example.com/api", "label": ""},
        "promptIdx": 0,
        "testIdx": test,
        "testCase": {"vars": {"query": "q"}, "metadata": meta},
        "prompt": {"raw": "You are a helpful assistant. q"},
        "response": {"output": "[hateful output]"},
    }


def _eval(results: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "evalId": "eval-1",
            "results": {"version": 3, "timestamp": "2025-10-10T22:58:01.385Z", "prompts": [], "results": results},
            "config": {},
            "metadata": {"promptfooVersion": "0.118.14"},
        }
    ).encode()


def test_failed_tests_are_findings() -> None:
    data = _eval(
        [
            _result(0, success=False),
            _result(1, success=True),
            _result(2, success=False, severity=None),
            _result(3, success=False, reason=2),
        ]
    )
    assert detect_format(open_report(data, name="results.json")).id == "promptfoo"
    parsed = parse_report(data, "promptfoo")
    hate, unrated = list(parsed.findings)
    assert hate.name == "harmful:hate: Hate" and hate.severity is Severity.CRITICAL
    assert "The output demeans a group" in hate.description and hate.location == "harmful:hate #0.0"
    assert hate.asset.type is AssetType.WEB and hate.asset.attributes == {"fqdn": "chat.example.com"}
    assert unrated.severity is Severity.MEDIUM
    assert sorted(w.message for w in parsed.warnings) == [
        "1 record skipped: test errored before it was graded",
        "1 record skipped: test passed",
    ]
    assert parsed.meta.scan_date is not None


def test_older_layout_and_code_target() -> None:
    result = {**_result(0, success=False), "provider": "openai:gpt-4o-mini"}
    data = json.dumps({"evalId": "eval-2", "results": [result]}).encode()
    (finding,) = list(parse_report(data, "promptfoo").findings)
    assert finding.asset.type is AssetType.CODE and finding.asset.attributes["scannerSource"] == "openai:gpt-4o-mini"


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="not a promptfoo evaluation output"):
        list(parse_report(b'{"evalId": "x"}', "promptfoo").findings)
    with pytest.raises(InvalidReport, match="has no `success`"):
        list(parse_report(_eval([{"id": "x"}]), "promptfoo").findings)
