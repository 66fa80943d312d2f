"""Qualys infrastructure scan (web GUI XML): hosts, confirmed VULN entries as findings, PRACTICE / INFO / SERVICE
entries counted as skipped, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0" encoding="UTF-8" ?>
<SCAN value="scan/1">
<HEADER><KEY value="DATE">2019-04-02T10:14:53Z</KEY></HEADER>
<IP value="10.1.10.1" name="No registered hostname">
  <OS><![CDATA[Linux 2.6]]></OS>
  <VULNS><CAT value="TCP/IP" port="22" protocol="tcp">
      <VULN number="82024" severity="2" cveid="CVE-2002-0510">
        <TITLE><![CDATA[UDP Constant IP Identification]]></TITLE>
        <CVSS_BASE>5</CVSS_BASE><DIAGNOSIS><![CDATA[some diagnosis]]></DIAGNOSIS>
        <SOLUTION><![CDATA[some solution]]></SOLUTION><RESULT><![CDATA[output]]></RESULT>
      </VULN></CAT></VULNS>
  <PRACTICES><CAT value="Web"><PRACTICE number="86001" severity="4"><TITLE>Weak cipher</TITLE></PRACTICE>
  </CAT></PRACTICES>
  <INFOS><CAT value="Information gathering"><INFO number="6" severity="1"><TITLE>DNS Host Name</TITLE></INFO>
    <INFO number="45038" severity="1"><TITLE>Host Scan Time</TITLE></INFO></CAT></INFOS>
  <SERVICES><CAT value="TCP/IP"><SERVICE number="82023" severity="1"><TITLE>Open TCP Services List</TITLE>
  </SERVICE></CAT></SERVICES>
</IP>
<IP value="10.1.10.2" name="app.example.com"><OS>Windows</OS></IP>
</SCAN>
"""


def test_scan_report() -> None:
    assert detect_format(open_report(REPORT, name="scan.xml")).id == "qualys_infrascan_webgui"
    parsed = parse_report(REPORT, "qualys_infrascan_webgui")
    (vuln,) = list(parsed.findings)
    assert vuln.name == "QID-82024 | UDP Constant IP Identification"
    assert vuln.severity is Severity.LOW and vuln.score == 5.0
    assert vuln.reference_ids == ["CVE-2002-0510"]
    assert vuln.location == "10.1.10.1:22/tcp" and "output" in vuln.description
    assert parsed._ctx.skipped == {
        "potential vulnerability (PRACTICE)": 1,
        "information gathered (INFO)": 2,
        "service (SERVICE)": 1,
        "host without detections": 1,
    }
    assert vuln.asset.attributes == {"ip": "10.1.10.1", "os": "Linux 2.6"}
    hosts = {a.attributes.get("hostname") for a in parsed.assets if a.type is AssetType.INFRA}
    assert hosts == {None, "app.example.com"}
    assert parsed.meta.scan_date is not None and parsed.meta.scan_date.year == 2019


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:200], "qualys_infrascan_webgui").findings)
