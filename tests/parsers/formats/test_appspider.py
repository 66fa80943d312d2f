"""AppSpider VulnSummary.xml: Vulns folded per type and site, AttackScore severities, traffic not copied."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(url: str, score: str, param: str = "N/A", site: str = "https://bank.example.com:443") -> str:
    return f"""<Vuln><WebSite>{site}</WebSite><WebSiteIP>192.0.2.1</WebSiteIP><VulnType>SQL Injection</VulnType>
      <VulnUrl>{url}</VulnUrl><ParameterName>{param}</ParameterName><AttackType>SQLi</AttackType>
      <AttackScore>{score}</AttackScore><Description><![CDATA[<p>Injectable.</p>]]></Description>
      <Recommendation><![CDATA[<p>Bind parameters.</p>]]></Recommendation><CweId>89</CweId><WASC>19</WASC>
      <CrawlTraffic>R0VUIC8gSFRUUC8xLjENCkNvb2tpZTogczNjcjN0</CrawlTraffic><AttackList><Attack/></AttackList></Vuln>"""


REPORT = f"""<?xml version="1.0"?><VulnSummary><AppVersion>7.2</AppVersion><ScanName>Bank</ScanName><VulnList>
{_vuln("https://bank.example.com/a", "3-Medium", "id")}{_vuln("https://bank.example.com/b", "4-High", "q")}
{_vuln("http://10.1.1.1/x", "2-Low", site="http://10.1.1.1:80")}</VulnList></VulnSummary>""".encode()


def test_vulns_fold_per_type_and_site() -> None:
    assert detect_format(open_report(REPORT, name="VulnSummary.xml")).id == "appspider"
    bank, internal = list(parse_report(REPORT, "appspider").findings)
    assert bank.name == "SQL Injection" and bank.severity is Severity.HIGH and bank.cwes == ["CWE-89"]
    assert bank.asset.type is AssetType.WEB and bank.asset.attributes == {"fqdn": "bank.example.com"}
    assert bank.details["urls"] == ["https://bank.example.com/a", "https://bank.example.com/b"]
    assert bank.details["parameters"] == ["id", "q"] and bank.remedy == "Bind parameters."
    assert "R0VU" not in str(bank.details)
    assert internal.severity is Severity.LOW and internal.asset.attributes == {"ip": "10.1.1.1"}


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"<VulnSummary><VulnList/></VulnSummary>", "appspider").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Report><Vuln/></Report>", "appspider").findings)
