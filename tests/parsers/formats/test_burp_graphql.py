"""Burp Enterprise GraphQL issues JSON: folded per issue type and origin, evidence not copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(path: str, severity: str, name: str | None = "SQL injection") -> dict:
    return {
        "issue_type": {
            "name": name,
            "description_html": "<p>SQLi background.</p>",
            "remediation_html": None,
            "vulnerability_classifications_html": '<li><a href="https://cwe.mitre.org/89">CWE-89: SQLi</a></li>',
            "references_html": '<a href="https://portswigger.net/sqli">SQLi</a>',
        },
        "description_html": "<p>The id parameter is injectable.</p>",
        "remediation_html": "<p>Use prepared statements.</p>",
        "severity": severity,
        "confidence": "certain",
        "path": path,
        "origin": "https://api.example.com",
        "evidence": [{"request_index": 0, "request_segments": [{"data_html": "Authorization: Bearer s3cr3t"}]}],
    }


def test_issues_fold_per_type_and_origin() -> None:
    data = json.dumps({"Issues": [_issue("/a", "medium"), _issue("/b", "high"), _issue("/c", "low", None)]}).encode()
    assert detect_format(open_report(data, name="burp.json")).id == "burp_graphql"
    sqli, unnamed = list(parse_report(data, "burp_graphql").findings)
    assert sqli.severity is Severity.HIGH and sqli.cwes == ["CWE-89"]
    assert sqli.details["urls"] == ["https://api.example.com/a", "https://api.example.com/b"]
    assert sqli.description == "The id parameter is injectable.\n\nSQLi background."
    assert sqli.remedy == "Use prepared statements." and sqli.details["references"] == ["https://portswigger.net/sqli"]
    assert sqli.asset.type is AssetType.WEB and sqli.asset.attributes == {"fqdn": "api.example.com"}
    assert "s3cr3t" not in str(sqli.details) + sqli.description
    assert unnamed.name == "Unnamed Burp issue"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"Issues": []}', "burp_graphql").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"issues": {}}', "burp_graphql").findings)
