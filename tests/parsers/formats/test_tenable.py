"""Tenable: Nessus XML (INFRA and WAS), folding per host/port/plugin, CSV exports, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

NESSUS = b"""<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>Basic</policyName></Policy>
<Report name="weekly">
 <ReportHost name="10.0.0.5">
  <HostProperties>
   <tag name="host-ip">10.0.0.5</tag>
   <tag name="host-fqdn">web01.example.com</tag>
   <tag name="netbios-name">WEB01</tag>
   <tag name="operating-system">Ubuntu 22.04</tag>
   <tag name="mac-address">00:11:22:33:44:55</tag>
  </HostProperties>
  <ReportItem port="80" svc_name="www" protocol="tcp" severity="4" pluginID="58987"
              pluginName="PHP Unsupported Version Detection" pluginFamily="CGI abuses">
   <synopsis>An unsupported PHP is installed.</synopsis>
   <description>The PHP version is no longer supported.</description>
   <solution>Upgrade PHP.</solution>
   <plugin_output>Installed version : 5.6.40</plugin_output>
   <cvss3_base_score>10.0</cvss3_base_score>
   <cvss_base_score>7.5</cvss_base_score>
   <cve>CVE-2019-11043</cve>
   <cwe>94</cwe>
   <xref>CWE:20</xref>
   <vuln_publication_date>2019/10/28</vuln_publication_date>
  </ReportItem>
  <ReportItem port="80" svc_name="www" protocol="tcp" severity="4" pluginID="58987"
              pluginName="PHP Unsupported Version Detection" pluginFamily="CGI abuses">
   <plugin_output>Installed version : 7.0.1</plugin_output>
  </ReportItem>
  <ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506"
              pluginName="Nessus Scan Information" pluginFamily="Settings">
   <risk_factor>None</risk_factor>
   <solution>n/a</solution>
  </ReportItem>
 </ReportHost>
 <ReportHost name="10.0.0.6">
  <HostProperties><tag name="host-ip">10.0.0.6</tag></HostProperties>
  <ReportItem port="80" svc_name="www" protocol="tcp" severity="4" pluginID="58987"
              pluginName="PHP Unsupported Version Detection" pluginFamily="CGI abuses"/>
 </ReportHost>
 <ReportHost name="10.0.0.7"><HostProperties><tag name="host-ip">10.0.0.7</tag></HostProperties></ReportHost>
</Report>
</NessusClientData_v2>
"""


def test_nessus_xml_findings_assets_and_folding() -> None:
    assert detect_format(open_report(NESSUS, name="scan.nessus")).id == "tenable"
    parsed = parse_report(NESSUS, "nessus")
    findings = list(parsed.findings)
    # the repeated plugin on 10.0.0.5:80 folds into one; the same plugin on another host stays separate
    assert [(f.asset.attributes["ip"], f.name) for f in findings] == [
        ("10.0.0.5", "PHP Unsupported Version Detection"),
        ("10.0.0.5", "Nessus Scan Information"),
        ("10.0.0.6", "PHP Unsupported Version Detection"),
    ]
    php, info, _other = findings
    assert php.severity is Severity.CRITICAL and php.score == 10.0
    assert php.reference_ids == ["CVE-2019-11043"]
    assert php.cwes == ["CWE-94", "CWE-20"]
    assert "5.6.40" in php.description and "7.0.1" in php.description
    assert php.remedy == "Upgrade PHP."
    assert php.location == "10.0.0.5:80/tcp"
    assert php.published is not None and php.published.year == 2019
    assert php.details["pluginId"] == "58987"
    assert info.severity is Severity.INFO and info.remedy == ""
    assets = {a.attributes["ip"]: a for a in parsed.assets}
    assert set(assets) == {"10.0.0.5", "10.0.0.6", "10.0.0.7"}  # the finding-less host is an asset too
    web01 = assets["10.0.0.5"]
    assert web01.type is AssetType.INFRA
    assert web01.attributes["fqdn"] == "web01.example.com"
    assert web01.attributes["netbios"] == "WEB01"
    assert web01.attributes["os"] == "Ubuntu 22.04"
    assert web01.attributes["macAddress"] == "00:11:22:33:44:55"


WAS = b"""<?xml version="1.0" ?><NessusClientData_v2><Report name="shop" type="was">
<ReportHost name="https://shop.example.com/"><HostProperties>
<tag name="host-fqdn">https://shop.example.com/</tag><tag name="system-type">web_application</tag></HostProperties>
<ReportItem pluginFamily="Cross Site Scripting" pluginName="Cross-Site Scripting (XSS)" pluginID="98104" severity="3"
 protocol="TCP" svc_name="http" port="443"><description>XSS</description><risk_factor>high</risk_factor>
<cvss>7.5</cvss><cvssv3>7.1</cvssv3><xref>CWE:79</xref></ReportItem>
</ReportHost></Report></NessusClientData_v2>"""


def test_was_report_gives_web_assets() -> None:
    parsed = parse_report(WAS, "tenable")
    (f,) = list(parsed.findings)
    assert f.asset.type is AssetType.WEB and f.asset.attributes == {"fqdn": "shop.example.com"}
    assert f.severity is Severity.HIGH and f.score == 7.1 and f.cwes == ["CWE-79"]


CSV = (
    b"Plugin ID,CVE,CVSS,Risk,Host,Protocol,Port,Name,Synopsis,Description,Solution,See Also,Plugin Output\n"
    b'"176703","CVE-2021-46666","7.5","High","10.1.1.1","tcp","0","mariadb (ALAS-2023-2057)","Missing update",'
    b'"desc","Run yum update mariadb","","out"\n'
    b'"176703","CVE-2021-46663","7.5","High","10.1.1.1","tcp","0","mariadb (ALAS-2023-2057)","Missing update",'
    b'"desc","Run yum update mariadb","","out"\n'
    b'"10107","","","None","10.1.1.1","tcp","80","HTTP Server Type","A web server","d","n/a","","Cowboy"\n'
)


def test_csv_export_folds_cve_rows() -> None:
    assert detect_format(open_report(CSV, name="export.csv")).id == "tenable"
    parsed = parse_report(CSV, "tenable")
    mariadb, http = list(parsed.findings)
    assert mariadb.reference_ids == ["CVE-2021-46666", "CVE-2021-46663"]
    assert mariadb.severity is Severity.HIGH and mariadb.score == 7.5
    assert mariadb.remedy == "Run yum update mariadb"
    assert http.severity is Severity.INFO and http.location == "10.1.1.1:80/tcp"
    (asset,) = parsed.assets
    assert asset.type is AssetType.INFRA and asset.attributes["ip"] == "10.1.1.1"


def test_broken_inputs() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(NESSUS[: len(NESSUS) // 2], "tenable").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Other><ReportHost name='x'/></Other>", "tenable").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"a,b\n1,2\n", "tenable").findings)
    empty = b"<NessusClientData_v2><Report name='r'></Report></NessusClientData_v2>"
    assert list(parse_report(empty, "tenable").findings) == []


SC_CSV = (
    b'"Plugin","Plugin Name","Family","Severity","IP Address","Protocol","Port","Exploit?","Repository",'
    b'"MAC Address","DNS Name","NetBIOS Name","Plugin Text","Synopsis","Description","Solution","CVE"\n'
    b'"42873","SSL Medium Strength Cipher Suites Supported (SWEET32)","General","High","10.2.0.1","TCP","443",'
    b'"No","Main","","web.example.com","","<plugin_output>DES-CBC3-SHA</plugin_output>","Medium ciphers",'
    b'"d","Reconfigure.","CVE-2016-2183"\n'
    b'"42873","SSL Medium Strength Cipher Suites Supported (SWEET32)","General","High","10.2.0.2","TCP","443",'
    b'"No","Main","","","","out","Medium ciphers","d","Reconfigure.","CVE-2016-2183"\n'
    b'"19506","Nessus Scan Information","Settings","Info","10.2.0.1","TCP","0","No","Main","","web.example.com",'
    b'"","info","Scan info","d","n/a",""\n'
)


def test_tenable_sc_csv_without_host_column() -> None:
    assert detect_format(open_report(SC_CSV, name="sc.csv")).id == "tenable"
    findings = list(parse_report(SC_CSV, "tenable").findings)
    assert [(f.name[:10], f.location) for f in findings] == [
        ("SSL Medium", "10.2.0.1:443/tcp"),
        ("SSL Medium", "10.2.0.2:443/tcp"),
        ("Nessus Sca", "10.2.0.1"),
    ]
    assert findings[0].severity is Severity.HIGH and "DES-CBC3-SHA" in findings[0].description
    assert findings[2].severity is Severity.INFO


EXPLORE_CSV = (
    b"Asset Name,IPv4 Address,IPv6 Address,FQDN,Operating Systems,Plugin ID,Plugin Name,Severity,Port,Protocol,"
    b"State,Plugin Output,Solution,Synopsis,CVE,CVSSv3 Base Score\n"
    b"db01,10.3.0.1,,db01.corp,Ubuntu 22.04,156032,Apache Log4j RCE,Critical,8080,tcp,Active,path a,Upgrade,"
    b'Log4Shell,"CVE-2021-44228",10.0\n'
    b"db01,10.3.0.1,,db01.corp,,156032,Apache Log4j RCE,Critical,8080,tcp,Resurfaced,path b,Upgrade,Log4Shell,"
    b'"CVE-2021-45046",10.0\n'
    b"db01,10.3.0.1,,db01.corp,Ubuntu 22.04,11219,Nessus SYN scanner,Info,22,tcp,Fixed,,,,,\n"
)


def test_explore_csv_folds_plugin_outputs_per_host_and_port_and_skips_fixed() -> None:
    assert detect_format(open_report(EXPLORE_CSV, name="findings.csv")).id == "tenable"
    parsed = parse_report(EXPLORE_CSV, "tenable")
    (f,) = list(parsed.findings)
    assert f.reference_ids == ["CVE-2021-44228", "CVE-2021-45046"] and f.score == 10.0
    assert "path a" in f.description and "path b" in f.description
    assert f.asset.attributes["os"] == "Ubuntu 22.04"  # the second row's missing OS does not split the host
    assert len(parsed.assets) == 1
    assert parsed._ctx.skipped == {"vulnerability state fixed": 1}


def test_header_only_csv_is_an_empty_scan() -> None:
    assert list(parse_report(CSV.split(b"\n", 1)[0] + b"\n", "tenable").findings) == []
