"""TruffleHog: v3 JSON lines (verified -> critical), v2 lines folded per file and reason, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _v3(detector: str, verified: bool, line: int) -> dict[str, object]:
    return {
        "SourceMetadata": {
            "Data": {
                "Git": {
                    "commit": "fbc1430",
                    "file": "keys",
                    "repository": "https://github.com/acme/test_keys.git",
                    "timestamp": "2022-06-16 10:17:40 -0700 -0700",
                    "line": line,
                }
            }
        },
        "SourceName": "trufflehog - git",
        "DetectorName": detector,
        "Verified": verified,
        "Raw": "c2VjcmV0LXZhbHVlLTEyMzQ1Ng==",
        "Redacted": "",
    }


def test_v3_lines() -> None:
    data = "\n".join(json.dumps(d) for d in (_v3("AWS", True, 4), _v3("URI", False, 3))).encode() + b"\n"
    assert detect_format(open_report(data, name="th.json")).id == "trufflehog"
    parsed = parse_report(data, "trufflehog")
    aws, uri = list(parsed.findings)
    assert aws.severity is Severity.CRITICAL and uri.severity is Severity.HIGH
    assert aws.name == "Hard-coded secret: AWS"
    assert aws.location == "keys:4"
    assert aws.published is not None and aws.published.hour == 17  # 10:17 at -07:00, in UTC
    assert "c2VjcmV0" not in repr(aws.details) + aws.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY
    assert asset.attributes["repository"] == "https://github.com/acme/test_keys"


def test_v2_lines_fold_per_file_and_reason() -> None:
    def hit(commit: str, reason: str) -> str:
        return json.dumps(
            {
                "branch": "origin/main",
                "commit": "msg",
                "commitHash": commit,
                "date": "2021-01-30 19:50:09",
                "path": "settings.py",
                "reason": reason,
                "stringsFound": ["password = 'hunter2hunter2'"],
            }
        )

    data = "\n".join([hit("a", "High entropy"), hit("b", "High entropy"), hit("b", "Generic Secret")]).encode()
    findings = list(parse_report(data, "trufflehog").findings)
    assert [f.name for f in findings] == ["Hard-coded secret: High entropy", "Hard-coded secret: Generic Secret"]
    assert "hunter2" not in repr(findings[0].details)


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"foo": 1}\n{"bar": 2}\n', "trufflehog").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"DetectorName": "AWS"\n{"x"\n', "trufflehog").findings)
