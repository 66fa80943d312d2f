"""Outpost24 XML: one finding per detail, risk levels, CVSS, port location, false positives inactive."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _detail(name: str, risk: str, fp: str = "0", ip: str = "192.0.2.10", hostname: str = "web01.example.com") -> str:
    return f"""<detail><ip>{ip}</ip><hostname>{hostname}</hostname><virtualhost>198.51.100.4</virtualhost>
<id>1377</id><name>{name}</name><portinfo><portnumber>443</portnumber><protocol>TCP</protocol>
<service>http</service></portinfo><cvss_score>5.1</cvss_score><cvss_v3_score>7.5</cvss_v3_score>
<cvss_v3_vector>CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H</cvss_v3_vector><risk>{risk}</risk>
<description>Bad thing.</description><information>Version 1.1 found.</information><falsepositive>{fp}</falsepositive>
<solution>Upgrade.</solution><referencelist><reference><type>url</type><url>https://example.com/adv</url></reference>
</referencelist><cve><id>CVE-2019-0001</id></cve><history><firstseen>2019-09-10 19:01</firstseen></history></detail>"""


REPORT = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE main SYSTEM "https://outscan.outpost24.com/dtd/XMLReport.dtd">
<main><report>OUTSCAN Security Report</report><reportinfo><type>Vulnerability</type></reportinfo>
<hostlist><host><ip>192.0.2.10</ip></host></hostlist><portlist/>
<detaillist>{_detail("CSRF", "2")}{_detail("Old TLS", "1", fp="1")}
{_detail("Info leak", "0", ip="localhost", hostname="")}</detaillist></main>""".encode()


def test_details() -> None:
    assert detect_format(open_report(REPORT, name="outpost24.xml")).id == "outpost24"
    csrf, tls, info = list(parse_report(REPORT, "outpost24").findings)
    assert (csrf.name, csrf.severity, csrf.score, csrf.location) == ("CSRF", Severity.MEDIUM, 7.5, "443/tcp")
    assert csrf.reference_ids == ["CVE-2019-0001"] and csrf.remedy == "Upgrade."
    assert csrf.description == "Bad thing.\n\nVersion 1.1 found."
    assert csrf.asset.type is AssetType.INFRA
    assert csrf.asset.attributes == {"ip": "192.0.2.10", "hostname": "web01.example.com"}
    assert tls.severity is Severity.LOW and not tls.active and tls.details["status"] == "false positive"
    assert info.severity is Severity.INFO and info.asset.attributes == {"ip": "198.51.100.4", "hostname": "localhost"}


def test_empty_and_foreign() -> None:
    empty = b"<main><reportinfo/><hostlist/><detaillist/></main>"
    assert list(parse_report(empty, "outpost24").findings) == []
    with pytest.raises(InvalidReport, match="not an Outpost24 XML report"):
        list(parse_report(b"<report><detail/></report>", "outpost24").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<main><detaillist><detail><ip>x</ip></detail></detaillist></main>", "outpost24").findings)


def test_instances_of_one_check_stay_distinct() -> None:
    second = _detail("CSRF", "2").replace("Version 1.1 found.", "Version 1.2 found.")
    doc = f"<main><reportinfo/><hostlist/><detaillist>{_detail('CSRF', '2')}{second}</detaillist></main>".encode()
    first, other = list(parse_report(doc, "outpost24").findings)
    assert first.name == other.name and first.location == other.location
    assert first.fingerprint != other.fingerprint
