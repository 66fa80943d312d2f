"""Generic findings import: the CSV (folding per title/severity/description, URL hosts as WEB assets, dates) and
the JSON (endpoints, file paths, packages, references, CVSS), low detection score, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.api import rank_formats
from scan_parsers.sniff import sniff

CSV = (
    "Date,Title,CweId,Url,Severity,Description,Mitigation,Impact,References,Active,Verified,FalsePositive,"
    "Duplicate,Vulnerability Id,fix_version\n"
    "01/30/2018,Missing header,693,https://192.168.1.1/,Low,X-Frame-Options is missing,Add it,,,"
    "True,False,False,False,,\n"
    "01/30/2018,Missing header,693,https://shop.example.com/a,Low,X-Frame-Options is missing,Add it,,,"
    "True,False,False,False,,\n"
    "01/31/2018,Old jQuery,79,https://shop.example.com/,High,jQuery 1.2 has XSS,,,,"
    "True,True,False,False,CVE-2020-11022,3.5.0\n"
)


def test_csv() -> None:
    data = CSV.encode()
    assert detect_format(open_report(data, name="findings.csv")).id == "generic"
    parsed = parse_report(data, "generic")
    header, jquery = list(parsed.findings)
    assert header.severity is Severity.LOW and jquery.severity is Severity.HIGH
    assert header.details["urls"] == ["https://192.168.1.1/", "https://shop.example.com/a"]
    assert header.cwes == ["CWE-693"] and header.remedy == "Add it"
    assert header.published is not None and (header.published.month, header.published.day) == (1, 30)
    assert jquery.reference_ids == ["CVE-2020-11022"]
    assert jquery.remedy == "Update to 3.5.0"
    assert header.asset.attributes == {"ip": "192.168.1.1"}
    assert jquery.asset.attributes == {"fqdn": "shop.example.com"}
    assert {a.type for a in parsed.assets} == {AssetType.WEB}


def test_json() -> None:
    doc = {
        "name": "manual pentest",
        "findings": [
            {
                "title": "SQL injection in search",
                "severity": "Critical",
                "description": "The q parameter is injectable.",
                "mitigation": "Use bound parameters.",
                "cwe": 89,
                "cvssv3": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "endpoints": [{"protocol": "https", "host": "shop.example.com", "path": "/search"}],
                "unique_id_from_tool": "PT-1",
                "date": "2024-01-24",
            },
            {
                "title": "Vulnerable lodash",
                "severity": "Medium",
                "description": "Prototype pollution.",
                "vulnerability_ids": [{"vulnerability_id": "GHSA-p6mc-m468-83gw"}, "CVE-2020-8203"],
                "component_name": "lodash",
                "component_version": "4.17.15",
                "fix_version": "4.17.19",
                "file_path": "package-lock.json",
                "line": 120,
            },
        ],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="generic.json")).id == "generic"
    parsed = parse_report(data, "generic")
    sqli, lodash = list(parsed.findings)
    assert sqli.severity is Severity.CRITICAL and sqli.score == 9.8
    assert sqli.cwes == ["CWE-89"] and sqli.fingerprint == "PT-1"
    assert sqli.asset.type is AssetType.WEB and sqli.asset.attributes == {"fqdn": "shop.example.com"}
    assert sqli.location == "https://shop.example.com/search"
    assert lodash.reference_ids == ["GHSA-p6mc-m468-83gw", "CVE-2020-8203"]
    assert lodash.package is not None and lodash.package.fixed_versions == ["4.17.19"]
    assert lodash.remedy == "Update lodash from 4.17.15 to 4.17.19"
    assert lodash.location == "package-lock.json:120"
    assert lodash.asset.type is AssetType.CODE and lodash.asset.attributes["scannerSource"] == "manual pentest"


def test_scores_low_so_specific_formats_win() -> None:
    data = json.dumps({"findings": [{"title": "t", "severity": "Low", "description": "d"}]}).encode()
    (detection,) = [d for d in rank_formats(sniff(open_report(data, name="x.json"))) if d.format.id == "generic"]
    assert detection.score == 0.6


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"Name,Value\na,b\n", "generic").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"findings": [{"severity": "Low"}]}', "generic").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"findings": [{"title": "x"', "generic").findings)
