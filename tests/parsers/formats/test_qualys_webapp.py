"""Qualys WAS: one finding per QID and site (URLs kept), information gathered entries, broken input."""

from __future__ import annotations

import base64

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

EVIDENCE = base64.b64encode(b"X-Content-Type-Options: Header missing").decode()
REPORT = f"""<?xml version='1.0' encoding='UTF-8'?>
<WAS_SCAN_REPORT>
  <HEADER><NAME>Scan Report</NAME></HEADER>
  <RESULTS>
    <VULNERABILITY_LIST>
      <VULNERABILITY><QID>150246</QID><URL>https://store.example.com/index.html</URL></VULNERABILITY>
      <VULNERABILITY><QID>150246</QID><URL>https://store.example.com/config.xml</URL></VULNERABILITY>
    </VULNERABILITY_LIST>
    <INFORMATION_GATHERED_LIST>
      <INFORMATION_GATHERED><QID>150202</QID><DATA base64="true">{EVIDENCE}</DATA></INFORMATION_GATHERED>
    </INFORMATION_GATHERED_LIST>
  </RESULTS>
  <GLOSSARY><QID_LIST>
    <QID><QID>150246</QID><CATEGORY>Confirmed Vulnerability</CATEGORY><SEVERITY>4</SEVERITY>
      <TITLE>Path-relative stylesheet import</TITLE><CWE>CWE-22</CWE><CVSS_BASE>6.4</CVSS_BASE>
      <DESCRIPTION><![CDATA[Relative URLs<P>]]></DESCRIPTION><SOLUTION>Use absolute URLs.</SOLUTION></QID>
    <QID><QID>150202</QID><CATEGORY>Information Gathered</CATEGORY><SEVERITY>1</SEVERITY>
      <TITLE>Missing header</TITLE><SOLUTION>N/A</SOLUTION></QID>
  </QID_LIST></GLOSSARY>
  <APPENDIX><WEBAPP><NAME>eStore</NAME><URL>https://store.example.com/</URL></WEBAPP></APPENDIX>
</WAS_SCAN_REPORT>""".encode()


def test_was_report() -> None:
    assert detect_format(open_report(REPORT, name="was.xml")).id == "qualys_webapp"
    parsed = parse_report(REPORT, "qualys-was")
    vuln, info = list(parsed.findings)
    assert vuln.name == "QID-150246 | Path-relative stylesheet import"
    assert vuln.severity is Severity.HIGH and vuln.score == 6.4 and vuln.cwes == ["CWE-22"]
    assert vuln.details["urls"] == ["https://store.example.com/index.html", "https://store.example.com/config.xml"]
    assert vuln.remedy == "Use absolute URLs."
    assert info.severity is Severity.INFO and "Header missing" in info.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.WEB and asset.attributes == {"fqdn": "store.example.com"}


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:300], "qualys_webapp").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<OTHER/>", "qualys_webapp").findings)


WEBAPP_REPORT = b"""<?xml version='1.0' encoding='UTF-8'?>
<WAS_WEBAPP_REPORT>
  <HEADER><NAME>Web Application Report</NAME></HEADER>
  <RESULTS>
    <WEB_APPLICATION>
      <ID>1234</ID><NAME>Portal</NAME><URL>https://portal.example.com/</URL>
      <VULNERABILITY_LIST>
        <VULNERABILITY><QID>150001</QID><URL>https://portal.example.com/search?q=x</URL><STATUS>ACTIVE</STATUS>
          <IGNORED>true</IGNORED></VULNERABILITY>
        <VULNERABILITY><QID>150002</QID><URL>https://portal.example.com/login</URL><STATUS>FIXED</STATUS>
        </VULNERABILITY>
      </VULNERABILITY_LIST>
      <INFORMATION_GATHERED_LIST>
        <INFORMATION_GATHERED><QID>6</QID></INFORMATION_GATHERED>
      </INFORMATION_GATHERED_LIST>
    </WEB_APPLICATION>
  </RESULTS>
  <GLOSSARY><QID_LIST>
    <QID><QID>150001</QID><SEVERITY>5</SEVERITY><TITLE>Reflected XSS</TITLE><CWE>CWE-79</CWE></QID>
    <QID><QID>150002</QID><SEVERITY>3</SEVERITY><TITLE>Weak password policy</TITLE></QID>
    <QID><QID>6</QID><SEVERITY>1</SEVERITY><TITLE>DNS Host Name</TITLE></QID>
  </QID_LIST></GLOSSARY>
</WAS_WEBAPP_REPORT>"""


def test_web_application_report_skips_fixed_and_tags_ignored() -> None:
    assert detect_format(open_report(WEBAPP_REPORT, name="webapp.xml")).id == "qualys_webapp"
    parsed = parse_report(WEBAPP_REPORT, "qualys_webapp")
    xss, dns = list(parsed.findings)
    assert xss.name == "QID-150001 | Reflected XSS" and xss.severity is Severity.CRITICAL
    assert ("status", "ignored") in [(t.key, t.value) for t in xss.tags]
    assert dns.asset.attributes == {"fqdn": "portal.example.com"}
    assert parsed._ctx.skipped == {"vulnerability status FIXED": 1}
