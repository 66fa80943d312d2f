"""whispers: one finding per detection, severities, the secret never copied, empty and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "Sup3rS3cretPassw0rd!"


def _item(line: int, severity: str) -> dict[str, object]:
    return {
        "key": "db_password",
        "value": SECRET,
        "file": "src/config.yml",
        "line": line,
        "rule_id": "password",
        "message": "Password",
        "severity": severity,
    }


def test_detections() -> None:
    data = json.dumps([_item(12, "BLOCKER"), _item(14, "MAJOR"), _item(15, "MINOR"), _item(16, "High")]).encode()
    assert detect_format(open_report(data, name="whispers.json")).id == "whispers"
    parsed = parse_report(data, "whispers")
    findings = list(parsed.findings)
    assert [f.severity for f in findings] == [Severity.CRITICAL, Severity.HIGH, Severity.LOW, Severity.HIGH]
    first = findings[0]
    assert first.name == "Hard-coded secret: Password" and first.location == "src/config.yml:12"
    assert first.details["key"] == "db_password" and first.details["secretMasked"] == "Sup3********"
    assert SECRET not in repr((first.description, first.details, first.name))
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.placeholder


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "whispers").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "whispers").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"value": "x"}]', "whispers").findings)
