"""cfn_nag: one finding per violation and resource, FAIL/WARN severities, both output shapes, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _violation(rule_id: str, kind: str, resources: list[str], lines: list[int]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": "Rule",
        "type": kind,
        "message": f"message {rule_id}",
        "logical_resource_ids": resources,
        "line_numbers": lines,
    }


def test_scan_output() -> None:
    violations = [_violation("F3", "FAIL", ["Role"], [18]), _violation("W48", "WARN", ["QueueA", "QueueB"], [36, 40])]
    data = json.dumps([{"filename": "./app.yaml", "file_results": {"failure_count": 1, "violations": violations}}])
    assert detect_format(open_report(data.encode(), name="cfn_nag.json")).id == "cfn_nag"
    fail, qa, qb = parse_report(data.encode(), "cfn_nag").findings
    assert fail.severity is Severity.HIGH and qa.severity is Severity.MEDIUM
    assert (qa.location, qb.location) == ("./app.yaml:36 QueueA", "./app.yaml:40 QueueB")
    assert fail.asset.type is AssetType.BUILD and fail.asset.attributes["buildFile"] == "./app.yaml"


def test_single_template_output_and_clean() -> None:
    data = json.dumps({"failure_count": 0, "violations": [_violation("W2", "WARN", ["Sg"], [5])]}).encode()
    (f,) = parse_report(data, "cfn_nag").findings
    assert f.asset.placeholder and f.name == "W2: message W2"
    clean = json.dumps([{"filename": "a.yaml", "file_results": {"failure_count": 0, "violations": []}}]).encode()
    parsed = parse_report(clean, "cfn_nag")
    assert list(parsed.findings) == [] and parsed._ctx.skipped["template with no violation"] == 1


def test_foreign() -> None:
    with pytest.raises(InvalidReport, match="not a cfn_nag"):
        list(parse_report(b'[{"filename": "x"}]', "cfn_nag").findings)
