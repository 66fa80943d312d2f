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
