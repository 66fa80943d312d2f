"""detect_secrets: one finding per potential secret of the baseline, audited false positives skipped, clean scan."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _baseline(results: dict[str, object]) -> bytes:
    doc = {
        "version": "1.4.0",
        "plugins_used": [{"name": "AWSKeyDetector"}, {"name": "KeywordDetector", "keyword_exclude": ""}],
        "filters_used": [{"path": "detect_secrets.filters.heuristic.is_sequential_string"}],
        "results": results,
        "generated_at": "2021-05-19T10:45:24Z",
    }
    return json.dumps(doc).encode()


def _entry(kind: str, line: int, **extra: object) -> dict[str, object]:
    return {"type": kind, "filename": "conf/app.py", "hashed_secret": f"h{line}", "line_number": line, **extra}


def test_results() -> None:
    data = _baseline(
        {
            "conf/app.py": [
                _entry("AWS Access Key", 3, is_verified=True),
                _entry("Secret Keyword", 7, is_verified=False),
                _entry("Secret Keyword", 9, is_secret=False),
            ]
        }
    )
    assert detect_format(open_report(data, name=".secrets.baseline")).id == "detect_secrets"
    parsed = parse_report(data, "detect-secrets")
    aws, keyword = list(parsed.findings)
    assert aws.name == "Hard-coded secret: AWS Access Key" and aws.severity is Severity.CRITICAL
    assert keyword.severity is Severity.HIGH and keyword.location == "conf/app.py:7"
    assert keyword.details["hashedSecret"] == "h7"
    assert parsed._ctx.skipped == {"audited: not a secret": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.placeholder


def test_clean_baseline() -> None:
    data = _baseline({})
    assert detect_format(open_report(data, name="b.json")).id == "detect_secrets"
    assert list(parse_report(data, "detect_secrets").findings) == []


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "detect_secrets").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": {"a.py": [{"line_number": 1}]}}', "detect_secrets").findings)
