"""Burp XML: one finding per issue type and host (paths kept, worst severity), CWE extraction, no HTTP traffic."""

from __future__ import annotations

import base64

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

TRAFFIC = base64.b64encode(b"GET /secret HTTP/1.1\r\nHost: shop.example.com\r\n\r\n" * 50).decode()


def _issue(type_: str, name: str, path: str, severity: str, host: str = "https://shop.example.com") -> str:
    return f"""<issue>
    <serialNumber>1</serialNumber><type>{type_}</type><name>{name}</name>
    <host ip="203.0.113.5">{host}</host><path><![CDATA[{path}]]></path><location><![CDATA[{path}]]></location>
    <severity>{severity}</severity><confidence>Firm</confidence>
    <issueBackground><![CDATA[<p>Background <b>text</b></p>]]></issueBackground>
    <remediationBackground><![CDATA[<p>Fix it.</p>]]></remediationBackground>
    <vulnerabilityClassifications><![CDATA[<ul><li><a href="#">CWE-79: XSS</a></li></ul>]]>
    </vulnerabilityClassifications>
    <issueDetailItems><issueDetailItem><![CDATA[item one]]></issueDetailItem></issueDetailItems>
    <requestresponse><request method="GET" base64="true"><![CDATA[{TRAFFIC}]]></request>
      <response base64="true"><![CDATA[{TRAFFIC}]]></response></requestresponse>
  </issue>"""


REPORT = f"""<?xml version="1.0"?>
<!DOCTYPE issues [<!ELEMENT issues (issue*)>]>
<issues burpVersion="2023.1" exportTime="now">
  {_issue("2097920", "Cross-site scripting (reflected)", "/search", "Medium")}
  {_issue("2097920", "Cross-site scripting (reflected)", "/login", "High")}
  {_issue("5245344", "Frameable response", "/", "Information")}
  {_issue("5245344", "Frameable response", "/", "Information", host="http://192.0.2.7")}
</issues>""".encode()


def test_folds_per_type_and_host() -> None:
    assert detect_format(open_report(REPORT, name="burp.xml")).id == "burp"
    parsed = parse_report(REPORT, "burp")
    xss, frame, frame_ip = list(parsed.findings)
    assert xss.name == "Cross-site scripting (reflected)"
    assert xss.severity is Severity.HIGH  # the worst of the folded instances
    assert xss.details["paths"] == ["/search", "/login"]
    assert xss.details["ip"] == "203.0.113.5" and xss.details["confidence"] == "Firm"
    assert xss.cwes == ["CWE-79"]
    assert xss.location == "https://shop.example.com/search"
    assert "Background text" in xss.description and "item one" in xss.description
    assert xss.remedy == "Fix it."
    assert frame.severity is Severity.INFO
    assert frame_ip.asset.attributes == {"ip": "192.0.2.7"}
    assert {a.type for a in parsed.assets} == {AssetType.WEB}
    assert {"fqdn": "shop.example.com"} in [a.attributes for a in parsed.assets]
    for finding in (xss, frame, frame_ip):
        assert TRAFFIC[:40] not in finding.description + str(finding.details)


def test_empty_export_has_no_findings() -> None:
    assert list(parse_report(b'<?xml version="1.0"?><issues burpVersion="2023.1"></issues>', "burp").findings) == []


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:900], "burp").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report><issue/></report>", "burp").findings)


def test_false_positive_issues_are_counted_as_skipped() -> None:
    report = f"""<?xml version="1.0"?>
<issues burpVersion="1.7.37" exportTime="Mon Jan 01 10:00:00 UTC 2018">
  {_issue("2097920", "Cross-site scripting (reflected)", "/search", "False positive")}
  {_issue("1049088", "SQL injection", "/item", "High")}
</issues>""".encode()
    parsed = parse_report(report, "burp")
    (f,) = list(parsed.findings)
    assert f.name == "SQL injection" and f.severity is Severity.HIGH
    assert parsed._ctx.skipped == {"severity False positive": 1}
