"""secretlint: one finding per message, clean files skipped, unmasked secrets masked, ESLint not claimed."""

from __future__ import annotations

import json

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    detect_format,
    open_report,
    parse_report,
)

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def _message(line: int, severity: str, value: str) -> dict[str, object]:
    return {
        "message": f"found AWS Secret Access Key: {value}",
        "range": [29, 69],
        "type": "message",
        "ruleId": "@secretlint/secretlint-rule-aws",
        "loc": {"start": {"line": line, "column": 0}, "end": {"line": line, "column": 40}},
        "severity": severity,
        "messageId": "AWSSecretAccessKey",
        "docsUrl": "https://github.com/secretlint/secretlint#aws",
        "data": {"KEY": value},
    }


def test_messages() -> None:
    doc = [
        {"filePath": "/src/app.env", "sourceContent": "", "sourceContentType": "text", "messages": []},
        {
            "filePath": "/src/aws.ini",
            "sourceContent": f"key = {SECRET}\n",
            "sourceContentType": "text",
            "messages": [_message(3, "error", SECRET), _message(5, "warning", "*" * 40)],
        },
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="secretlint.json")).id == "secretlint"
    parsed = parse_report(data, "secretlint")
    first, second = list(parsed.findings)
    assert first.name == "Hard-coded secret: AWSSecretAccessKey" and first.severity is Severity.HIGH
    assert first.location == "/src/aws.ini:3" and second.severity is Severity.MEDIUM
    assert "found AWS Secret Access Key: wJal********" in first.description
    assert SECRET not in repr((first.description, first.details, first.remedy))
    assert parsed._ctx.skipped == {"file without secrets": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY


def test_eslint_is_not_claimed() -> None:
    eslint = [{"filePath": "/a.js", "messages": [{"ruleId": "no-eval", "severity": 2}], "errorCount": 1}]
    assert detect_format(open_report(json.dumps(eslint).encode(), name="eslint.json")).id == "eslint"


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "secretlint").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "secretlint").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"messages": []}]', "secretlint").findings)
