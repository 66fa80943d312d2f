"""trufflehog3: the current rule shape (severity from the rule), the legacy shape folded per file and reason."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def test_current_shape() -> None:
    hit = {
        "rule": {"id": "high-entropy", "message": "High Entropy", "severity": "LOW"},
        "path": "tests/data/blob",
        "line": "2",
        "secret": "6B760A0478D4EB84EA8CD6202E866A4C",
        "context": {"2": "x = '6B760A0478D4EB84EA8CD6202E866A4C'"},
        "id": "abc",
        "branch": "main",
        "message": "commit message",
        "author": "dev",
        "commit": "0123abcd",
        "date": "2022-01-01T10:00:00",
    }
    data = json.dumps([hit]).encode()
    assert detect_format(open_report(data, name="th3.json")).id == "trufflehog3"
    parsed = parse_report(data, "trufflehog3")
    (f,) = list(parsed.findings)
    assert f.severity is Severity.LOW
    assert f.name == "Hard-coded secret: High Entropy"
    assert f.location == "tests/data/blob:2"
    assert "6B760A04" not in f.description + repr(f.details)
    assert parsed.assets[0].type is AssetType.REPOSITORY


def test_legacy_shape_folds() -> None:
    def hit(commit: str, reason: str, path: str) -> dict[str, object]:
        return {
            "date": "2021-01-30 19:50:09",
            "path": path,
            "branch": "origin/dev",
            "commit": "fix",
            "commitHash": commit,
            "reason": reason,
            "stringsFound": ["+ token = 'abc'"],
        }

    data = json.dumps([hit("1", "High entropy", "a.py"), hit("2", "High entropy", "a.py"), hit("2", "RSA", "b.py")])
    findings = list(parse_report(data.encode(), "trufflehog3").findings)
    assert [(f.location, f.severity) for f in findings] == [("a.py", Severity.HIGH), ("b.py", Severity.HIGH)]


def test_broken() -> None:
    assert list(parse_report(b"[]", "trufflehog3").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"path": "x"}]', "trufflehog3").findings)
