"""contrast: one finding per trace, folded request rows, severities, closed statuses, CWE links, refusals."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    "Vulnerability Name,Vulnerability ID,Category,Rule Name,Severity,Status,Number of Events,First Seen,"
    "Last Seen,Application Name,Application ID,CWE ID,Request Method,Request URI,Request Qs\n"
)
CWE = "https://cwe.mitre.org/data/definitions/"


def _row(name: str, trace: str, severity: str, status: str, uri: str, *, cwe: str = "89") -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return (
        f"{quoted},{trace},Injection,sql-injection,{severity},{status},3,1590144840000,1600686000000,"
        f"shop-api,app-1,{CWE}{cwe}.html,GET,{uri},q=1\n"
    )


def test_traces() -> None:
    data = (
        HEADER
        + _row('SQL Injection from "id" Parameter', "AAAA-1111", "Critical", "Reported", "/items")
        + _row('SQL Injection from "id" Parameter', "AAAA-1111", "Critical", "Reported", "/orders")
        + _row("Forms Without Autocomplete", "BBBB-2222", "Note", "Suspicious", "/login", cwe="522")
        + _row("MD5 used", "CCCC-3333", "Medium", "NotAProblem", "/hash", cwe="327")
    ).encode()
    assert detect_format(open_report(data, name="vulns.csv")).id == "contrast"
    parsed = parse_report(data, "contrast")
    sqli, forms, md5 = list(parsed.findings)
    assert sqli.name == 'SQL Injection from "id" Parameter' and sqli.severity is Severity.CRITICAL
    assert sqli.location == "GET /items" and sqli.cwes == ["CWE-89"] and sqli.reference_ids == ["AAAA-1111"]
    assert sqli.asset.type is AssetType.CODE and sqli.asset.attributes["scannerSource"] == "shop-api"
    assert sqli.published is not None and sqli.published.year == 2020
    assert forms.severity is Severity.INFO and forms.active
    assert not md5.active and md5.details["status"] == "NotAProblem"
    assert [w.message for w in parsed.warnings] == ["1 record skipped: another request of the same Contrast trace"]


def test_header_only_and_foreign() -> None:
    assert list(parse_report(HEADER.encode(), "contrast").findings) == []
    with pytest.raises(InvalidReport, match="not a Contrast CSV export"):
        list(parse_report(b"Name,Severity\nx,High\n", "contrast").findings)
