"""Greenbone/OpenVAS XML and CSV: severity words and scores, INFRA assets, NVT details, repeated results, broken
and foreign input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

XML = b"""<report id="r1" format_id="a994b278"><name>weekly</name>
<report id="r2"><gmp><version>22.4</version></gmp><scan_run_status>Done</scan_run_status>
<ports><port>general/tcp<host>10.1.0.9</host><severity>9.8</severity></port></ports>
<results start="1" max="-1">
<result id="res-1"><name>OpenSSH Multiple Vulnerabilities</name>
  <host>10.1.0.9<asset asset_id="a1"/><hostname>build01</hostname></host><port>22/tcp</port>
  <nvt oid="1.3.6.1.4.1.25623.1.0.100"><type>nvt</type><name>OpenSSH Multiple Vulnerabilities</name>
    <family>General</family>
    <cvss_base>9.8</cvss_base>
    <tags>cvss_base_vector=CVSS:3.1/AV:N|summary=OpenSSH is prone to flaws.|insight=A race.
|affected=OpenSSH &lt; 9.3|impact=RCE|solution_type=VendorFix|vuldetect=Checks the version.</tags>
    <solution type="VendorFix">Update to version 9.3p2 or later.</solution>
    <refs><ref type="cve" id="CVE-2023-38408"/><ref type="url" id="https://www.openssh.com/txt/release-9.3p2"/>
          <ref type="cert-bund" id="WID-SEC-2023-1"/></refs></nvt>
  <threat>High</threat><severity>9.8</severity><qod><value>80</value><type>remote_banner</type></qod>
  <description>Installed version: 8.2p1
Fixed version:     9.3p2</description></result>
<result id="res-2"><name>TCP timestamps</name><host>10.1.0.9<hostname>build01</hostname></host><port>general/tcp</port>
  <nvt oid="1.3.6.1.4.1.25623.1.0.80091"><name>TCP timestamps</name><cvss_base>2.6</cvss_base>
  <tags>summary=The host implements TCP timestamps.|solution=Disable TCP timestamps.
|solution_type=Mitigation</tags></nvt>
  <threat>Low</threat><severity>2.6</severity><description>Packet 1: 1</description></result>
<result id="res-3"><name>TCP timestamps</name><host>10.1.0.9<hostname>build01</hostname></host><port>general/tcp</port>
  <nvt oid="1.3.6.1.4.1.25623.1.0.80091"><name>TCP timestamps</name><cvss_base>2.6</cvss_base></nvt>
  <threat>Low</threat><severity>2.6</severity><description>Packet 1: 2</description></result>
<result id="res-4"><name>OS Detection Consolidation</name><host>10.1.0.10</host><port>general/tcp</port>
  <nvt oid="1.3.6.1.4.1.25623.1.0.105937"><name>OS Detection Consolidation</name><cvss_base>0.0</cvss_base>
  <cve>NOCVE</cve></nvt><threat>Log</threat><severity>0.0</severity><description>Ubuntu 22.04</description></result>
</results></report></report>"""

CSV_HEADER = (
    b"IP,Hostname,Port,Port Protocol,CVSS,Severity,QoD,Solution Type,NVT Name,Summary,Specific Result,NVT OID,CVEs,"
    b"Task ID,Task Name,Timestamp,Result ID,Impact,Solution,Affected Software/OS,Vulnerability Insight,"
    b"Vulnerability Detection Method,Product Detection Result,BIDs,CERTs,Other References\n"
)
CSV = CSV_HEADER + (
    b'10.2.0.4,web01,443,tcp,5.0,Medium,80,"VendorFix","Apache HTTP Server < 2.4.52","Apache is vulnerable.",'
    b'"Installed: 2.4.41","1.3.6.1.4.1.25623.1.0.117","CVE-2021-44790,CVE-2021-44224","t1","nightly",'
    b'"2024-01-02T03:04:05Z","r1","Crash","Update to 2.4.52","Apache < 2.4.52","Overflow","Version check",,,,\n'
    b'10.2.0.4,web01,,,0.0,Log,80,"","Traceroute","Route info","1 hop","1.3.6.1.4.1.25623.1.0.51662","",'
    b'"t1","nightly","2024-01-02T03:04:05Z","r2","","","","","","",,,\n'
)


def test_xml_results() -> None:
    assert detect_format(open_report(XML, name="report.xml")).id == "openvas"
    parsed = parse_report(XML)
    findings = list(parsed.findings)
    assert [f.name for f in findings] == [
        "OpenSSH Multiple Vulnerabilities",
        "TCP timestamps",
        "OS Detection Consolidation",
    ]
    ssh, timestamps, os_info = findings
    assert (ssh.severity, ssh.score, ssh.location) == (Severity.HIGH, 9.8, "22/tcp")
    assert ssh.reference_ids == ["CVE-2023-38408"]
    assert ssh.asset.type is AssetType.INFRA
    assert ssh.asset.attributes == {"ip": "10.1.0.9", "hostname": "build01"}
    assert ssh.description.startswith("OpenSSH is prone to flaws.\n\nInsight: A race.")
    assert "Fixed version:     9.3p2" in ssh.description
    assert ssh.remedy == "Update to version 9.3p2 or later.\n\nSolution type: VendorFix"
    assert ssh.details["references"] == ["https://www.openssh.com/txt/release-9.3p2"]
    assert ssh.details["qod"] == "80" and ssh.details["nvtOid"] == "1.3.6.1.4.1.25623.1.0.100"
    assert timestamps.remedy.startswith("Disable TCP timestamps.")
    assert "Packet 1: 1" in timestamps.description  # the first of the repeated results is kept
    assert [w.code for w in parsed.warnings] == ["repeated-result"]
    assert (os_info.severity, os_info.score, os_info.reference_ids) == (Severity.INFO, None, [])


def test_csv_results() -> None:
    assert detect_format(open_report(CSV, name="results.csv")).id == "openvas"
    apache, traceroute = parse_report(CSV).findings
    assert (apache.severity, apache.score, apache.location) == (Severity.MEDIUM, 5.0, "443/tcp")
    assert apache.reference_ids == ["CVE-2021-44790", "CVE-2021-44224"]
    assert apache.asset.attributes == {"ip": "10.2.0.4", "hostname": "web01"}
    assert "Impact: Crash" in apache.description and "Detection result:\nInstalled: 2.4.41" in apache.description
    assert apache.remedy == "Update to 2.4.52\n\nSolution type: VendorFix"
    assert (traceroute.severity, traceroute.location) == (Severity.INFO, "general")


@pytest.mark.parametrize(
    ("word", "expected"), [("Critical", Severity.CRITICAL), ("Log", Severity.INFO), ("", Severity.HIGH)]
)
def test_threat_words_and_score_fallback(word: str, expected: Severity) -> None:
    row = CSV_HEADER + f'10.0.0.1,,80,tcp,7.5,{word},,,"Check",,,"1.2.3",,,,,,,,,,,,,,\n'.encode()
    (f,) = parse_report(row, "openvas").findings
    assert f.severity is expected


def test_empty_csv_is_clean_but_foreign_csv_is_refused() -> None:
    assert list(parse_report(CSV_HEADER, "openvas").findings) == []
    with pytest.raises(InvalidReport, match="OpenVAS columns"):
        list(parse_report(b"Host,Plugin ID,Risk\n", "openvas").findings)
    with pytest.raises(InvalidReport, match="OpenVAS columns"):
        list(parse_report(b"Host,Plugin ID,Risk\n1.2.3.4,1,High\n", "OpenVAS Parser v2").findings)


def test_broken_and_foreign_xml_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(XML[:900], "openvas").findings)
    with pytest.raises(InvalidReport, match="not a Greenbone/OpenVAS XML report"):
        list(parse_report(b"<nmaprun/>", "openvas").findings)
