"""Nexpose / InsightVM xml-export-v2: definitions after nodes, per-host and per-port findings, folding, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<NexposeReport version="2.0">
 <scans><scan id="7" name="Weekly" startTime="20240301T101500123" status="finished"/></scans>
 <nodes>
  <node address="10.1.2.3" status="alive" hardware-address="AABBCCDDEEFF" site-name="DC1">
   <names><name>web01.corp.example</name></names>
   <fingerprints><os certainty="0.9" vendor="Ubuntu" product="Linux" version="22.04"/></fingerprints>
   <tests>
    <test id="Unix-Home-Mode" status="vulnerable-version"><Paragraph><Paragraph>home of alice is 755</Paragraph>
    </Paragraph></test>
    <test id="unix-home-mode" status="vulnerable-version"><Paragraph>home of bob is 777</Paragraph></test>
    <test id="ssh-weak-kex" status="not-vulnerable"/>
    <test id="not-defined-anywhere" status="vulnerable-exploited"/>
   </tests>
   <endpoints>
    <endpoint protocol="tcp" port="443" status="open"><services><service name="HTTPS"><tests>
     <test id="openssl-cve-2023-0286" status="vulnerable-version">
      <Paragraph><UnorderedList><ListItem>Vulnerable version: 3.0.2</ListItem></UnorderedList></Paragraph>
     </test>
    </tests></service></services></endpoint>
    <endpoint protocol="udp" port="443" status="open"><services><service name="QUIC"><tests>
     <test id="openssl-cve-2023-0286" status="vulnerable-potential"/>
    </tests></service></services></endpoint>
   </endpoints>
  </node>
  <node address="10.1.2.4" status="alive"><tests/></node>
 </nodes>
 <VulnerabilityDefinitions>
  <vulnerability id="unix-home-mode" title="User home directory mode unsafe" severity="2" cvssScore="2.1"
                 published="20050115T000000000">
   <description><ContainerBlockElement><Paragraph>Home directories are too open.</Paragraph>
   </ContainerBlockElement></description>
   <references/>
   <tags><tag>UNIX</tag></tags>
   <solution><ContainerBlockElement><Paragraph preformat="true">chmod 750 userDir</Paragraph>
   </ContainerBlockElement></solution>
  </vulnerability>
  <vulnerability id="openssl-cve-2023-0286" title="OpenSSL: X.400 type confusion" severity="9" cvssScore="7.4"
                 cvssV3Score="9.1" cvssV3Vector="CVSS:3.1/AV:N/AC:H" published="20230207T000000000">
   <description><ContainerBlockElement><Paragraph>A type confusion in X.400 address processing.</Paragraph>
   </ContainerBlockElement></description>
   <references>
    <reference source="CVE">CVE-2023-0286</reference>
    <reference source="CWE">CWE-843</reference>
    <reference source="URL">https://www.openssl.org/news/secadv/20230207.txt</reference>
   </references>
   <solution><ContainerBlockElement><Paragraph>Upgrade OpenSSL to 3.0.8.</Paragraph></ContainerBlockElement>
   </solution>
  </vulnerability>
  <vulnerability id="ssh-weak-kex" title="Weak KEX" severity="4" cvssScore="4.0"/>
 </VulnerabilityDefinitions>
</NexposeReport>
"""


def test_detects_export_and_aliases() -> None:
    assert detect_format(open_report(EXPORT, name="export.xml")).id == "nexpose"
    for alias in ("rapid7", "insightvm", "Nexpose Scan"):
        assert parse_report(EXPORT, alias).format.id == "nexpose"


def test_findings_per_host_and_port_with_definitions_after_nodes() -> None:
    parsed = parse_report(EXPORT, "nexpose")
    findings = list(parsed.findings)
    assert [(f.asset.attributes["ip"], f.name, f.location) for f in findings] == [
        ("10.1.2.3", "Host Up", "10.1.2.3"),
        ("10.1.2.3", "User home directory mode unsafe", "10.1.2.3"),
        ("10.1.2.3", "OpenSSL: X.400 type confusion", "10.1.2.3:443/tcp"),
        ("10.1.2.3", "OpenSSL: X.400 type confusion", "10.1.2.3:443/udp"),
        ("10.1.2.4", "Host Up", "10.1.2.4"),
    ]
    up, home, openssl_tcp, _udp, _up2 = findings
    assert up.severity is Severity.INFO
    # the same test twice on one host folds, keeping both pieces of evidence; the id matches case-insensitively
    assert "alice" in home.description and "bob" in home.description
    assert home.description.startswith("Home directories are too open.")
    assert home.severity is Severity.LOW and home.score == 2.1
    assert home.remedy == "chmod 750 userDir"
    assert [t.value for t in home.tags] == ["UNIX"]
    assert home.published is not None and home.published.year == 2005
    assert openssl_tcp.severity is Severity.CRITICAL and openssl_tcp.score == 9.1
    assert openssl_tcp.reference_ids == ["CVE-2023-0286"]
    assert openssl_tcp.cwes == ["CWE-843"]
    assert "- Vulnerable version: 3.0.2" in openssl_tcp.description
    assert openssl_tcp.details["port"] == "443" and openssl_tcp.details["service"] == "HTTPS"
    assert openssl_tcp.details["cvss3Vector"] == "CVSS:3.1/AV:N/AC:H"
    assert parsed.meta.scan_date is not None and parsed.meta.scan_date.hour == 10


def test_assets_are_infra_with_host_attributes() -> None:
    parsed = parse_report(EXPORT, "nexpose")
    list(parsed.findings)
    assets = {a.attributes["ip"]: a for a in parsed.assets}
    web = assets["10.1.2.3"]
    assert web.type is AssetType.INFRA
    assert web.attributes == {
        "ip": "10.1.2.3",
        "hostname": "web01",
        "fqdn": "web01.corp.example",
        "os": "Ubuntu Linux 22.04",
        "macAddress": "AA:BB:CC:DD:EE:FF",
    }
    assert assets["10.1.2.4"].attributes == {"ip": "10.1.2.4"}


def test_definitions_inside_a_node_and_nested_empty_nodes_are_tolerated() -> None:
    report = b"""<NexposeReport version="1.0"><nodes><node address="192.0.2.9" status="alive">
    <tests><test id="x" status="vulnerable-exploited"/></tests><nodes></nodes>
    <VulnerabilityDefinitions><vulnerability id="x" title="X" severity="8"/></VulnerabilityDefinitions>
    </node></nodes></NexposeReport>"""
    assert [f.name for f in parse_report(report, "nexpose").findings] == ["Host Up"]


def test_malformed_and_foreign_xml_are_invalid() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(EXPORT[:900], "nexpose").findings)
    with pytest.raises(InvalidReport, match="NexposeReport"):
        list(parse_report(b"<NessusClientData_v2><Report/></NessusClientData_v2>", "nexpose").findings)


def test_tests_that_are_not_findings_are_counted_as_skipped() -> None:
    parsed = parse_report(EXPORT, "nexpose")
    list(parsed.findings)
    assert parsed._ctx.skipped == {
        "test status not-vulnerable": 1,
        "vulnerable test without a vulnerability definition": 1,
    }


SAME_TITLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<NexposeReport version="2.0">
 <nodes>
  <node address="10.9.0.1" status="alive">
   <endpoints>
    <endpoint protocol="tcp" port="22" status="open"><services><service name="SSH"><tests>
     <test id="ssh-openssh-cve-2023-48795" status="vulnerable-version"/>
     <test id="ssh-cve-2023-48795" status="vulnerable-version"/>
     <test id="ssh-weak-mac" status="vulnerable-exploited"/>
    </tests></service></services></endpoint>
    <endpoint protocol="tcp" port="2222" status="open"><services><service name="SSH"><tests>
     <test id="ssh-weak-mac" status="vulnerable-exploited"/>
    </tests></service></services></endpoint>
   </endpoints>
  </node>
 </nodes>
 <VulnerabilityDefinitions>
  <vulnerability id="ssh-openssh-cve-2023-48795" title="SSH Terrapin prefix truncation" severity="5"/>
  <vulnerability id="ssh-cve-2023-48795" title="SSH Terrapin prefix truncation" severity="5"/>
  <vulnerability id="ssh-weak-mac" title="SSH weak MAC algorithms" severity="3"/>
 </VulnerabilityDefinitions>
</NexposeReport>
"""


def test_one_finding_per_vulnerability_and_service_endpoint() -> None:
    findings = list(parse_report(SAME_TITLE, "nexpose").findings)
    assert [(f.name, f.location) for f in findings] == [
        ("Host Up", "10.9.0.1"),
        ("SSH Terrapin prefix truncation", "10.9.0.1:22/tcp"),
        ("SSH weak MAC algorithms", "10.9.0.1:22/tcp"),
        ("SSH weak MAC algorithms", "10.9.0.1:2222/tcp"),
    ]
