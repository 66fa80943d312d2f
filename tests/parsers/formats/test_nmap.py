"""Nmap XML: open ports as informational findings, vulners entries scored by CVSS, host identity, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -O 10.0.0.0/30" start="1700000000" version="7.94" xmloutputversion="1.05">
<host><status state="up"/>
<address addr="10.0.0.5" addrtype="ipv4"/>
<address addr="00:11:22:33:44:55" addrtype="mac"/>
<hostnames><hostname name="db1.corp.example" type="PTR"/></hostnames>
<ports>
<extraports state="closed" count="997"/>
<port protocol="tcp" portid="22"><state state="open"/>
  <service name="ssh" product="OpenSSH" version="8.2p1"><cpe>cpe:/a:openbsd:openssh:8.2p1</cpe></service>
  <script id="vulners" output="...">
    <table key="cpe:/a:openbsd:openssh:8.2p1">
      <table><elem key="cvss">9.8</elem><elem key="id">CVE-2023-38408</elem><elem key="type">cve</elem>
             <elem key="is_exploit">false</elem></table>
      <table><elem key="cvss">7.5</elem><elem key="id">PACKETSTORM:173661</elem><elem key="type">packetstorm</elem>
             <elem key="is_exploit">true</elem></table>
    </table>
  </script>
</port>
<port protocol="tcp" portid="3306"><state state="filtered"/><service name="mysql"/></port>
<port protocol="udp" portid="161"><state state="open"/><service name="snmp"/>
  <script id="snmp-info" output="enterprise: net-snmp"/></port>
</ports>
<os><osmatch name="Linux 4.15" accuracy="90"/><osmatch name="Linux 5.4" accuracy="98"/></os>
</host>
<host><status state="up"/><address addr="10.0.0.6" addrtype="ipv4"/><ports/></host>
</nmaprun>"""


def test_open_ports_and_vulners_entries() -> None:
    assert detect_format(open_report(REPORT, name="scan.xml")).id == "nmap"
    parsed = parse_report(REPORT)
    findings = list(parsed.findings)
    assert [f.name for f in findings] == [
        "Open port 22/tcp: ssh",
        "CVE-2023-38408",
        "PACKETSTORM:173661",
        "Open port 161/udp: snmp",
    ]
    ssh, cve, exploit, snmp = findings
    assert (ssh.severity, ssh.location) == (Severity.INFO, "22/tcp")
    assert "OpenSSH 8.2p1" in ssh.description and "cpe:/a:openbsd:openssh:8.2p1" in ssh.description
    assert (cve.severity, cve.score, cve.reference_ids) == (Severity.CRITICAL, 9.8, ["CVE-2023-38408"])
    assert (exploit.severity, exploit.reference_ids) == (Severity.HIGH, [])
    assert [t.value for t in exploit.tags] == ["exploit"]
    assert "enterprise: net-snmp" in snmp.description
    assert ssh.asset.type is AssetType.INFRA
    assert ssh.asset.attributes == {
        "ip": "10.0.0.5",
        "hostname": "db1.corp.example",
        "fqdn": "db1.corp.example",
        "os": "Linux 5.4",
        "macAddress": "00:11:22:33:44:55",
    }
    # the host without open ports is in the inventory, without findings
    assert {a.attributes.get("ip") for a in parsed.assets} == {"10.0.0.5", "10.0.0.6"}
    assert parsed.meta.scan_date is not None and parsed.meta.scan_date.year == 2023


def test_vulners_text_output_without_tables() -> None:
    report = (
        b'<nmaprun><host><address addr="192.0.2.1" addrtype="ipv4"/><ports>'
        b'<port protocol="tcp" portid="80"><state state="open"/><service name="http"/>'
        b'<script id="vulners" output="&#xa;  cpe:/a:apache:http_server:2.4.49: &#xa;'
        b"    &#x9;CVE-2021-41773&#x9;7.5&#x9;https://vulners.com/cve/CVE-2021-41773&#xa;"
        b'    &#x9;EDB-ID:50383&#x9;7.5&#x9;https://vulners.com/exploitdb/EDB-ID:50383&#x9;*EXPLOIT*"/>'
        b"</port></ports></host></nmaprun>"
    )
    _port, cve, edb = parse_report(report, "nmap").findings
    assert (cve.name, cve.score) == ("CVE-2021-41773", 7.5)
    assert edb.name == "EDB-ID:50383" and [t.value for t in edb.tags] == ["exploit"]


def test_broken_or_foreign_xml_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:700], "nmap").findings)
    with pytest.raises(InvalidReport, match="not an Nmap XML report"):
        list(parse_report(b"<NessusClientData_v2><Report/></NessusClientData_v2>", "nmap").findings)


VULN_SCRIPTS = b"""<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sV --script vuln 10.0.0.7" start="1700000000" version="7.80">
<host><status state="up" reason="arp-response"/>
<address addr="10.0.0.7" addrtype="ipv4"/>
<hostnames/>
<ports>
<port protocol="tcp" portid="53"><state state="open"/><service name="domain"/></port>
<port protocol="udp" portid="53"><state state="open"/><service name="domain"/></port>
<port protocol="udp" portid="69"><state state="open|filtered"/><service name="tftp"/></port>
<port protocol="tcp" portid="25"><state state="closed"/><service name="smtp"/></port>
<port protocol="tcp" portid="443"><state state="open"/><service name="https"/>
  <script id="ssl-heartbleed" output="VULNERABLE: ...">
    <table key="NMAP-1">
      <elem key="title">The Heartbleed Bug is a serious vulnerability in OpenSSL.</elem>
      <elem key="state">VULNERABLE</elem>
      <table key="ids"><elem>CVE:CVE-2014-0160</elem></table>
      <table key="description"><elem>OpenSSL 1.0.1 through 1.0.1f leak memory.</elem></table>
      <table key="references"><elem>https://heartbleed.com/</elem></table>
      <elem key="risk_factor">High</elem>
    </table>
  </script>
  <script id="ssl-poodle" output="NOT VULNERABLE">
    <table key="CVE-2014-3566">
      <elem key="title">SSL POODLE information leak</elem>
      <elem key="state">NOT VULNERABLE</elem>
    </table>
  </script>
  <script id="http-title" output="Welcome"><elem key="title">Welcome</elem></script>
</port>
</ports>
<hostscript>
  <script id="smb-vuln-ms17-010" output="VULNERABLE: ...">
    <table key="CVE-2017-0143">
      <elem key="title">Remote Code Execution vulnerability in Microsoft SMBv1 servers (ms17-010)</elem>
      <elem key="state">VULNERABLE</elem>
      <table key="ids"><elem>CVE:CVE-2017-0143</elem></table>
      <table key="scores"><elem key="CVSSv2">9.3</elem></table>
    </table>
  </script>
  <script id="smb-vuln-ms10-054" output="false"/>
</hostscript>
</host>
<host><status state="down" reason="no-response"/><address addr="10.0.0.8" addrtype="ipv4"/></host>
<host><status state="up"/><address addr="10.0.0.9" addrtype="ipv4"/>
<ports><extraports state="filtered" count="1000"/></ports></host>
</nmaprun>"""


def test_tcp_and_udp_ports_and_vulns_library_script_results() -> None:
    parsed = parse_report(VULN_SCRIPTS, "nmap")
    findings = list(parsed.findings)
    assert [(f.name, f.location) for f in findings] == [
        ("Open port 53/tcp: domain", "53/tcp"),
        ("Open port 53/udp: domain", "53/udp"),
        ("Open port 443/tcp: https", "443/tcp"),
        ("ssl-heartbleed: The Heartbleed Bug is a serious vulnerability in OpenSSL.", "443/tcp"),
        ("smb-vuln-ms17-010: Remote Code Execution vulnerability in Microsoft SMBv1 servers (ms17-010)", "10.0.0.7"),
    ]
    heartbleed, ms17 = findings[3], findings[4]
    assert heartbleed.severity is Severity.HIGH and heartbleed.reference_ids == ["CVE-2014-0160"]
    assert heartbleed.remedy == "https://heartbleed.com/"
    assert ms17.score == 9.3 and ms17.severity is Severity.CRITICAL and ms17.reference_ids == ["CVE-2017-0143"]
    assert parsed._ctx.skipped == {
        "port state open|filtered": 1,
        "port state closed": 1,
        "NSE result state NOT VULNERABLE": 1,
        "host down": 1,
        "host without open ports": 1,
    }
    assert {a.attributes["ip"] for a in parsed.assets} == {"10.0.0.7", "10.0.0.8", "10.0.0.9"}


def test_scan_without_hosts_is_an_empty_scan() -> None:
    empty = b'<?xml version="1.0"?><nmaprun scanner="nmap" version="7.94"><runstats/></nmaprun>'
    assert list(parse_report(empty, "nmap").findings) == []
