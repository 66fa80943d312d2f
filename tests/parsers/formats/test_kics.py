"""KICS: one finding per file entry of a query, expected/actual in the text, BUILD asset per file, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "files_scanned": 2,
    "queries_total": 235,
    "queries": [
        {
            "query_name": "RBAC Wildcard In Rule",
            "query_id": "6b896afb",
            "query_url": "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
            "severity": "LOW",
            "platform": "Kubernetes",
            "category": "Access Control",
            "description": "Roles should not use wildcards",
            "files": [
                {
                    "file_name": "charts/rbac.yaml",
                    "line": 20,
                    "issue_type": "IncorrectValue",
                    "search_key": "rules",
                    "expected_value": "rules[0].verbs shouldn't contain '*'",
                    "actual_value": "rules[0].verbs contains '*'",
                },
                {
                    "file_name": "charts/rbac.yaml",
                    "line": 20,
                    "issue_type": "IncorrectValue",
                    "search_key": "rules",
                    "expected_value": "rules[0].resources shouldn't contain '*'",
                    "actual_value": "rules[0].resources contains '*'",
                },
            ],
        },
        {
            "query_name": "Passwords And Secrets In Infrastructure Code",
            "query_id": "f996f3cb",
            "severity": "HIGH",
            "platform": "Common",
            "files": [{"file_name": "main.tf", "line": 25, "expected_value": "no secret", "actual_value": ""}],
        },
    ],
    "severity_counters": {"HIGH": 1, "LOW": 2},
    "total_counter": 3,
}


def test_queries() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="results.json")).id == "kics"
    parsed = parse_report(data, "kics")
    findings = list(parsed.findings)
    assert [f.severity for f in findings] == [Severity.LOW, Severity.LOW, Severity.HIGH]
    first = findings[0]
    assert first.name == "RBAC Wildcard In Rule"
    assert first.location == "charts/rbac.yaml:20"
    assert "Actual: rules[0].verbs contains '*'" in first.description
    assert first.remedy == "rules[0].verbs shouldn't contain '*'"
    assert {a.attributes["buildFile"] for a in parsed.assets} == {"charts/rbac.yaml", "main.tf"}
    assert all(a.type is AssetType.BUILD for a in parsed.assets)


def test_empty_and_broken() -> None:
    empty = json.dumps({**REPORT, "queries": [], "total_counter": 0}).encode()
    assert detect_format(open_report(empty, name="results.json")).id == "kics"
    assert list(parse_report(empty, "kics").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"queries": [{"files": []}]}', "kics").findings)


def test_bill_of_materials_skipped_and_no_queries_refused() -> None:
    bom = {"query_name": "BOM - AWS S3 Buckets", "query_id": "b1", "severity": "TRACE", "files": [{"file_name": "a"}]}
    parsed = parse_report(json.dumps({"queries": [bom], "queries_total": 1}).encode(), "kics")
    assert list(parsed.findings) == [] and parsed._ctx.skipped == {"bill of materials entry": 1}
    assert list(parse_report(b'{"queries": [], "queries_total": 0}', "kics").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"other": []}', "kics").findings)
