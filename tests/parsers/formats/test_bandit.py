"""bandit: one finding per result, severity and confidence, CWE, code asset, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(test_id: str, severity: str, line: int) -> dict[str, object]:
    return {
        "code": f"{line} subprocess.call(cmd, shell=True)\n",
        "filename": "app/run.py",
        "issue_confidence": "HIGH",
        "issue_cwe": {"id": 78, "link": "https://cwe.mitre.org/data/definitions/78.html"},
        "issue_severity": severity,
        "issue_text": "subprocess call with shell=True identified, security issue.",
        "line_number": line,
        "line_range": [line],
        "more_info": "https://bandit.readthedocs.io/en/latest/plugins/b602.html",
        "test_id": test_id,
        "test_name": "subprocess_popen_with_shell_equals_true",
    }


REPORT = {
    "errors": [],
    "generated_at": "2020-12-30T10:03:39Z",
    "metrics": {"_totals": {"SEVERITY.HIGH": 1.0, "CONFIDENCE.HIGH": 2.0, "loc": 10}},
    "results": [_result("B602", "HIGH", 3), _result("B602", "LOW", 7)],
}


def test_results() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="bandit.json")).id == "bandit"
    parsed = parse_report(data, "bandit")
    high, low = list(parsed.findings)
    assert (high.severity, low.severity) == (Severity.HIGH, Severity.LOW)
    assert high.name == "B602: subprocess_popen_with_shell_equals_true"
    assert high.location == "app/run.py:3"
    assert high.cwes == ["CWE-78"]
    assert high.details["confidence"] == "HIGH"
    assert "shell=True" in high.description
    assert high.remedy == "See https://bandit.readthedocs.io/en/latest/plugins/b602.html"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "bandit" and asset.placeholder


def test_clean_scan_is_recognised_and_empty() -> None:
    data = json.dumps({**REPORT, "results": []}).encode()
    assert detect_format(open_report(data, name="bandit.json")).id == "bandit"
    assert list(parse_report(data, "bandit").findings) == []


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"filename": "a.py"}]}', "bandit").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"test_id": "B1"', "bandit").findings)


def test_results_beyond_the_sniffed_head_are_still_recognised() -> None:
    # bandit writes per-file metrics before the results; a large project pushes the results out of the head
    metrics = {f"src/module_{i}.py": {"CONFIDENCE.HIGH": 0, "SEVERITY.HIGH": 0, "loc": 10} for i in range(30000)}
    data = json.dumps({**REPORT, "metrics": metrics}).encode()
    assert len(data) > 2 << 20
    assert detect_format(open_report(data, name="bandit.json")).id == "bandit"
    assert len(list(parse_report(data, "bandit").findings)) == 2


def test_document_without_results_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"errors": [], "generated_at": "2024-01-01T00:00:00Z"}', "bandit").findings)
