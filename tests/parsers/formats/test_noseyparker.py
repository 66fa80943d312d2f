"""noseyparker: old and 0.17+ records, JSON Lines and array, folding per file/line/secret, rejected, no secrets."""

from __future__ import annotations

import base64
import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "AKIASP2TPHJS4XUU3EPJ"


def _match(line: int, *prov: dict[str, object]) -> dict[str, object]:
    return {
        "provenance": list(prov),
        "location": {"source_span": {"start": {"line": line, "column": 3}, "end": {"line": line, "column": 9}}},
        "snippet": {"before": "key=", "matching": SECRET, "after": "\n"},
    }


def _git(key: str, path: str) -> dict[str, object]:
    meta = {"commit_id": "43d6", "author_name": "Dev", "author_timestamp": "1678401216 +0100"}
    return {"kind": "git_repo", "repo_path": "./.git", key: {"commit_metadata": meta, "blob_path": path}}


def _old(rule: str, line: int) -> dict[str, object]:
    return {
        "type": "finding",
        "rule_name": rule,
        "match_content": SECRET,
        "num_matches": 1,
        "matches": [_match(line, {"kind": "file", "path": "./conf/a.py"}, _git("commit_provenance", "conf/a.py"))],
    }


def _new(fid: str, line: int, statuses: list[str] | None = None) -> dict[str, object]:
    return {
        "finding_id": fid,
        "rule_name": "AWS API Key",
        "rule_text_id": "np.aws.1",
        "groups": [base64.b64encode(SECRET.encode()).decode()],
        "statuses": statuses or [],
        "matches": [_match(line, _git("first_commit", "conf/b.py")), _match(line, _git("first_commit", "conf/b.py"))],
    }


def _lines(*docs: dict[str, object]) -> bytes:
    return b"\n".join(json.dumps(d).encode() for d in docs) + b"\n"


def test_old_records_fold_per_secret_and_place() -> None:
    data = _lines(_old("Generic API Key", 16), _old("Generic Password", 16), _old("Generic API Key", 20))
    assert detect_format(open_report(data, name="np.jsonl")).id == "noseyparker"
    parsed = parse_report(data, "noseyparker")
    first, second = list(parsed.findings)
    assert (first.location, second.location) == ("conf/a.py:16", "conf/a.py:20")
    assert first.name == "Hard-coded secret: Generic API Key" and first.severity is Severity.HIGH
    assert first.details["commit"] == "43d6" and first.published is not None
    assert SECRET not in repr((first.description, first.details)) and first.details["secretMasked"] == "AKIA********"
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.placeholder


def test_new_records_json_array_and_rejected() -> None:
    data = json.dumps([_new("f1", 5), _new("f2", 9, ["reject"]), _new("f3", 7, ["accept"])]).encode()
    assert detect_format(open_report(data, name="np.json")).id == "noseyparker"
    parsed = parse_report(data, "noseyparker")
    first, second = list(parsed.findings)
    assert first.location == "conf/b.py:5" and first.details["ruleId"] == "np.aws.1"
    assert second.details["statuses"] == ["accept"]
    assert SECRET not in repr(first.details) and parsed._ctx.skipped == {"reviewed: rejected": 1}


def test_empty_and_broken() -> None:
    assert list(parse_report(b"{}", "noseyparker").findings) == []
    assert list(parse_report(b"", "noseyparker").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}\n', "noseyparker").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<xml/>", "noseyparker").findings)
