"""HCL AppScan DAST XML: one finding per issue, lookups by reference, severity fallbacks, detection vs IBM/ASoC."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def report(product: str = "HCL AppScan Standard", version: str = "2.7", issues: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<xml-report name="AppScan Report" technology="DAST" xmlExportVersion="{version}">
  <dictionary><item id="secure">Secure</item></dictionary>
  <scan-information><product-name>{product}</product-name></scan-information>
  <scan-configuration><starting-url>https://shop.example.com</starting-url></scan-configuration>
  <issue-type-group>
    <item id="attXss"><name>Cross-Site Scripting</name><cve/><cwe>79</cwe></item>
    <item id="attHdr"><name>Unnecessary response headers</name><cwe>200</cwe></item>
  </issue-type-group>
  <fix-recommendation-group><item id="attXss"><general><fixRecommendation>
    <text>Encode output.</text><text>Validate input.</text></fixRecommendation></general></item>
  </fix-recommendation-group>
  <url-group><item id="1"><name>https://shop.example.com/search</name></item>
    <item id="2"><name>https://shop.example.com/login</name></item></url-group>
  <entity-group><item id="e1"><name>q</name><url-name>https://shop.example.com/search</url-name></item></entity-group>
  {issues}
  <advisory-group><item id="attXss"><advisory><name>Cross-Site Scripting</name></advisory></item></advisory-group>
</xml-report>""".encode()


ISSUES = """<issue-group total="3">
  <item id="11"><severity>High</severity><severity-id>3</severity-id><cvss-score>7.5</cvss-score>
    <issue-type><ref>attXss</ref></issue-type><entity><ref>e1</ref></entity><url><ref>1</ref></url>
    <variant-group><item id="1"><issue-information><issue-tip>Check the response.</issue-tip></issue-information>
      <reasoning>The test result seems to indicate a vulnerability.</reasoning>
      <differences><item name="q" altered="&lt;script&gt;"/></differences></item></variant-group></item>
  <item id="12"><severity/><severity-id>1</severity-id><cvss-score>3.7</cvss-score>
    <issue-type><ref>attHdr</ref></issue-type><url><ref>2</ref></url><variant-group/></item>
  <item id="13"><severity>Informational</severity><issue-type><ref>attHdr</ref></issue-type>
    <url><ref>unknown</ref></url></item>
</issue-group>"""


def test_one_finding_per_issue() -> None:
    data = report(issues=ISSUES)
    assert detect_format(open_report(data, name="appscan.xml")).id == "hcl_appscan"
    xss, header, info = list(parse_report(data, "hcl_appscan").findings)
    assert (xss.name, xss.severity, xss.score, xss.cwes) == ("Cross-Site Scripting", Severity.HIGH, 7.5, ["CWE-79"])
    assert xss.location == "https://shop.example.com/search" and xss.details["entity"] == "q"
    assert xss.remedy == "Encode output.\nValidate input." and "seems to indicate" in xss.description
    assert xss.asset.type is AssetType.WEB and xss.asset.attributes == {"fqdn": "shop.example.com"}
    assert (header.name, header.severity, header.cwes) == ("Unnecessary response headers", Severity.LOW, ["CWE-200"])
    # an unresolvable URL reference: the scan's starting URL gives the asset, no location
    assert info.severity is Severity.INFO and info.location is None and info.asset is xss.asset


def test_detection_by_product_and_version() -> None:
    assert detect_format(open_report(report("IBM Security AppScan Standard", "2.42"), name="a.xml")).id == "ibm_app"
    assert detect_format(open_report(report("CENSURED", "2.7"), name="a.xml")).id == "hcl_appscan"
    assert detect_format(open_report(report("CENSURED", "2.42"), name="a.xml")).id == "ibm_app"


def test_empty_and_foreign() -> None:
    parsed = parse_report(report(), "hcl_appscan")
    assert list(parsed.findings) == []
    assert any("issue type listed" in w.message for w in parsed.warnings)
    with pytest.raises(InvalidReport, match="not an HCL AppScan XML report"):
        list(parse_report(b"<report><item id='1'/></report>", "hcl_appscan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(report(issues=ISSUES)[:900], "hcl_appscan").findings)
