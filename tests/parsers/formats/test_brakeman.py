"""Brakeman: confidence to severity, the application as CODE asset, ignored warnings, clean and broken reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _warning(confidence: str = "High", **over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "warning_type": "SQL Injection",
        "warning_code": 0,
        "fingerprint": "abc",
        "check_name": "SQL",
        "message": "Possible SQL injection",
        "file": "app/models/user.rb",
        "line": 12,
        "link": "https://brakemanscanner.org/docs/warning_types/sql_injection/",
        "code": 'User.where("name = #{params[:n]}")',
        "confidence": confidence,
        "cwe_id": [89],
    }
    item.update(over)
    return item


def _doc(warnings: list[dict[str, Any]], ignored: list[dict[str, Any]] | None = None) -> bytes:
    info = {"app_path": "/src/shop", "checks_performed": ["SQL"], "security_warnings": len(warnings)}
    return json.dumps({"scan_info": info, "warnings": warnings, "ignored_warnings": ignored or []}).encode()


def test_warning_fields() -> None:
    data = _doc([_warning()])
    assert detect_format(open_report(data, name="brakeman.json")).id == "brakeman"
    (f,) = parse_report(data).findings
    assert f.name == "SQL Injection" and f.severity is Severity.HIGH
    assert f.location == "app/models/user.rb:12" and f.cwes == ["CWE-89"]
    assert f.asset.type is AssetType.CODE and f.asset.attributes["scannerSource"] == "/src/shop"
    assert "Code: User.where" in f.description and f.remedy.startswith("See https://brakemanscanner.org")


@pytest.mark.parametrize(("confidence", "expected"), [("Medium", Severity.MEDIUM), ("Weak", Severity.LOW)])
def test_confidence(confidence: str, expected: Severity) -> None:
    (f,) = parse_report(_doc([_warning(confidence)]), "brakeman").findings
    assert f.severity is expected


def test_ignored_warnings_are_skipped() -> None:
    parsed = parse_report(_doc([_warning()], [_warning(), _warning()]), "brakeman")
    assert len(list(parsed.findings)) == 1
    assert parsed._ctx.skipped["ignored in brakeman.ignore"] == 2


def test_clean_and_broken() -> None:
    assert list(parse_report(_doc([]), "brakeman").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_doc([{"file": "a.rb"}]), "brakeman").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"scan_info": {}}', "brakeman").findings)
