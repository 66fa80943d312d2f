"""n0s1: one finding per entry of the findings map (or array), web asset of the platform, secret never copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "AKIAIOSFODNN7EXAMPLE"


def _entry(fid: str, page: int, field: str = "description") -> dict[str, object]:
    return {
        "id": fid,
        "url": f"https://acme.atlassian.net/wiki/spaces/CS/pages/{page}/Config",
        "secret": f"aws.access.keyId={SECRET}",
        "details": {
            "matched_regex_config": {"id": "AWS", "description": "AWS Access Token", "tags": ["aws"]},
            "platform": "Confluence",
            "ticket_field": field,
        },
    }


def _report(findings: object) -> bytes:
    doc = {
        "tool": {"name": "n0s1", "version": "1.0.30", "scan_arguments": {"scan_target": "confluence_scan"}},
        "scan_date": {"timestamp": 1761751223.0, "date_utc": "2025-10-29T15:20:23"},
        "regex_config": {"title": "n0s1 config", "rules": [{"id": "AWS", "regex": "AKIA[0-9A-Z]{16}"}]},
        "findings": findings,
    }
    return json.dumps(doc).encode()


def test_findings_map() -> None:
    data = _report({"f1": _entry("f1", 1), "f2": _entry("f2", 2, "comments")})
    assert detect_format(open_report(data, name="n0s1.json")).id == "n0s1"
    parsed = parse_report(data, "n0s1")
    first, second = list(parsed.findings)
    assert first.name == "Hard-coded secret: AWS Access Token" and first.severity is Severity.HIGH
    assert first.location == "https://acme.atlassian.net/wiki/spaces/CS/pages/1/Config" and first.fingerprint == "f1"
    assert second.details["field"] == "comments" and "comments" in second.description
    assert SECRET not in repr((first.description, first.details))
    (asset,) = parsed.assets
    assert asset.type is AssetType.WEB and asset.attributes["fqdn"] == "acme.atlassian.net"


def test_findings_array_and_clean_scan() -> None:
    assert len(list(parse_report(_report([_entry("f1", 1)]), "n0s1").findings)) == 1
    clean = _report({})
    assert detect_format(open_report(clean, name="n0s1.json")).id == "n0s1"
    assert list(parse_report(clean, "n0s1").findings) == []


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "n0s1").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_report({"f": {"secret": "x"}}), "n0s1").findings)
