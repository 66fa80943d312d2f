"""Nikto XML and JSON: folding one check's items per target, WEB assets, severity rule, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

XML = b"""<?xml version="1.0" ?>
<!DOCTYPE niktoscan SYSTEM "docs/nikto.dtd">
<niktoscan version="2.1.6" nxmlversion="1.2">
<scandetails targetip="198.51.100.7" targethostname="shop.example.org" targetport="8443" targetbanner="nginx">
<item id="740001" osvdbid="0" method="GET">
<description><![CDATA[Potentially interesting backup/cert file found.]]></description>
<uri><![CDATA[/site.tar]]></uri><namelink><![CDATA[https://shop.example.org:8443/site.tar]]></namelink>
</item>
<item id="740001" osvdbid="0" method="GET">
<description><![CDATA[Potentially interesting backup/cert file found.]]></description>
<uri><![CDATA[/site.zip]]></uri><namelink><![CDATA[https://shop.example.org:8443/site.zip]]></namelink>
</item>
<item id="000512" osvdbid="3092" method="GET">
<description><![CDATA[/admin/: This might be interesting.]]></description>
<uri><![CDATA[/admin/]]></uri><namelink><![CDATA[https://shop.example.org:8443/admin/]]></namelink>
</item>
<item id="000512" osvdbid="3092" method="GET">
<description><![CDATA[/old/: This might be interesting.]]></description>
<uri><![CDATA[/old/]]></uri><namelink><![CDATA[]]></namelink>
</item>
</scandetails>
<scandetails targetip="198.51.100.8" targethostname="198.51.100.8" targetport="80">
<item id="999957" osvdbid="0" method="GET">
<description><![CDATA[CDATA[The X-Content-Type-Options header is not set.]]></description>
<uri><![CDATA[/]]></uri>
</item>
</scandetails>
</niktoscan>"""


def _json(vulns: list[dict[str, str]]) -> bytes:
    return json.dumps(
        {"host": "app.example.org", "ip": "203.0.113.9", "port": "443", "vulnerabilities": vulns}
    ).encode()


def test_xml_items_fold_per_check_and_target() -> None:
    assert detect_format(open_report(XML, name="nikto.xml")).id == "nikto"
    parsed = parse_report(XML)
    backup, admin, header = parsed.findings
    assert backup.name == "Potentially interesting backup/cert file found."
    assert backup.details["urls"] == [
        "https://shop.example.org:8443/site.tar",
        "https://shop.example.org:8443/site.zip",
    ]
    assert backup.location == "https://shop.example.org:8443"
    assert backup.severity is Severity.INFO
    assert backup.asset.type is AssetType.WEB
    assert backup.asset.attributes == {"fqdn": "shop.example.org", "ip": "198.51.100.7"}
    assert (admin.name, admin.severity, admin.details["osvdb"]) == ("This might be interesting.", Severity.LOW, "3092")
    assert admin.details["urls"] == ["https://shop.example.org:8443/admin/", "https://shop.example.org:8443/old/"]
    assert admin.location == "https://shop.example.org:8443"
    # doubled CDATA marker stripped; an IP-only target is a WEB asset by IP
    assert header.name == "The X-Content-Type-Options header is not set."
    assert header.asset.attributes == {"ip": "198.51.100.8"}
    assert header.location == "http://198.51.100.8/"


def test_json_single_host_and_list_of_hosts() -> None:
    vulns = [
        {"id": "999100", "method": "GET", "url": "/", "msg": "Uncommon header 'x-a' found."},
        {"id": "999100", "method": "GET", "url": "/", "msg": "Uncommon header 'x-b' found."},
        {"id": "999101", "method": "GET", "url": "/cgi-bin/", "msg": "/cgi-bin/: Shellshock, see CVE-2014-6271"},
        {"id": "999101", "method": "GET", "url": "/cgi-bin/x", "msg": "/cgi-bin/x: Shellshock, see CVE-2014-6271"},
    ]
    data = _json(vulns)
    assert detect_format(open_report(data, name="nikto.json")).id == "nikto"
    findings = list(parse_report(data).findings)
    assert [f.name for f in findings] == [
        "Uncommon header 'x-a' found.",
        "Uncommon header 'x-b' found.",
        "Shellshock, see CVE-2014-6271",
    ]
    shellshock = findings[2]
    assert (shellshock.severity, shellshock.reference_ids) == (Severity.LOW, ["CVE-2014-6271"])
    assert shellshock.details["occurrences"] == 2
    listed = b"[" + data + b"]"
    assert detect_format(open_report(listed, name="nikto.json")).id == "nikto"
    assert len(list(parse_report(listed).findings)) == 3


def test_host_without_findings_is_an_asset() -> None:
    parsed = parse_report(_json([]), "nikto")
    assert list(parsed.findings) == []
    assert [a.attributes for a in parsed.assets] == [{"fqdn": "app.example.org", "ip": "203.0.113.9"}]


def test_broken_and_foreign_input_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(XML[:600], "nikto").findings)
    with pytest.raises(InvalidReport, match="not a Nikto XML report"):
        list(parse_report(b"<nmaprun/>", "nikto").findings)
    with pytest.raises(InvalidReport, match="not a Nikto JSON report"):
        list(parse_report(b'{"results": []}', "nikto").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"host": "a", "vulnerabilities": [1]}', "nikto").findings)
