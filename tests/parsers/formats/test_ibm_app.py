"""IBM AppScan DAST XML: issues fold per issue type and site, highest severity kept, folded issues counted."""

from __future__ import annotations

import pytest

from scan_parsers import InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0" encoding="utf-8"?>
<xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.42">
  <scan-information><product-name>IBM Security AppScan Standard</product-name></scan-information>
  <scan-configuration><starting-url>https://demo.testfire.net</starting-url></scan-configuration>
  <issue-type-group><item id="attXss"><name>Cross-Site Scripting</name><cve>CVE-2022-00001</cve><cwe>79</cwe></item>
    <item id="attSql"><name>SQL Injection</name><cwe>89</cwe></item></issue-type-group>
  <url-group><item id="1"><name>https://demo.testfire.net/search.jsp</name></item>
    <item id="2"><name>https://demo.testfire.net/feedback.jsp</name></item>
    <item id="3"><name>https://other.testfire.net/login</name></item></url-group>
  <issue-group total="4">
    <item id="a"><severity>Medium</severity><cvss-score>5.0</cvss-score><issue-type><ref>attXss</ref></issue-type>
      <url><ref>1</ref></url></item>
    <item id="b"><severity>High</severity><cvss-score>7.5</cvss-score><issue-type><ref>attXss</ref></issue-type>
      <url><ref>2</ref></url></item>
    <item id="c"><severity>Low</severity><issue-type><ref>attXss</ref></issue-type><url><ref>3</ref></url></item>
    <item id="d"><severity>High</severity><issue-type><ref>attSql</ref></issue-type><url><ref>1</ref></url></item>
  </issue-group>
</xml-report>"""


def test_fold_per_issue_type_and_site() -> None:
    assert detect_format(open_report(REPORT, name="testfire.xml")).id == "ibm_app"
    parsed = parse_report(REPORT, "ibm_app")
    xss, xss_other, sql = list(parsed.findings)
    assert (xss.name, xss.severity, xss.score) == ("Cross-Site Scripting", Severity.HIGH, 7.5)
    assert xss.details["urls"] == ["https://demo.testfire.net/search.jsp", "https://demo.testfire.net/feedback.jsp"]
    assert xss.reference_ids == ["CVE-2022-00001"] and xss.cwes == ["CWE-79"] and xss.location is None
    assert xss_other.asset.attributes == {"fqdn": "other.testfire.net"} and xss_other.severity is Severity.LOW
    assert sql.location == "https://demo.testfire.net/search.jsp" and sql.asset is xss.asset
    assert any("issue folded" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    empty = REPORT.split(b"<issue-group")[0] + b"</xml-report>"
    assert list(parse_report(empty, "ibm_app").findings) == []
    with pytest.raises(InvalidReport, match="not an IBM AppScan XML report"):
        list(parse_report(b"<XmlReport><item/></XmlReport>", "ibm_app").findings)
