"""Wapiti XML and JSON: one finding per category, entry info and site; anomalies kept, additionals skipped."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ENTRY = """<entry><method>{m}</method><path>{p}</path><level>{lvl}</level><parameter>id</parameter>
  <info>{info}</info><http_request>GET {p} HTTP/1.1</http_request><curl_command>curl x</curl_command></entry>"""

XML = f"""<?xml version="1.0" ?><report type="security"><report_infos>
  <info name="generatorName">wapiti</info><info name="generatorVersion">Wapiti 3.1.8</info>
  <info name="target">https://shop.example.com/app/</info></report_infos>
<vulnerabilities>
  <vulnerability name="SQL Injection"><description>SQLi.</description><solution>Use prepared statements.</solution>
    <references><reference><title>CWE-89: Improper Neutralization</title><url>https://cwe.mitre.org/89</url></reference>
    </references><entries>{ENTRY.format(m="GET", p="/item", lvl="4", info="SQL Injection via id")}
    {ENTRY.format(m="POST", p="/item/edit", lvl="3", info="SQL Injection via id")}</entries></vulnerability>
  <vulnerability name="HTTP Secure Headers"><description>Headers.</description><solution>Set them.</solution>
    <references/><entries>{ENTRY.format(m="GET", p="/", lvl="1", info="X-Frame-Options is not set")}
    {ENTRY.format(m="GET", p="/", lvl="1", info="Strict-Transport-Security is not set")}</entries></vulnerability>
  <vulnerability name="XSS"><description/><solution/><references/><entries/></vulnerability>
</vulnerabilities>
<anomalies><anomaly name="Internal Server Error"><description>500.</description><solution/><references/>
  <entries>{ENTRY.format(m="GET", p="/crash", lvl="2", info="The server responded with a 500")}</entries></anomaly>
</anomalies>
<additionals><additional name="Fingerprint web technology"><description/><solution/><references/>
  <entries>{ENTRY.format(m="GET", p="/", lvl="0", info="nginx 1.25")}</entries></additional></additionals>
</report>""".encode()


def test_xml_report() -> None:
    assert detect_format(open_report(XML, name="wapiti.xml")).id == "wapiti"
    parsed = parse_report(XML, "wapiti")
    sqli, xfo, hsts, crash = list(parsed.findings)
    assert sqli.name == "SQL Injection: SQL Injection via id" and sqli.severity is Severity.CRITICAL
    assert sqli.details["urls"] == ["GET https://shop.example.com/item", "POST https://shop.example.com/item/edit"]
    assert sqli.cwes == ["CWE-89"] and sqli.remedy == "Use prepared statements."
    assert sqli.asset.type is AssetType.WEB and sqli.asset.attributes == {"fqdn": "shop.example.com"}
    assert xfo.name == "HTTP Secure Headers: X-Frame-Options is not set" and xfo.severity is Severity.LOW
    assert hsts.name.endswith("Strict-Transport-Security is not set")
    assert crash.name.startswith("Internal Server Error") and crash.severity is Severity.MEDIUM
    assert parsed._ctx.skipped["informational additional"] == 1


def test_json_report() -> None:
    doc = {
        "classifications": {"Backup file": {"desc": "Backups.", "sol": "Delete them.", "ref": {"CWE-530: x": "u"}}},
        "vulnerabilities": {
            "Backup file": [{"method": "GET", "path": "/index.php.bak", "info": "Backup file found", "level": 2}],
            "CRLF Injection": [],
        },
        "anomalies": {},
        "additionals": {},
        "infos": {"target": "http://192.0.2.5:8080/", "version": "Wapiti 3.1.8"},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="wapiti.json")).id == "wapiti"
    (backup,) = list(parse_report(data, "wapiti").findings)
    assert backup.severity is Severity.MEDIUM and backup.cwes == ["CWE-530"] and backup.remedy == "Delete them."
    assert backup.location == "http://192.0.2.5:8080/index.php.bak" and backup.asset.attributes == {"ip": "192.0.2.5"}


def test_empty_and_foreign() -> None:
    empty = b'<report type="security"><report_infos><info name="target">https://a.example/</info></report_infos>'
    parsed = parse_report(empty + b"<vulnerabilities/></report>", "wapiti")
    assert list(parsed.findings) == [] and len(parsed.assets) == 1
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report><vulnerability name='x'/></report>", "wapiti").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"vulnerabilities": []}', "wapiti").findings)
