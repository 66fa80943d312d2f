"""OpenSCAP XCCDF: failed rule-results are findings with the rule's title and idents; other results skipped."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

DOC = b"""<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_b">
  <Group id="g"><Rule id="xccdf_r_ssh" selected="true" severity="high">
    <title>Disable SSH root login</title><description>Root must not log in.</description>
    <ident system="http://cce.mitre.org">CCE-27445-6</ident><fix>PermitRootLogin no</fix>
  </Rule></Group>
  <Rule id="xccdf_r_tmp" severity="low"><title>Separate /tmp</title></Rule>
  <TestResult id="tr">
    <target>web01.example.com</target>
    <target-address>127.0.0.1</target-address><target-address>10.0.0.5</target-address>
    <rule-result idref="xccdf_r_ssh" severity="high"><result>fail</result>
      <ident system="http://cve.mitre.org">CVE-2020-0001</ident></rule-result>
    <rule-result idref="xccdf_r_tmp"><result>pass</result></rule-result>
    <rule-result idref="xccdf_r_x"><result>notapplicable</result></rule-result>
  </TestResult>
</Benchmark>"""


def test_failed_rules() -> None:
    assert detect_format(open_report(DOC, name="results.xml")).id == "openscap"
    parsed = parse_report(DOC, "openscap")
    (f,) = list(parsed.findings)
    assert f.name == "Disable SSH root login" and f.severity is Severity.HIGH
    assert f.reference_ids == ["CVE-2020-0001", "CCE-27445-6"]
    assert f.remedy == "PermitRootLogin no" and f.location == "xccdf_r_ssh"
    assert f.asset.type is AssetType.INFRA
    assert f.asset.attributes == {"ip": "10.0.0.5", "hostname": "web01.example.com"}
    assert parsed._ctx.skipped == {"result pass": 1, "result notapplicable": 1}


def test_foreign_xml() -> None:
    with pytest.raises(InvalidReport, match="not OpenSCAP"):
        list(parse_report(b"<report><item/></report>", "openscap").findings)
