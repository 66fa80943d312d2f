"""Legitify: failed violations are findings, passed/skipped ones skipped, grouped schemes, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _policy(name: str, severity: str, statuses: list[str]) -> dict[str, Any]:
    return {
        "policyInfo": {
            "title": f"title {name}",
            "description": "d",
            "policyName": name,
            "fullyQualifiedPolicyName": f"data.repository.{name}",
            "severity": severity,
            "threat": ["t"],
            "remediationSteps": ["1. do", "2. that"],
            "namespace": "repository",
        },
        "violations": [
            {"violationEntityType": "repository", "canonicalLink": f"https://github.com/acme/r{i}", "status": s}
            for i, s in enumerate(statuses)
        ],
    }


def test_flattened() -> None:
    content = {
        "data.repository.a": _policy("a", "HIGH", ["FAILED", "PASSED"]),
        "data.repository.b": _policy("b", "LOW", ["SKIPPED"]),
    }
    data = json.dumps({"type": "flattened", "content": content}).encode()
    assert detect_format(open_report(data, name="legitify.json")).id == "legitify"
    parsed = parse_report(data, "legitify")
    (f,) = list(parsed.findings)
    assert f.name == "title a" and f.severity is Severity.HIGH and f.remedy == "1. do\n2. that"
    assert f.asset.type is AssetType.REPOSITORY and f.asset.attributes["repository"] == "https://github.com/acme/r0"
    assert parsed._ctx.skipped == {"status passed": 1, "status skipped": 1}


def test_grouped_and_foreign() -> None:
    content = {"repository": {"data.repository.a": _policy("a", "MEDIUM", ["FAILED"])}}
    (f,) = parse_report(json.dumps({"type": "group-by-namespace", "content": content}).encode(), "legitify").findings
    assert f.severity is Severity.MEDIUM
    with pytest.raises(InvalidReport, match="not a Legitify"):
        list(parse_report(b'{"content": []}', "legitify").findings)
