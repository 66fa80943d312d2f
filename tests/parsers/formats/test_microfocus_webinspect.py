"""Fortify WebInspect XML: issues of all sessions folded per check and site, 0-4 severities, CWE classifications."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(vid: str, name: str, severity: str) -> str:
    return f"""<Issue id="x{vid}"><CheckTypeID>Vulnerability</CheckTypeID><EngineType>10028</EngineType>
      <VulnerabilityID>{vid}</VulnerabilityID><Severity>{severity}</Severity><Name>{name}</Name>
      <Classifications><Classification kind="CWE" identifier="CWE-539" href="http://cwe.mitre.org">CWE-539</Classification>
      <Classification kind="7PK" identifier="Security Features">Security Features</Classification></Classifications>
      <ReportSection><Name>Summary</Name>
        <SectionText>undefined&lt;b&gt;Cookies&lt;/b&gt; persist.</SectionText></ReportSection>
      <ReportSection><Name>Fix</Name><SectionText>Expire them.</SectionText></ReportSection>
      <ReportSection><Name>Reference Info</Name><SectionText>&lt;a href="https://owasp.org/c"&gt;x&lt;/a&gt;</SectionText>
      </ReportSection></Issue>"""


def _session(url: str, host: str, issues: str) -> str:
    return f"""<Session requestId="1"><URL>{url}</URL><Scheme>https</Scheme><Host>{host}</Host><Port>443</Port>
      <Issues>{issues}</Issues><RawRequest><![CDATA[GET / HTTP/1.1
Cookie: session=s3cr3t]]></RawRequest></Session>"""


REPORT = (
    "\ufeff<Sessions>"
    + _session(
        "https://app.example.com:443/", "app.example.com", _issue("4728", "Cookie Security: Persistent Cookie", "2")
    )
    + _session(
        "https://app.example.com:443/a", "app.example.com", _issue("4728", "Cookie Security: Persistent Cookie", "3")
    )
    + _session("https://app.example.com:443/b", "app.example.com", _issue("10302", "Cache Management: Headers", "0"))
    + _session("https://other.example.com:443/", "other.example.com", "")
    + "</Sessions>"
).encode()


def test_sessions_fold_per_check_and_site() -> None:
    assert detect_format(open_report(REPORT, name="webinspect.xml")).id == "microfocus_webinspect"
    parsed = parse_report(REPORT, "webinspect")
    cookie, cache = list(parsed.findings)
    assert cookie.name == "Cookie Security: Persistent Cookie" and cookie.severity is Severity.HIGH
    assert cookie.details["urls"] == ["https://app.example.com:443/", "https://app.example.com:443/a"]
    assert cookie.cwes == ["CWE-539"] and cookie.details["classifications"] == ["7PK: Security Features"]
    assert cookie.description == "Cookies persist." and cookie.remedy == "Expire them."
    assert cookie.details["references"] == ["https://owasp.org/c"]
    assert "s3cr3t" not in str(cookie.details)
    assert cache.severity is Severity.INFO
    assert cookie.asset.type is AssetType.WEB
    assert [a.attributes for a in parsed.assets] == [{"fqdn": "app.example.com"}, {"fqdn": "other.example.com"}]


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"<Sessions></Sessions>", "webinspect").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<issues><issue/></issues>", "microfocus_webinspect").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Sessions><Session>", "microfocus_webinspect").findings)
