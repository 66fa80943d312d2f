"""Rapplex JSON: one finding per issue, severity, CWE and CVSS from the group definition, fingerprints skipped."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

GROUP = {
    "Group": "SQL Injection",
    "Severity": "Critical",
    "Definition": {
        "Title": "SQL Injection",
        "Sections": {"Summary": "<p>SQL injection.</p>", "Remediation": "<p>Use prepared statements.</p>"},
        "References": [{"Title": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "Link": "https://nvd.example"}],
        "Classifications": [{"Foundation": "CWE", "Value": "89"}, {"Foundation": "CAPEC", "Value": "66"}],
    },
    "Issues": [
        {
            "Title": "SQL Injection",
            "Severity": "Critical",
            "Url": "http://shop.example.com/p.php?cat=1",
            "Path": "/p.php",
            "HttpRequest": "GET /p.php HTTP/1.1\nCookie: s=secret",
            "Payload": "1 AND 1=1",
        },
        {"Title": "SQL Injection", "Severity": "Critical", "Url": "http://shop.example.com/q.php?id=1"},
    ],
}


def _report(groups: list[object]) -> dict[str, object]:
    return {
        "ScanId": "a2af",
        "Target": "http://shop.example.com/",
        "ScanPolicy": {"Title": "zero"},
        "Fingerprinting": {"IsEnabled": True, "Groups": [{"Title": "Web Server", "Items": [{"Title": "nginx"}]}]},
        "Severities": {
            "Information": {"Name": "Information", "IssueGroups": []},
            "Critical": {"Name": "Critical", "IssueGroups": groups},
        },
    }


def test_issues() -> None:
    data = json.dumps(_report([GROUP])).encode()
    assert detect_format(open_report(data, name="rapplex.json")).id == "rapplex"
    parsed = parse_report(data, "rapplex")
    first, second = list(parsed.findings)
    assert (first.name, first.severity, first.score, first.cwes) == (
        "SQL Injection",
        Severity.CRITICAL,
        10.0,
        ["CWE-89"],
    )
    assert first.description == "SQL injection." and first.remedy == "Use prepared statements."
    assert first.location == "http://shop.example.com/p.php?cat=1" and first.details["payload"] == "1 AND 1=1"
    assert "secret" not in str(first.details)
    assert first.asset.type is AssetType.WEB and first.asset.attributes == {"fqdn": "shop.example.com"}
    assert second.location == "http://shop.example.com/q.php?id=1"
    assert any("technology fingerprint" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    parsed = parse_report(json.dumps(_report([])).encode(), "rapplex")
    assert list(parsed.findings) == []
    with pytest.raises(InvalidReport, match="not a Rapplex report"):
        list(parse_report(b'{"ScanId": "x", "Target": "y"}', "rapplex").findings)
    with pytest.raises(InvalidReport, match="IssueGroups"):
        list(parse_report(b'{"Severities": {"High": {"Name": "High"}}}', "rapplex").findings)
