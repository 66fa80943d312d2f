"""ZAP: XML and JSON reports, one finding per alert item and site, risk codes, CWE, instances capped."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.formats.zap import MAX_INSTANCES

XML = b"""<?xml version="1.0"?><OWASPZAPReport version="2.16.1" generated="now">
<site name="https://shop.example.com" host="shop.example.com" port="443" ssl="true"><alerts>
  <alertitem>
    <pluginid>40012</pluginid><alert>Cross Site Scripting (Reflected)</alert><riskcode>3</riskcode>
    <confidence>2</confidence><desc>&lt;p&gt;XSS found.&lt;/p&gt;</desc>
    <instances><instance><uri>https://shop.example.com/q?x=1</uri><method>GET</method><param>x</param>
      <requestheader>GET /q?x=1 HTTP/1.1 SECRET-HEADER</requestheader></instance></instances>
    <count>1</count><solution>&lt;p&gt;Encode output.&lt;/p&gt;</solution>
    <reference>&lt;p&gt;https://owasp.org/xss&lt;/p&gt;</reference><cweid>79</cweid><wascid>8</wascid>
  </alertitem>
  <alertitem><pluginid>10111</pluginid><alert>Authentication Request</alert><riskcode>0</riskcode>
    <confidence>1</confidence><desc>info</desc><cweid>-1</cweid><wascid>-1</wascid></alertitem>
</alerts></site>
<site name="http://192.0.2.10:8080" host="192.0.2.10" port="8080" ssl="false"><alerts></alerts></site>
</OWASPZAPReport>"""


def test_xml_report() -> None:
    assert detect_format(open_report(XML, name="zap.xml")).id == "zap"
    parsed = parse_report(XML, "owasp-zap")
    xss, auth = list(parsed.findings)
    assert xss.name == "Cross Site Scripting (Reflected)" and xss.severity is Severity.HIGH
    assert xss.cwes == ["CWE-79"] and xss.details["wascId"] == "8" and xss.details["confidence"] == "Medium"
    assert xss.description == "XSS found." and xss.remedy == "Encode output."
    assert xss.location == "https://shop.example.com/q?x=1"
    assert xss.details["instances"] == [{"uri": "https://shop.example.com/q?x=1", "method": "GET", "param": "x"}]
    assert xss.details["references"] == ["https://owasp.org/xss"]
    assert "SECRET-HEADER" not in str(xss.details)
    assert auth.severity is Severity.INFO and auth.cwes == [] and auth.details["wascId"] is None
    # The finding-less site is an asset too.
    assert [(a.type, a.attributes) for a in parsed.assets] == [
        (AssetType.WEB, {"fqdn": "shop.example.com"}),
        (AssetType.WEB, {"ip": "192.0.2.10"}),
    ]


def _json_report(instances: int) -> bytes:
    alert = {
        "pluginid": "10020",
        "alert": "Missing Anti-clickjacking Header",
        "riskcode": "2",
        "confidence": "2",
        "desc": "<p>No X-Frame-Options.</p>",
        "instances": [{"uri": f"https://app.example.org/p{i}", "method": "GET"} for i in range(instances)],
        "solution": "<p>Set the header.</p>",
        "cweid": "1021",
        "wascid": "15",
    }
    site = {"@name": "https://app.example.org", "@host": "app.example.org", "@port": "443", "alerts": [alert]}
    return json.dumps({"@programName": "ZAP", "@version": "2.14.0", "site": [site]}).encode()


def test_json_report_caps_instances() -> None:
    report = _json_report(MAX_INSTANCES + 5)
    assert detect_format(open_report(report, name="zap.json")).id == "zap"
    (finding,) = list(parse_report(report, "zap").findings)
    assert finding.severity is Severity.MEDIUM and finding.cwes == ["CWE-1021"]
    assert finding.asset.attributes == {"fqdn": "app.example.org"}
    assert len(finding.details["instances"]) == MAX_INSTANCES
    assert finding.details["count"] == str(MAX_INSTANCES + 5)


def test_empty_site_has_no_findings() -> None:
    report = b'<?xml version="1.0"?><OWASPZAPReport version="2.9.0"><site name="https://a.example"><alerts>'
    report += b"</alerts></site></OWASPZAPReport>"
    parsed = parse_report(report, "zap")
    assert list(parsed.findings) == [] and len(parsed.assets) == 1


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(XML[:500], "zap").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_json_report(2)[:200], "zap").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report/>", "zap").findings)


def test_gitlab_dast_report_with_embedded_zap_output_is_not_claimed() -> None:
    from scan_parsers import ReportInput
    from scan_parsers.formats.zap import Zap
    from scan_parsers.sniff import sniff

    doc = (
        b'{"@generated": "x", "@version": "D-2020", "remediations": [], "scan": {"type": "dast", '
        b'"scanned_resources": []}, "site": [{"@name": "http://a", "alerts": [{"pluginid": "1"}]}]}'
    )
    assert Zap().detect(sniff(ReportInput.from_bytes(doc, name="gl.json"))) == 0.0


OLD_XML = b"""<?xml version="1.0"?><OWASPZAPReport version="2.4.3" generated="Mon, 1 Feb 2016 10:00:00">
<site name="http://old.example.com" host="old.example.com" port="80" ssl="false"><alerts>
<alertitem><pluginid>10016</pluginid><alert>Web Browser XSS Protection Not Enabled</alert><riskcode>1</riskcode>
<confidence>2</confidence><riskdesc>Low (Medium)</riskdesc><desc>&lt;p&gt;Header missing&lt;/p&gt;</desc>
<uri>http://old.example.com/login</uri><param>X-XSS-Protection</param><solution>Set it.</solution>
<cweid>933</cweid><wascid>14</wascid></alertitem>
<alertitem><pluginid>40012</pluginid><alert>Cross Site Scripting (Reflected)</alert><riskcode>3</riskcode>
<confidence>0</confidence><desc>XSS</desc><uri>http://old.example.com/q</uri></alertitem>
</alerts></site>
<site name="http://static.example.com" host="static.example.com" port="80" ssl="false"><alerts/></site>
</OWASPZAPReport>"""


def test_pre_instances_xml_and_false_positive_and_empty_site_skips() -> None:
    parsed = parse_report(OLD_XML, "zap")
    (f,) = list(parsed.findings)
    assert f.name == "Web Browser XSS Protection Not Enabled" and f.severity is Severity.LOW
    assert f.location == "http://old.example.com/login"
    assert f.details["instances"] == [{"uri": "http://old.example.com/login", "param": "X-XSS-Protection"}]
    assert parsed._ctx.skipped == {"confidence 0 (marked False Positive in ZAP)": 1, "site without alerts": 1}


OLD_JSON = {
    "@version": "2.7.0",
    "@generated": "Thu, 1 Mar 2018 10:00:00",
    "site": {
        "@name": "https://app.example.com",
        "@host": "app.example.com",
        "@port": "443",
        "@ssl": "true",
        "alerts": {
            "pluginid": "10021",
            "alert": "X-Content-Type-Options Header Missing",
            "riskcode": "1",
            "confidence": "2",
            "desc": "<p>Missing.</p>",
            "instances": {"uri": "https://app.example.com/", "method": "GET", "param": "X-Content-Type-Options"},
            "count": "1",
            "solution": "<p>Set it.</p>",
            "cweid": "16",
        },
    },
}


def test_zap_2_7_json_with_object_site_and_alert() -> None:
    data = json.dumps(OLD_JSON).encode()
    assert detect_format(open_report(data, name="zap.json")).id == "zap"
    (f,) = list(parse_report(data, "zap").findings)
    assert f.name == "X-Content-Type-Options Header Missing" and f.location == "https://app.example.com/"
    assert f.asset.attributes == {"fqdn": "app.example.com"} and f.cwes == ["CWE-16"]
