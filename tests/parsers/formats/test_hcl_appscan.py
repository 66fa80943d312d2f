"""HCL AppScan XML: issues resolved against the lookup groups (in any order), folded per issue type and site."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _item(url_ref: str, severity: str = "Medium", severity_id: str = "2") -> str:
    return f"""<item id="i{url_ref}"><severity>{severity}</severity><severity-id>{severity_id}</severity-id>
      <cvss-score>5.3</cvss-score><cwe>1275</cwe><issue-type><ref>attSameSiteCookie</ref></issue-type>
      <url original_request_method="GET"><ref>{url_ref}</ref></url>
      <variant-group><item id="1"><reasoning id="1">The cookie has no SameSite.</reasoning>
      <test-http-traffic>GET / HTTP/1.1 Cookie: JSESSIONID=s3cr3t</test-http-traffic></item></variant-group></item>"""


ISSUES = f"<issue-group>{_item('u1')}{_item('u2', 'High', '3')}{_item('u3', '', '1')}</issue-group>"
LOOKUPS = """<issue-type-group><item id="attSameSiteCookie"><name>Cookie with Insecure SameSite</name><cve/>
  <cwe>1275</cwe></item></issue-type-group>
<fix-recommendation-group><item id="attSameSiteCookie"><general><fixRecommendation type="General">
  <text>Set SameSite=Strict.</text></fixRecommendation></general></item></fix-recommendation-group>
<url-group><item id="u1"><name>https://bank.example.com/</name></item><item id="u2"><name>https://bank.example.com/login</name>
  </item><item id="u3"><name>https://api.example.com/v1</name></item></url-group>"""


def _report(body: str) -> bytes:
    head = '<?xml version="1.0"?><xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.7">'
    config = "<scan-configuration><starting-url>https://bank.example.com</starting-url></scan-configuration>"
    return (head + config + body + "</xml-report>").encode()


@pytest.mark.parametrize("body", [LOOKUPS + ISSUES, ISSUES + LOOKUPS], ids=["lookups-first", "issues-first"])
def test_issues_fold_per_type_and_site(body: str) -> None:
    data = _report(body)
    assert detect_format(open_report(data, name="appscan.xml")).id == "hcl_appscan"
    bank, api = list(parse_report(data, "appscan").findings)
    assert bank.name == "Cookie with Insecure SameSite" and bank.severity is Severity.HIGH
    assert bank.asset.type is AssetType.WEB and bank.asset.attributes == {"fqdn": "bank.example.com"}
    assert bank.details["urls"] == ["GET https://bank.example.com/", "GET https://bank.example.com/login"]
    assert bank.cwes == ["CWE-1275"] and bank.score == 5.3 and bank.remedy == "Set SameSite=Strict."
    assert "The cookie has no SameSite." in bank.description and "s3cr3t" not in str(bank.details)
    assert api.asset.attributes == {"fqdn": "api.example.com"} and api.severity is Severity.LOW  # severity-id 1


def test_empty_report_registers_the_starting_url() -> None:
    parsed = parse_report(_report(LOOKUPS.split("<url-group>", maxsplit=1)[0]), "hcl_appscan")
    assert list(parsed.findings) == [] and [a.attributes for a in parsed.assets] == [{"fqdn": "bank.example.com"}]


def test_foreign_xml_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"<XmlReport><Results/></XmlReport>", "hcl_appscan").findings)
