"""qark: one finding per issue, QARK's four severity steps, file and line, empty and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(severity: str, line: object) -> dict[str, object]:
    return {
        "category": "file",
        "severity": severity,
        "description": "Logs are detected.",
        "name": "Logging found",
        "line_number": line,
        "file_object": "/qark/build/cfr/com/example/MainActivity.java",
        "apk_exploit_dict": None,
    }


def test_issues() -> None:
    data = json.dumps([_issue("WARNING", [17, 7]), _issue("VULNERABILITY", None), _issue("INFO", [3, 1])]).encode()
    assert detect_format(open_report(data, name="qark.json")).id == "qark"
    parsed = parse_report(data, "qark")
    warn, vuln, info = list(parsed.findings)
    assert (warn.severity, vuln.severity, info.severity) == (Severity.LOW, Severity.HIGH, Severity.INFO)
    assert warn.name == "Logging found" and warn.location == "/qark/build/cfr/com/example/MainActivity.java:17"
    assert vuln.location == "/qark/build/cfr/com/example/MainActivity.java" and warn.details["category"] == "file"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "qark").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"issues": []}', "qark").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"category": "file"}]', "qark").findings)
