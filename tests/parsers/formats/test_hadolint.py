"""Hadolint: levels to severities, one BUILD asset per Dockerfile, rule names and locations, broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _item(code: str, level: str, file: str = "Dockerfile", line: int = 3) -> dict[str, Any]:
    return {"code": code, "column": 1, "file": file, "level": level, "line": line, "message": f"message of {code}"}


@pytest.mark.parametrize(
    ("level", "expected"),
    [("error", Severity.HIGH), ("warning", Severity.MEDIUM), ("info", Severity.LOW), ("style", Severity.INFO)],
)
def test_levels(level: str, expected: Severity) -> None:
    (f,) = parse_report(json.dumps([_item("DL3008", level)]).encode(), "hadolint").findings
    assert f.severity is expected


def test_findings_per_dockerfile() -> None:
    data = json.dumps([_item("DL3008", "warning"), _item("SC2086", "info", "build/Dockerfile.ci", 12)]).encode()
    assert detect_format(open_report(data, name="hadolint.json")).id == "hadolint"
    pin, quote = parse_report(data).findings
    assert (pin.name, pin.location) == ("DL3008: message of DL3008", "Dockerfile:3")
    assert pin.remedy == "See https://github.com/hadolint/hadolint/wiki/DL3008"
    assert pin.asset.type is AssetType.BUILD
    assert pin.asset.attributes == {"buildFile": "Dockerfile", "origin": "hadolint"}
    assert quote.asset.attributes["buildFile"] == "build/Dockerfile.ci" and quote.location == "build/Dockerfile.ci:12"
    assert pin.details == {"code": "DL3008", "line": 3, "column": 1}


def test_clean_and_broken_reports() -> None:
    assert list(parse_report(b"[]", "hadolint").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"file": "Dockerfile", "level": "error"}]', "hadolint").findings)  # no rule code
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"code": "DL3008", "file": "Dockerfile", ', "hadolint").findings)


def test_repeated_result_is_one_and_broken_result_refused() -> None:
    item = {
        "line": 3,
        "code": "DL3008",
        "message": "Pin versions",
        "column": 1,
        "file": "Dockerfile",
        "level": "warning",
    }
    parsed = parse_report(json.dumps([item, dict(item)]).encode(), "hadolint")
    assert len(list(parsed.findings)) == 1
    assert list(parse_report(b"[]", "hadolint").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"line": 1, "file": "Dockerfile"}]', "hadolint").findings)
