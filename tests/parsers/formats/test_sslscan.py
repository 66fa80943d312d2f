"""sslscan XML: issues derived from the scan of each target, one finding per issue and target."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0"?><document title="SSLScan Results" version="2.0.15">
 <ssltest host="mail.example.com" sniname="mail.example.com" port="993">
  <protocol type="ssl" version="3" enabled="1" /><protocol type="tls" version="1.0" enabled="1" />
  <protocol type="tls" version="1.3" enabled="1" />
  <fallback supported="0" /><renegotiation supported="1" secure="0" /><compression supported="0" />
  <heartbleed sslversion="TLSv1.0" vulnerable="1" /><heartbleed sslversion="TLSv1.1" vulnerable="1" />
  <cipher status="accepted" sslversion="TLSv1.0" bits="56" cipher="DES-CBC-SHA" strength="weak" />
  <cipher status="accepted" sslversion="TLSv1.0" bits="112" cipher="DES-CBC3-SHA" strength="medium" />
  <cipher status="preferred" sslversion="TLSv1.3" bits="256" cipher="TLS_AES_256_GCM_SHA384" strength="strong" />
  <certificate><pk error="false" type="RSA" bits="1024" /><self-signed>true</self-signed>
   <not-valid-after>Mar 13 11:59:45 2019 GMT</not-valid-after><expired>true</expired></certificate>
 </ssltest>
 <ssltest host="192.0.2.44" port="443"><fallback supported="1" /><heartbleed sslversion="TLSv1.2" vulnerable="0" />
 </ssltest>
</document>"""


def test_issues_per_target() -> None:
    assert detect_format(open_report(REPORT, name="sslscan.xml")).id == "sslscan"
    parsed = parse_report(REPORT, "sslscan")
    by_name = {f.name: f for f in parsed.findings}
    assert set(by_name) == {
        "Heartbleed",
        "SSLv3 enabled",
        "TLSv1.0 enabled",
        "Insecure renegotiation",
        "TLS_FALLBACK_SCSV not supported",
        "Weak cipher suites accepted",
        "Medium-strength cipher suites accepted",
        "Expired certificate",
        "Self-signed certificate",
        "Weak certificate key",
    }
    hb = by_name["Heartbleed"]
    assert hb.severity is Severity.HIGH and hb.reference_ids == ["CVE-2014-0160"] and hb.location == "993/tcp"
    assert hb.details["items"] == ["TLSv1.0", "TLSv1.1"]
    assert hb.asset.type is AssetType.INFRA and hb.asset.attributes == {"hostname": "mail.example.com"}
    assert by_name["Weak cipher suites accepted"].details["items"] == ["TLSv1.0 DES-CBC-SHA (56 bits)"]
    assert by_name["TLSv1.0 enabled"].severity is Severity.LOW
    assert [a.attributes for a in parsed.assets][1] == {"ip": "192.0.2.44"}  # clean target still an asset


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'<document title="SSLScan Results"></document>', "sslscan").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report><ssltest/></report>", "sslscan").findings)
