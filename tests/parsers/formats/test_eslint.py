"""ESLint JSON: severities, per-message findings, skipped entries, and the split from secretlint."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _message(severity: int = 2, **over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": "security/detect-object-injection",
        "severity": severity,
        "message": "Generic Object Injection Sink",
        "line": 19,
        "column": 11,
        "nodeType": "MemberExpression",
    }
    item.update(over)
    return item


def _file(path: str, *messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    errors = sum(1 for m in messages if m.get("severity") == 2)
    entry = {"filePath": path, "messages": list(messages), "errorCount": errors, "warningCount": 0}
    entry.update(extra)
    return entry


def test_message_fields() -> None:
    data = json.dumps([_file("/src/routes/a.js", _message()), _file("/src/b.js")]).encode()
    assert detect_format(open_report(data, name="eslint.json")).id == "eslint"
    parsed = parse_report(data)
    (f,) = parsed.findings
    assert (f.name, f.severity, f.location) == (
        "security/detect-object-injection",
        Severity.HIGH,
        "/src/routes/a.js:19",
    )
    assert f.description == "Generic Object Injection Sink" and f.asset.type is AssetType.CODE
    assert parsed._ctx.skipped["file without messages"] == 1


@pytest.mark.parametrize(("level", "expected"), [(2, Severity.HIGH), (1, Severity.MEDIUM)])
def test_severities(level: int, expected: Severity) -> None:
    (f,) = parse_report(json.dumps([_file("a.js", _message(level))]).encode(), "eslint").findings
    assert f.severity is expected


def test_fatal_and_suppressed_messages_are_skipped() -> None:
    fatal = {"ruleId": None, "fatal": True, "severity": 2, "message": "Parsing error: Unexpected token"}
    entry = _file("a.js", fatal, _message(), suppressedMessages=[_message(), _message()])
    parsed = parse_report(json.dumps([entry]).encode(), "eslint")
    assert len(list(parsed.findings)) == 1
    assert parsed._ctx.skipped["suppressed by an eslint-disable comment"] == 2


def test_secretlint_report_is_not_claimed() -> None:
    secretlint = [
        {
            "filePath": "/src/.env",
            "sourceContentType": "text",
            "messages": [{"ruleId": "@secretlint/secretlint-rule-aws", "severity": "error", "message": "found"}],
        }
    ]
    assert detect_format(open_report(json.dumps(secretlint).encode(), name="r.json")).id == "secretlint"


def test_clean_and_refused() -> None:
    assert list(parse_report(b"[]", "eslint").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "eslint").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"messages": []}]', "eslint").findings)
