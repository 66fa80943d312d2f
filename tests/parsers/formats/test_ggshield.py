"""ggshield: path and commit-range scans, one finding per incident and line, secret never copied, clean scan."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "sk_live_51HcXyZabcdefghijkLMNOP"


def _entity(line: int | None, validity: str = "no_checker") -> dict[str, object]:
    return {
        "mode": "MODIFY",
        "filename": "app/settings.py",
        "incidents": [
            {
                "policy": "Secrets detection",
                "occurrences": [{"match": SECRET, "type": "apikey", "line_start": line, "line_end": line}],
                "type": "Stripe Keys",
                "validity": validity,
                "ignore_sha": "06b15f1d",
                "total_occurrences": 1,
            }
        ],
        "total_incidents": 1,
    }


def _commit(sha: str, line: int | None) -> dict[str, object]:
    return {
        "id": sha,
        "type": "commit",
        "entities_with_incidents": [_entity(line)],
        "extra_info": {"author": "dev", "email": "d@x", "date": "Mon Jul 5 12:54:43 2021 +0530"},
        "total_incidents": 1,
    }


def test_commit_range_folds_the_same_secret_and_line() -> None:
    doc = {
        "id": "x",
        "type": "commit-range",
        "scans": [_commit("c1", 23), _commit("c2", 23), _commit("c3", 40)],
        "total_incidents": 3,
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="gg.json")).id == "ggshield"
    parsed = parse_report(data, "ggshield")
    first, second = list(parsed.findings)
    assert (first.location, second.location) == ("app/settings.py:23", "app/settings.py:40")
    assert first.name == "Hard-coded secret: Stripe Keys" and first.severity is Severity.HIGH
    assert first.details["commit"] == "c1" and first.published is not None and first.published.hour == 7
    assert SECRET not in repr((first.description, first.details)) and first.details["secretMasked"] == "sk_l********"
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY


def test_path_scan_and_validity() -> None:
    doc = {"id": "p", "type": "path_scan", "entities_with_incidents": [_entity(5, "valid")], "total_incidents": 1}
    (finding,) = parse_report(json.dumps(doc).encode(), "ggshield").findings
    assert finding.severity is Severity.CRITICAL and finding.location == "app/settings.py:5"


def test_clean_and_broken() -> None:
    clean = json.dumps({"id": "p", "type": "path_scan", "total_incidents": 0, "total_occurrences": 0}).encode()
    assert detect_format(open_report(clean, name="gg.json")).id == "ggshield"
    assert list(parse_report(clean, "ggshield").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "ggshield").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"entities_with_incidents": [{"filename": "a"}]}', "ggshield").findings)
