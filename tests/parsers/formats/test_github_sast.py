"""github_sast: open code-scanning alerts are findings, dismissed/fixed skipped; severity; repository asset."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _alert(number: int, state: str = "open", **rule: str) -> dict[str, object]:
    return {
        "number": number,
        "created_at": "2024-01-19T14:11:18Z",
        "url": f"https://api.github.com/repos/acme/shop/code-scanning/alerts/{number}",
        "html_url": f"https://github.com/acme/shop/security/code-scanning/{number}",
        "state": state,
        "fixed_at": None,
        "dismissed_reason": "false positive" if state == "dismissed" else "None",
        "rule": {
            "id": "py/sql-injection",
            "severity": "error",
            "description": "SQL query built from user-controlled sources",
            "tags": ["external/cwe/cwe-089", "security"],
            **rule,
        },
        "tool": {"name": "CodeQL", "version": "2.16.2"},
        "most_recent_instance": {
            "ref": "refs/heads/main",
            "state": state,
            "commit_sha": "abc",
            "message": {"text": "This query depends on a user-provided value."},
            "location": {"path": "app/db.py", "start_line": 42, "end_line": 42},
        },
        "instances_url": f"https://api.github.com/repos/acme/shop/code-scanning/alerts/{number}/instances",
    }


def test_open_alerts_and_skips() -> None:
    data = json.dumps(
        [
            _alert(1, security_severity_level="critical"),
            _alert(2, severity="note"),
            _alert(3, "dismissed"),
            _alert(4, "fixed"),
        ]
    ).encode()
    assert detect_format(open_report(data, name="alerts.json")).id == "github_sast"
    parsed = parse_report(data, "github_sast")
    crit, note = list(parsed.findings)
    assert crit.severity is Severity.CRITICAL and note.severity is Severity.LOW
    assert crit.name == "SQL query built from user-controlled sources" and crit.cwes == ["CWE-89"]
    assert crit.location == "app/db.py:42" and "user-provided" in crit.description
    assert crit.details["number"] == 1 and crit.details["tool"] == "CodeQL"
    assert parsed._ctx.skipped == {"state dismissed (false positive)": 1, "state fixed": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.attributes["repository"] == "https://github.com/acme/shop"


def test_org_listing_names_the_repository() -> None:
    alert = {**_alert(5), "html_url": "None", "repository": {"full_name": "acme/api", "html_url": "None"}}
    (finding,) = parse_report(json.dumps([alert]).encode(), "github_sast").findings
    assert finding.asset.attributes["repository"] == "https://github.com/acme/api"


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "github_sast").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"alerts": []}', "github_sast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"number": 1}]', "github_sast").findings)
