"""AuditJS: JSON component list and console output; one finding per component vulnerability."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REF = "https://ossindex.sonatype.org/component/pkg:npm/mysql@2.0.0?utm_source=auditjs"
JSON = json.dumps(
    [
        {"coordinates": "pkg:npm/chalk@3.0.0", "reference": REF, "vulnerabilities": []},
        {
            "coordinates": "pkg:npm/%40next/env@12.2.2",
            "reference": REF,
            "vulnerabilities": [
                {
                    "id": "da5a3b11",
                    "title": "Unverified Certificate",
                    "description": "No TLS check.",
                    "cvssScore": 9.6,
                    "cvssVector": "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
                    "reference": "https://ossindex/x",
                },
                {"id": "7df31426", "title": "[CVE-2018-3717] XSS", "cvssScore": 5.4, "cve": "CVE-2018-3717"},
            ],
        },
    ]
).encode()

CONSOLE = b"""
  AuditJS version: 4.0.25

  Sonabot here, beep boop beep boop, here are your Sonatype OSS Index results:
  Total dependencies audited: 3

[1/3] - pkg:npm/assert@2.0.0 - No vulnerabilities found!
[2/3] - pkg:npm/connect@2.6.0 - 2 vulnerabilities found!

  Vulnerability Title:  Cross-Site Scripting with connect.methodOverride()
  ID:  843bf109
  Description:  This middleware overwrites req.method.
  It can be abused for XSS.
  CVSS Score:  6.5
  CVSS Vector:  CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N
  Reference:  https://ossindex.sonatype.org/vulnerability/843bf109

  Vulnerability Title:  [CVE-2018-3717] connect node module before 2.14.0 suffers from XSS
  ID:  7df31426
  Description:  XSS in directory.js.
  CVSS Score:  5.4
  CVE:  CVE-2018-3717
  Reference:  https://ossindex.sonatype.org/vulnerability/7df31426

[3/3] - pkg:npm/fresh@0.1.0 - No vulnerabilities found!
"""


def test_json_components() -> None:
    assert detect_format(open_report(JSON, name="auditjs.json")).id == "auditjs"
    parsed = parse_report(JSON, "auditjs")
    cert, xss = list(parsed.findings)
    assert cert.name == "Unverified Certificate in @next/env" and cert.severity is Severity.CRITICAL
    assert cert.package is not None and cert.package.name == "@next/env" and cert.package.version == "12.2.2"
    assert cert.package.ecosystem == "npm" and cert.location == "@next/env@12.2.2"
    assert xss.reference_ids == ["CVE-2018-3717", "7df31426"] and xss.severity is Severity.MEDIUM
    assert parsed._ctx.skipped == {"component without vulnerabilities": 1}
    assert parsed.assets[0].type is AssetType.BUILD


def test_console_output() -> None:
    assert detect_format(open_report(CONSOLE, name="auditjs.txt")).id == "auditjs"
    parsed = parse_report(CONSOLE.replace(b"\n", b"\r\n"), "auditjs")
    method, xss = list(parsed.findings)
    assert method.name == "Cross-Site Scripting with connect.methodOverride() in connect"
    assert method.description == "This middleware overwrites req.method.\nIt can be abused for XSS."
    assert method.score == 6.5 and method.package is not None and method.package.version == "2.6.0"
    assert xss.reference_ids == ["CVE-2018-3717", "7df31426"]
    assert parsed._ctx.skipped == {"component without vulnerabilities": 2}


def test_clean_json() -> None:
    data = json.dumps([{"coordinates": "pkg:npm/chalk@3.0.0", "reference": REF, "vulnerabilities": []}]).encode()
    assert detect_format(open_report(data, name="auditjs.json")).id == "auditjs"
    assert list(parse_report(data, "auditjs").findings) == []


@pytest.mark.parametrize("data", [b"hello\n", b'[{"name": "x"}]', JSON[:-12]])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "auditjs").findings)
