"""Acunetix XML and Acunetix 360 JSON: items of the same name folded per site, CVSS, CWE/CVE, states."""

from __future__ import annotations

import json

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    Tag,
    detect_format,
    open_report,
    parse_report,
)
from scan_parsers.formats.acunetix import Acunetix
from scan_parsers.sniff import sniff


def _item(name: str, affects: str, severity: str, extra: str = "") -> str:
    return f"""<ReportItem id="1"><Name><![CDATA[{name}]]></Name><ModuleName>mod</ModuleName>
      <Details><![CDATA[Found <b>it</b>]]></Details><Affects><![CDATA[{affects}]]></Affects>
      <Parameter>q</Parameter><IsFalsePositive></IsFalsePositive><Severity>{severity}</Severity>
      <Type>xss</Type><Description><![CDATA[<p>Reflected XSS</p>]]></Description>
      <Recommendation>Encode output.</Recommendation>{extra}</ReportItem>"""


SCORED = """<CWEList><CWE id="79"><![CDATA[CWE-79]]></CWE></CWEList>
  <CVEList><CVE><![CDATA[CVE-2020-1234]]></CVE></CVEList>
  <CVSS><Descriptor>AV:N</Descriptor><Score>6.4</Score></CVSS>
  <CVSS3><Descriptor>CVSS:3.0/AV:N</Descriptor><Score>7.1</Score></CVSS3>
  <References><Reference><Database>XSS</Database><URL>https://owasp.org/xss</URL></Reference></References>"""

XML = f"""<?xml version="1.0"?><ScanGroup ExportedOn="now"><Scan><Name>s</Name>
<StartURL><![CDATA[shop.example.com:8443]]></StartURL>
<Crawler StartUrl="https://shop.example.com:8443/"><SiteFiles><SiteFile id="1"><Name>/</Name></SiteFile></SiteFiles>
</Crawler><ReportItems>
{_item("Cross site scripting", "/search", "medium", SCORED)}
{_item("Cross site scripting", "/login", "high")}
{_item("Content Security Policy (CSP) not implemented", "/", "informational")}
</ReportItems></Scan></ScanGroup>""".encode()


def test_xml_folds_items_by_name() -> None:
    assert detect_format(open_report(XML, name="acunetix.xml")).id == "acunetix"
    parsed = parse_report(XML, "acunetix")
    xss, csp = list(parsed.findings)
    assert xss.name == "Cross site scripting" and xss.severity is Severity.HIGH
    assert xss.details["paths"] == ["/search", "/login"]
    assert xss.score == 7.1 and xss.cwes == ["CWE-79"] and xss.reference_ids == ["CVE-2020-1234"]
    assert xss.details["references"] == ["https://owasp.org/xss"] and xss.details["cvssVector"] == "CVSS:3.0/AV:N"
    assert xss.location == "https://shop.example.com:8443/search"
    assert xss.description == "Reflected XSS\n\nFound it" and xss.remedy == "Encode output."
    assert csp.severity is Severity.INFO and csp.score is None
    (asset,) = parsed.assets
    assert asset.type is AssetType.WEB and asset.attributes == {"fqdn": "shop.example.com"}


def _vuln(name: str, url: str, severity: str, state: str = "Present") -> dict[str, object]:
    return {
        "Name": name,
        "Severity": severity,
        "State": state,
        "Type": "CookieNotMarkedAsHttpOnly",
        "Url": url,
        "LookupId": "abc",
        "Classification": {"Cwe": "16, 200", "Cvss": {"BaseScore": {"Value": "5.7"}, "Vector": "CVSS:3.0/AV:N"}},
        "Description": "<p>Cookie not HttpOnly.</p>",
        "RemedialProcedure": "<div>Mark it.</div>",
        "ExternalReferences": "<a href='https://owasp.org/httponly'>x</a>",
        "KnownVulnerabilities": [{"Severity": "Medium", "Title": "t"}],
    }


def _json_report(vulns: list[dict[str, object]]) -> bytes:
    target = {"ScanId": "s1", "Url": "http://203.0.113.9/"}
    return json.dumps({"Generated": "25/06/2021 09:59 AM", "Target": target, "Vulnerabilities": vulns}).encode()


def test_acunetix360_json() -> None:
    report = _json_report(
        [
            _vuln("Cookie Not Marked as HttpOnly", "http://203.0.113.9/login", "Medium", "Present, FalsePositive"),
            _vuln("Cookie Not Marked as HttpOnly", "http://203.0.113.9/admin", "Critical"),
            _vuln("Version Disclosure", "http://app.example.net/", "Info"),
        ]
    )
    assert detect_format(open_report(report, name="a360.json")).id == "acunetix"
    parsed = parse_report(report, "acunetix360")
    cookie, version = list(parsed.findings)
    assert cookie.severity is Severity.CRITICAL and cookie.details["paths"] == [
        "http://203.0.113.9/login",
        "http://203.0.113.9/admin",
    ]
    assert cookie.cwes == ["CWE-16", "CWE-200"] and cookie.score == 5.7
    assert cookie.description == "Cookie not HttpOnly." and cookie.remedy == "Mark it."
    assert cookie.details["state"] == ["Present", "FalsePositive"] and Tag("falsepositive") in cookie.tags
    assert cookie.details["references"] == ["https://owasp.org/httponly"]
    assert cookie.asset.attributes == {"ip": "203.0.113.9"}
    assert version.severity is Severity.INFO and version.asset.attributes == {"fqdn": "app.example.net"}


def test_netsparker_export_is_not_claimed_by_acunetix() -> None:
    vuln = {**_vuln("Version Disclosure", "http://app.example.net/", "Info"), "Description": "See netsparker.com."}
    report = _json_report([vuln])
    assert Acunetix().detect(sniff(open_report(report, name="invicti.json"))) < 0.5
    assert detect_format(open_report(report, name="invicti.json")).id == "netsparker"  # the netsparker format's
    assert len(list(parse_report(report, "acunetix").findings)) == 1


def test_empty_acunetix360_report_registers_the_target() -> None:
    parsed = parse_report(_json_report([]), "acunetix")
    assert list(parsed.findings) == []
    assert [a.attributes for a in parsed.assets] == [{"ip": "203.0.113.9"}]


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(XML[:700], "acunetix").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_json_report([_vuln("a", "http://x.example/", "Low")])[:300], "acunetix").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"findings": []}', "acunetix").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Other><ReportItem/></Other>", "acunetix").findings)
