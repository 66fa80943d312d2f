"""Semgrep platform findings: told apart from the CLI report, severities, repository asset, closed findings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _finding(**over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": 7,
        "rule_name": "python.lang.security.audit.eval-detected",
        "rule_message": "eval() on user input",
        "severity": "high",
        "state": "unresolved",
        "status": "open",
        "triage_state": "untriaged",
        "repository": {"name": "acme/shop", "url": "https://github.com/acme/shop"},
        "location": {"file_path": "app/views.py", "line": 42, "column": 3, "end_line": 42},
        "rule": {"name": "eval-detected", "cwe_names": ["CWE-95: Eval Injection"], "owasp_names": ["A03:2021"]},
    }
    item.update(over)
    return item


def _doc(*items: dict[str, Any]) -> bytes:
    return json.dumps({"findings": list(items)}).encode()


def test_finding_fields_and_detection() -> None:
    data = _doc(_finding())
    assert detect_format(open_report(data, name="findings.json")).id == "semgrep_pro"
    (f,) = parse_report(data).findings
    assert f.name == "python.lang.security.audit.eval-detected"
    assert f.severity is Severity.HIGH and f.active
    assert f.cwes == ["CWE-95"] and f.location == "app/views.py:42"
    assert f.asset.type is AssetType.CODE and f.asset.attributes["scannerSource"] == "acme/shop"
    assert f.details["owasp"] == ["A03:2021"]


def test_cli_report_is_not_claimed() -> None:
    cli = {"results": [{"check_id": "x", "path": "a.py", "start": {"line": 1}, "extra": {"severity": "ERROR"}}]}
    assert detect_format(open_report(json.dumps(cli).encode(), name="semgrep.json")).id == "semgrep"


@pytest.mark.parametrize(("field", "value"), [("status", "fixed"), ("state", "muted"), ("triage_state", "ignored")])
def test_closed_findings_are_inactive(field: str, value: str) -> None:
    (f,) = parse_report(_doc(_finding(**{field: value})), "semgrep_pro").findings
    assert not f.active and f.details["status"] == f"{field} {value}"


@pytest.mark.parametrize(("word", "expected"), [("critical", Severity.CRITICAL), ("low", Severity.LOW)])
def test_severities(word: str, expected: Severity) -> None:
    (f,) = parse_report(_doc(_finding(severity=word)), "semgrep_pro").findings
    assert f.severity is expected


def test_empty_and_broken() -> None:
    assert list(parse_report(b'{"findings": []}', "semgrep_pro").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_doc({"id": 1, "severity": "high"}), "semgrep_pro").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "semgrep_pro").findings)
