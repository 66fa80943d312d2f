"""Qualys VM: ASSET_DATA_REPORT XML (glossary after hosts, two streaming passes) and the scan CSV."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE ASSET_DATA_REPORT SYSTEM "https://qualysguard.example/asset_data_report.dtd">
<ASSET_DATA_REPORT>
  <HEADER><GENERATION_DATETIME>2019-08-01T20:03:10Z</GENERATION_DATETIME></HEADER>
  <HOST_LIST>
    <HOST>
      <IP>10.2.0.1</IP>
      <DNS><![CDATA[db01.example.com]]></DNS>
      <NETBIOS>DB01</NETBIOS>
      <OPERATING_SYSTEM><![CDATA[Windows 2016]]></OPERATING_SYSTEM>
      <VULN_INFO_LIST>
        <VULN_INFO><QID id="qid_38170">38170</QID><TYPE>Vuln</TYPE><PORT>3389</PORT><PROTOCOL>tcp</PROTOCOL>
          <RESULT><![CDATA[CN=db01 doesn't resolve]]></RESULT><VULN_STATUS>New</VULN_STATUS>
          <CVSS3_FINAL>8.2</CVSS3_FINAL></VULN_INFO>
        <VULN_INFO><QID id="qid_6">6</QID><TYPE>Ig</TYPE></VULN_INFO>
      </VULN_INFO_LIST>
    </HOST>
    <HOST><IP>10.2.0.2</IP><VULN_INFO_LIST>
        <VULN_INFO><QID id="qid_38170">38170</QID><TYPE>Vuln</TYPE></VULN_INFO>
    </VULN_INFO_LIST></HOST>
  </HOST_LIST>
  <GLOSSARY><VULN_DETAILS_LIST>
    <VULN_DETAILS id="qid_6"><QID id="qid_6">6</QID><TITLE><![CDATA[DNS Host Name]]></TITLE>
      <SEVERITY>1</SEVERITY><THREAT>The FQDN of the host.</THREAT><SOLUTION>N/A</SOLUTION></VULN_DETAILS>
    <VULN_DETAILS id="qid_38170"><QID id="qid_38170">38170</QID>
      <TITLE><![CDATA[SSL Certificate - Subject Common Name Does Not Match Server FQDN]]></TITLE>
      <SEVERITY>5</SEVERITY><THREAT><![CDATA[A <B>mismatch</B> (CWE-295).<P>]]></THREAT>
      <SOLUTION><![CDATA[Get a <I>valid</I> certificate.]]></SOLUTION>
      <CVE_ID_LIST><CVE_ID><ID><![CDATA[CVE-2020-0001]]></ID></CVE_ID></CVE_ID_LIST>
      <CVSS_SCORE><CVSS_BASE>9.3 (AV:N/AC:M/Au:N/C:C/I:C/A:C)</CVSS_BASE></CVSS_SCORE>
      <LAST_UPDATE>2019-01-04T18:28:31Z</LAST_UPDATE>
    </VULN_DETAILS>
  </VULN_DETAILS_LIST></GLOSSARY>
</ASSET_DATA_REPORT>
"""


def test_asset_data_report() -> None:
    assert detect_format(open_report(REPORT, name="report.xml")).id == "qualys"
    parsed = parse_report(REPORT, "qualys")
    cert, dns, cert2 = list(parsed.findings)
    assert cert.name == "QID-38170 | SSL Certificate - Subject Common Name Does Not Match Server FQDN"
    assert cert.severity is Severity.CRITICAL
    assert cert.score == 8.2  # the detection's CVSS3 wins over the knowledge base's CVSS2
    assert cert2.score == 9.3
    assert cert.reference_ids == ["CVE-2020-0001"] and cert.cwes == ["CWE-295"]
    assert "mismatch" in cert.description and "<B>" not in cert.description
    assert "doesn't resolve" in cert.description
    assert cert.remedy == "Get a valid certificate."
    assert cert.location == "10.2.0.1:3389/tcp"
    assert cert.details["status"] == "New"
    assert dns.severity is Severity.INFO and dns.remedy == ""
    host = cert.asset
    assert host.type is AssetType.INFRA
    assert host.attributes == {
        "ip": "10.2.0.1",
        "hostname": "db01.example.com",
        "fqdn": "db01.example.com",
        "os": "Windows 2016",
        "netbios": "DB01",
    }
    assert len(parsed.assets) == 2


CSV = (
    b"IP,HOSTNAME,LAST SCAN,QID,VULN TITLE,TYPE,SEVERITY,PORT,PROTOCOL,OPERATING SYSTEM,IS_PCI,"
    b"FALSE POSITIVE STATUS,CVSS_BASE,Q_SEVERITY,THREAT,IMPACT,SOLUTION,CVSS_TEMPORAL,CATEGORY,RESULT,BUGTRAQID,CVEID\n"
    b"192.168.0.1,abc.example.com,22/09/2022 13:01,86476,Web Server Stopped Responding,POTENTIAL,Medium,80,tcp,"
    b"Linux 2.x,Fail,Requested,6.4,3,The server stopped.<P>,No testing,Restart it,6.1,Web server,no answer,-,"
    b"CVE-2022-1111\n"
)


def test_scan_csv() -> None:
    assert detect_format(open_report(CSV, name="pci.csv")).id == "qualys"
    (f,) = list(parse_report(CSV, "qualys").findings)
    assert f.severity is Severity.MEDIUM and f.score == 6.4
    assert f.reference_ids == ["CVE-2022-1111"]
    assert f.asset.attributes["ip"] == "192.168.0.1" and f.asset.attributes["hostname"] == "abc.example.com"


def test_broken_and_empty() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:900], "qualys").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<SOMETHING><HOST/></SOMETHING>", "qualys").findings)
    empty = b"<ASSET_DATA_REPORT><HEADER/></ASSET_DATA_REPORT>"
    assert list(parse_report(empty, "qualys").findings) == []
