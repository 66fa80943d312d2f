"""Scout Suite: the .js results file and plain JSON, one finding per flagged item, passed rules skipped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _rule(level: str, items: list[str]) -> dict[str, Any]:
    return {
        "description": "Root Account Used Recently",
        "level": level,
        "flagged_items": len(items),
        "checked_items": 3,
        "items": items,
        "rationale": "The root account should not be used.",
        "remediation": "Use IAM users.",
        "service": "IAM",
        "compliance": [{"name": "CIS AWS", "version": "1.2.0", "reference": "1.1"}],
    }


def _doc(findings: dict[str, Any]) -> dict[str, Any]:
    return {
        "provider_code": "aws",
        "account_id": "123456789012",
        "last_run": {"ruleset_name": "default", "time": "2026-01-01 10:00:00+0000"},
        "services": {"iam": {"findings": findings}, "ec2": {"findings": {}}},
    }


def test_js_results_file() -> None:
    doc = _doc(
        {
            "iam-root-account-used-recently": _rule("danger", ["iam.root.id", "ec2.regions.eu-west-1.vpcs.v1.id"]),
            "iam-password-policy": _rule("warning", []),
        }
    )
    data = b"scoutsuite_results =\n" + json.dumps(doc, indent=2).encode()
    assert detect_format(open_report(data, name="scoutsuite_results_aws.js")).id == "scout_suite"
    parsed = parse_report(data, "scout_suite")
    root, vpc = list(parsed.findings)
    assert root.severity is Severity.HIGH and root.name == "Root Account Used Recently"
    assert root.asset.type is AssetType.CLOUD and root.asset.attributes["providerType"] == "AWS"
    assert root.asset.attributes["providerAccountId"] == "123456789012"
    assert vpc.asset.attributes["region"] == "eu-west-1" and vpc.location == "ec2.regions.eu-west-1.vpcs.v1.id"
    assert root.details["compliance"] == ["CIS AWS 1.2.0 1.1"]
    assert parsed._ctx.skipped["rule with no flagged item"] == 1


def test_plain_json_and_foreign() -> None:
    data = json.dumps(_doc({"r": _rule("warning", ["iam.users.u1"])})).encode()
    assert detect_format(open_report(data, name="results.json")).id == "scout_suite"
    (f,) = parse_report(data, "scout_suite").findings
    assert f.severity is Severity.MEDIUM
    with pytest.raises(InvalidReport, match="not Scout Suite"):
        list(parse_report(b'{"results": []}', "scout_suite").findings)
    with pytest.raises(InvalidReport, match="not valid JSON"):
        list(parse_report(b"scoutsuite_results = {", "scout_suite").findings)
