"""hcl_asoc_sast: one finding per issue-group item, statuses, application asset, DAST envelope not claimed."""

from __future__ import annotations

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    detect_format,
    open_report,
    parse_report,
)


def _issue(status: str, severity: str, line: int) -> str:
    return f"""
    <item filename="src/a.php" language="PHP" context="echo $x;" id="-1">
      <issue-type><ref>CrossSiteScripting</ref></issue-type>
      <variant-group><item id="v"><issue-information type="call-trace">
        <method-signature label="apiColon">User data converted to HTML</method-signature>
      </issue-information></item></variant-group>
      <fix><item id="FIX"><remediation name="u">Encode output</remediation>
        <general><text>Encode user data before writing it to HTML</text></general></item></fix>
      <severity>{severity}</severity><technology>SAST</technology>
      <cwe><ref>79</ref></cwe><status>{status}</status>
      <issue-type-name>Cross-Site Scripting</issue-type-name>
      <location>src/a.php:{line}</location><source-file>src/a.php</source-file><line>{line}</line>
      <asoc-issue-id>id-{line}</asoc-issue-id>
    </item>"""


def _report(issues: str, technology: str = "Mixed") -> bytes:
    return f"""\ufeff<?xml version="1.0" encoding="utf-8"?>
<xml-report name="AppScan Report" AsocXmlExportVersion="1.7" technology="{technology}">
  <dictionary><item id="added">added</item></dictionary>
  <layout><application-name>shop-web</application-name></layout>
  <issue-type-group total="1"><item id="CrossSiteScripting"><name>CrossSiteScripting</name></item></issue-type-group>
  {"<issue-group total='3'>" + issues + "</issue-group>" if issues else ""}
  <fix-group-group><item id="fg"><issueType>CrossSiteScripting</issueType></item></fix-group-group>
</xml-report>""".encode()


def test_issues() -> None:
    data = _report(_issue("Open", "High", 48) + _issue("Noise", "High", 50) + _issue("New", "Critical", 60))
    assert detect_format(open_report(data, name="asoc.xml")).id == "hcl_asoc_sast"
    parsed = parse_report(data, "hcl_asoc_sast")
    first, second = list(parsed.findings)
    assert first.name == "Cross-Site Scripting" and first.severity is Severity.HIGH
    assert second.severity is Severity.CRITICAL and second.location == "src/a.php:60"
    assert first.cwes == ["CWE-79"] and first.remedy == "Encode user data before writing it to HTML"
    assert "User data converted" in first.description and first.details["issueId"] == "id-48"
    assert parsed._ctx.skipped == {"status noise": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "shop-web"


def test_clean_scan_and_dast_envelope() -> None:
    assert list(parse_report(_report("", "SAST"), "hcl_asoc_sast").findings) == []
    # the DAST export of the same envelope is the hcl_appscan format's, never this one's
    assert detect_format(open_report(_report("", "DAST"), name="dast.xml")).id == "hcl_appscan"


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report><item/></report>", "hcl_asoc_sast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_report(_issue("Open", "High", 1))[:-60], "hcl_asoc_sast").findings)
