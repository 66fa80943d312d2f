"""Cobalt.io findings API: one finding per resource, states, unrated findings, target assets, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _resource(state: str, severity: str | None, targets: list[str]) -> dict[str, Any]:
    return {
        "resource": {
            "id": "vu_1",
            "tag": "#PT1_1",
            "title": "SQL Injection",
            "description": "A SQL injection attack",
            "impact": 5,
            "likelihood": 4,
            "severity": severity,
            "affected_targets": targets,
            "proof_of_concept": "send ' OR 1=1",
            "suggested_fix": "Use prepared statements",
            "pentest_id": "pt_1",
            "log": [{"action": "created", "timestamp": "2021-04-01T15:13:24.322Z"}],
            "state": state,
        },
        "links": {"ui": {"url": "https://app.cobalt.example/findings/vu_1"}},
    }


def test_findings_and_states() -> None:
    data = json.dumps(
        {
            "data": [
                _resource("need_fix", "high", ["https://app.example.com/search", "https://b.example.com"]),
                _resource("triaging", None, ["10.0.0.8"]),
                _resource("valid_fix", "low", []),
            ]
        }
    ).encode()
    assert detect_format(open_report(data, name="findings.json")).id == "api_cobalt"
    need, triaging, fixed = parse_report(data).findings
    assert (need.name, need.severity, need.active) == ("SQL Injection", Severity.HIGH, True)
    assert need.asset.type is AssetType.WEB and need.asset.attributes == {"fqdn": "app.example.com"}
    assert need.details["affectedTargets"] == ["https://app.example.com/search", "https://b.example.com"]
    assert need.remedy == "Use prepared statements" and "OR 1=1" in need.description
    assert need.published is not None and need.published.year == 2021
    assert (triaging.severity, triaging.active) == (Severity.INFO, True)
    assert triaging.asset.type is AssetType.INFRA and triaging.asset.attributes == {"ip": "10.0.0.8"}
    assert (fixed.active, fixed.details["status"]) == (False, "valid_fix") and fixed.asset.placeholder


def test_empty_and_refused() -> None:
    assert list(parse_report(b'{"data": []}', "api_cobalt").findings) == []
    with pytest.raises(InvalidReport, match=r"Cobalt\.io"):
        list(parse_report(b'{"findings": []}', "api_cobalt").findings)
    with pytest.raises(InvalidReport, match=r"Cobalt\.io"):
        list(parse_report(b'{"data": [{"id": 1}]}', "api_cobalt").findings)
