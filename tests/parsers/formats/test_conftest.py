"""Conftest: failures and warnings are findings, successes and exceptions skipped, per-file assets, foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def test_results() -> None:
    doc = [
        {
            "filename": "deploy.yaml",
            "namespace": "main",
            "successes": 3,
            "warnings": [{"msg": "should carry a label", "metadata": {"query": "data.main.warn"}}],
            "failures": [{"msg": "must not use :latest", "metadata": {"query": "data.main.deny"}}],
            "exceptions": [{"msg": "excepted", "metadata": {"query": "data.main.exception"}}],
        },
        {"filename": "clean.yaml", "namespace": "main", "successes": 4},
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="conftest.json")).id == "conftest"
    parsed = parse_report(data, "conftest")
    fail, warn = sorted(parsed.findings, key=lambda f: f.severity.score, reverse=True)
    assert fail.severity is Severity.HIGH and fail.name == "must not use :latest"
    assert warn.severity is Severity.MEDIUM and warn.details["query"] == "data.main.warn"
    assert fail.asset.type is AssetType.BUILD and fail.asset.attributes["buildFile"] == "deploy.yaml"
    assert parsed._ctx.skipped == {"policy rule passed": 7, "result exception": 1}


def test_foreign() -> None:
    with pytest.raises(InvalidReport, match="not a conftest"):
        list(parse_report(b'[{"x": 1}]', "conftest").findings)
