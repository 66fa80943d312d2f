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


SCAN_RESULTS = (
    b'"Scan Results","scan/1584047020.26464"\r\n'
    b'"ACME Corp","1 Main St","Springfield","CA","94404","United States"\r\n'
    b'"jdoe","John Doe","Manager"\r\n'
    b"\r\n"
    b'"Launch Date","Active Hosts","Total Hosts","Type","Status","Reference","Scanner Appliance","Duration",'
    b'"Scan Title","Asset Groups","IPs","Excluded IPs","Option Profile"\r\n'
    b'"03/12/2020 21:03:40","2","3","On demand","Finished","scan/1584047020.26464","External","00:10:53",'
    b'"Weekly","","10.0.0.1-10.0.0.3","","Initial Options"\r\n'
    b"\r\n"
    b'"IP","DNS","NetBIOS","OS","IP Status","QID","Title","Type","Severity","Port","Protocol","FQDN","SSL",'
    b'"CVE ID","Vendor Reference","Bugtraq ID","CVSS Base","CVSS Temporal","CVSS3 Base","CVSS3 Temporal",'
    b'"Threat","Impact","Solution","Exploitability","Associated Malware","Results","PCI Vuln","Instance",'
    b'"Category"\r\n'
    b'"10.0.0.1","web01.example.com","WEB01","Linux 3.x","host scanned, found vuln","38739",'
    b'"Deprecated SSH Cryptographic Settings","Vuln","3","22","tcp","","no","CVE-2008-5161","","",'
    b'"4.3 (AV:N/AC:M/Au:N/C:P/I:N/A:N)","3.6","5.3","4.8","Weak <B>ciphers</B>.","Decryption.",'
    b'"Disable them.","","","arcfour","yes","","General remote services"\r\n'
    b'"10.0.0.1","web01.example.com","WEB01","Linux 3.x","host scanned, found vuln","6","DNS Host Name",'
    b'"Ig","1","","","","","","","","","","","","The FQDN.","N/A","N/A","","","web01.example.com","no","",'
    b'"Information gathering"\r\n'
    b'"10.0.0.2","","","Windows 2016","host scanned, found vuln","90043","SMB Signing Disabled","Practice",'
    b'"3","445","tcp","","no","","","","7.3","6.6","","","SMB signing.","MITM.","Enable signing.","","",'
    b'"not required","yes","","Windows"\r\n'
    b'"10.0.0.3","","","","host scanned, no vulnerabilities found","","","","","","","","","","","","","",'
    b'"","","","","","","","","","",""\r\n'
)


def test_scan_results_csv_with_preamble() -> None:
    assert detect_format(open_report(SCAN_RESULTS, name="Scan_Results_jdoe_20200312.csv")).id == "qualys"
    parsed = parse_report(SCAN_RESULTS, "qualys")
    ssh, dns, smb = list(parsed.findings)
    assert ssh.name == "QID-38739 | Deprecated SSH Cryptographic Settings"
    assert ssh.severity is Severity.MEDIUM and ssh.score == 5.3
    assert ssh.reference_ids == ["CVE-2008-5161"] and ssh.location == "10.0.0.1:22/tcp"
    assert "ciphers" in ssh.description and "arcfour" in ssh.description and ssh.remedy == "Disable them."
    assert ssh.asset.attributes == {
        "ip": "10.0.0.1",
        "hostname": "web01.example.com",
        "os": "Linux 3.x",
        "netbios": "WEB01",
    }
    assert dns.severity is Severity.INFO and dns.details["type"] == "information gathered"
    assert smb.score == 7.3 and smb.details["type"] == "potential"
    assert parsed._ctx.skipped == {"host row without a detection": 1}


SCAN_REPORT_TEMPLATE = (
    b'"Scan Report","March 12, 2020"\n'
    b'"ACME Corp","1 Main St"\n'
    b"\n"
    b'"IP","DNS","NetBIOS","Tracking Method","OS","IP Status","QID","Title","Vuln Status","Type","Severity",'
    b'"Port","Protocol","FQDN","SSL","First Detected","Last Detected","Times Detected","Date Last Fixed",'
    b'"CVE ID","Vendor Reference","Bugtraq ID","CVSS","CVSS Base","CVSS Temporal","CVSS Environment","CVSS3.1",'
    b'"CVSS3.1 Base","CVSS3.1 Temporal","Threat","Impact","Solution","Exploitability","Associated Malware",'
    b'"Results","PCI Vuln","Ticket State","Instance","OS CPE","Category"\n'
    b'"10.0.0.5","db.example.com","DB","IP","Windows","host scanned, found vuln","91850","Windows Update",'
    b'"Active","Vuln","5","","","","","01/01/2020","03/01/2020","4","","CVE-2021-1234, CVE-2021-5678","","",'
    b'"","9.3","","","","9.8","","Missing patch.","RCE.","Patch.","","","KB missing","yes","","","","Windows"\n'
    b'"10.0.0.5","db.example.com","DB","IP","Windows","host scanned, found vuln","91851","Old Update",'
    b'"Fixed","Vuln","4","","","","","01/01/2019","01/02/2019","2","02/01/2019","","","",'
    b'"","7.5","","","","","","Missing patch.","RCE.","Patch.","","","","yes","","","","Windows"\n'
)


def test_scan_report_template_csv_skips_fixed() -> None:
    assert detect_format(open_report(SCAN_REPORT_TEMPLATE, name="report.csv")).id == "qualys"
    parsed = parse_report(SCAN_REPORT_TEMPLATE, "qualys")
    (f,) = list(parsed.findings)
    assert f.severity is Severity.CRITICAL and f.score == 9.8
    assert f.reference_ids == ["CVE-2021-1234", "CVE-2021-5678"]
    assert f.details["status"] == "Active"
    assert parsed._ctx.skipped == {"vulnerability status Fixed": 1}


def test_xml_fixed_detection_and_clean_host_are_skipped() -> None:
    report = REPORT.replace(b"<VULN_STATUS>New</VULN_STATUS>", b"<VULN_STATUS>Fixed</VULN_STATUS>").replace(
        b"<HOST_LIST>", b"<HOST_LIST><HOST><IP>10.2.0.9</IP></HOST>"
    )
    parsed = parse_report(report, "qualys")
    assert len(list(parsed.findings)) == 2
    assert parsed._ctx.skipped == {"vulnerability status Fixed": 1, "host without detections": 1}


def test_csv_of_another_tool_is_refused() -> None:
    with pytest.raises(InvalidReport, match="no header row"):
        list(parse_report(b"a,b,c\n1,2,3\n", "qualys").findings)
