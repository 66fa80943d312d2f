"""Crashtest Security JSON: one finding per entry and per CVE of a fingerprinted product, hosts from the texts."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "findings": {
        "sqlinjection": [
            {
                "service_type": "sqlinjection",
                "finding_description_slug": "sql-injection",
                "information": "Found boolean-based blind sqlinjection for parameter id (GET) on "
                "https://app.example.com/sqli/ with payload x",
                "created_at": "2020-03-04T21:20:46.651287Z",
            }
        ],
        "ssl": [
            {"finding_description_slug": "ssl-protocol-version", "information": "TLS 1.0 is offered by the server."},
            {"finding_description_slug": "ssl-protocol-version", "information": "TLS 1.1 is offered by the server."},
        ],
        "fingerprinting": [
            {
                "finding_description_slug": "fingerprint-web-application-framework",
                "information": "Found PHP running in version 5.5.9.",
                "product": "PHP",
                "version": "5.5.9",
                "cve_findings": [{"cve_id": "CVE-2016-4072", "cvss": 7.5, "product": "php", "information": "Phar"}],
            }
        ],
        "xss": [{"finding_description_slug": "xss", "information": "Found possible XSS on site other.example.com/x/."}],
        "csrf": [],
    },
    "descriptions": [
        {"slug": "sql-injection", "title": "SQL Injection", "baseScore": 9.1, "how_to_fix": "Use prepared statements"},
        {"slug": "ssl-protocol-version", "title": "SSL Protocol Version", "baseScore": 8.2},
        {
            "slug": "fingerprint-web-application-framework",
            "title": "Fingerprint Web Application Framework",
            "baseScore": 5.3,
        },
        {"slug": "xss", "title": "Cross-Site Scripting (XSS)", "baseScore": 6.1},
    ],
}


def test_entries_and_cves() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="crashtest.json")).id == "crashtest_security"
    sqli, tls10, tls11, php, cve, xss = list(parse_report(data, "crashtest_security").findings)
    assert (sqli.name, sqli.severity, sqli.score) == ("SQL Injection", Severity.CRITICAL, 9.1)
    assert sqli.location == "https://app.example.com/sqli/" and sqli.remedy == "Use prepared statements"
    assert sqli.asset.type is AssetType.WEB and sqli.asset.attributes == {"fqdn": "app.example.com"}
    # TLS findings name no URL: the report's first URL gives the host; the two stay distinct findings
    assert tls10.asset is sqli.asset and tls10.location is None and tls10.fingerprint != tls11.fingerprint
    assert php.severity is Severity.MEDIUM
    assert (cve.name, cve.severity, cve.reference_ids) == (
        "CVE-2016-4072 in php 5.5.9",
        Severity.HIGH,
        ["CVE-2016-4072"],
    )
    assert cve.package is not None and cve.package.name == "php"
    assert xss.asset.attributes == {"fqdn": "other.example.com"}


def test_empty_and_foreign() -> None:
    empty = {"findings": {"xss": [], "ssl": [], "sqlinjection": []}, "descriptions": []}
    assert list(parse_report(json.dumps(empty).encode(), "crashtest_security").findings) == []
    with pytest.raises(InvalidReport, match="not a Crashtest Security report"):
        list(parse_report(b'{"findings": []}', "crashtest_security").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"findings": {"xss": [{"x": 1}]}}', "crashtest_security").findings)
    with pytest.raises(InvalidReport, match="export the scan report as JSON"):
        list(parse_report(b'<testsuites><testsuite name="x"/></testsuites>', "Crashtest Security XML File").findings)
