"""ImmuniWeb XML: one finding per vulnerability, risk and CVSS, closed statuses inactive, PoC not copied."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0" encoding="utf-8"?>
<Vulnerabilities>
 <Vulnerability><ID>1/2</ID><Name>Code Injection in /contributions</Name><Date>2019-05-24 12:27:24</Date>
  <Status>new</Status><Type>Code Injection</Type><CWE-ID>CWE-94</CWE-ID><CVE-ID></CVE-ID>
  <CVSSv3>9.8 [CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H]</CVSSv3><Risk>CRITICAL</Risk>
  <URL>http://nodegoat.example.com:4000/contributions</URL>
  <Description><![CDATA[Injection via the "preTax" parameter.]]></Description>
  <PoC><![CDATA[POST /contributions HTTP/1.1
Cookie: connect.sid=s%3Asecret-session]]></PoC>
  <Remediation><![CDATA[Filter user input.]]></Remediation></Vulnerability>
 <Vulnerability><ID>1/3</ID><Name>Outdated jQuery</Name><Status>Fixed</Status><CVE-ID>CVE-2020-11022</CVE-ID>
  <CVSSv3>6.1</CVSSv3><Risk>Medium</Risk><URL>http://nodegoat.example.com:4000/</URL><PoC/></Vulnerability>
</Vulnerabilities>"""


def test_vulnerabilities() -> None:
    assert detect_format(open_report(REPORT, name="immuniweb.xml")).id == "immuniweb"
    injection, jquery = list(parse_report(REPORT, "immuniweb").findings)
    assert (injection.name, injection.severity, injection.score) == (
        "Code Injection in /contributions",
        Severity.CRITICAL,
        9.8,
    )
    assert injection.cwes == ["CWE-94"] and injection.details["cvssVector"].startswith("CVSS:3.0/AV:N")
    assert injection.remedy == "Filter user input." and "secret-session" not in str(injection.details)
    assert injection.asset.type is AssetType.WEB and injection.asset.attributes == {"fqdn": "nodegoat.example.com"}
    assert injection.location == "http://nodegoat.example.com:4000/contributions" and injection.active
    assert jquery.reference_ids == ["CVE-2020-11022"] and not jquery.active and jquery.details["status"] == "fixed"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"<Vulnerabilities></Vulnerabilities>", "immuniweb").findings) == []
    with pytest.raises(InvalidReport, match="not an ImmuniWeb XML report"):
        list(parse_report(b"<report><Vulnerability/></report>", "immuniweb").findings)
    with pytest.raises(InvalidReport):
        list(
            parse_report(
                b"<Vulnerabilities><Vulnerability><URL>x</URL></Vulnerability></Vulnerabilities>", "immuniweb"
            ).findings
        )
