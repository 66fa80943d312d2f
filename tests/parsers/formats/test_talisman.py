"""talisman: one finding per file and detection type, highest severity, ignores skipped, the match never copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "AKIAIMNOJVGFDXXXE4UI"


def _entry(kind: str, severity: str, message: str) -> dict[str, object]:
    return {"type": kind, "message": message, "commits": ["c1", "c2"], "severity": severity}


def _report(results: list[dict[str, object]]) -> bytes:
    summary = {"types": {"filecontent": 2, "filesize": 0, "filename": 1, "warnings": 0, "ignores": 1}}
    return json.dumps({"summary": summary, "results": results}).encode()


def test_results() -> None:
    data = _report(
        [
            {
                "filename": "conf/aws.env",
                "failure_list": [
                    _entry("filecontent", "low", f'Potential secret pattern : aws_secret="{SECRET}"'),
                    _entry("filename", "medium", "The file name conf/aws.env failed checks against *.env"),
                ],
                "warning_list": [_entry("filecontent", "high", f"Expected file to not to contain base64: {SECRET}")],
                "ignore_list": [_entry("filesize", "low", "big")],
            }
        ]
    )
    assert detect_format(open_report(data, name="report.json")).id == "talisman"
    parsed = parse_report(data, "talisman")
    content, name = list(parsed.findings)
    assert content.name == "Potential secret in file content" and content.severity is Severity.HIGH
    assert content.location == "conf/aws.env" and content.details["commits"] == ["c1", "c2"]
    assert "Potential secret pattern" in content.description
    assert SECRET not in repr((content.description, content.details))
    assert name.severity is Severity.MEDIUM and "*.env" in name.description
    assert parsed._ctx.skipped == {"ignored by .talismanrc": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY


def test_clean_and_broken() -> None:
    clean = _report([])
    assert detect_format(open_report(clean, name="report.json")).id == "talisman"
    assert list(parse_report(clean, "talisman").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": {}}', "talisman").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"failure_list": []}]}', "talisman").findings)
