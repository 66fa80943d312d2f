"""Veracode: detailedreport XML (static and dynamic flaws, SCA components, fixed flaws skipped), Findings API JSON,
severity scale, CODE asset from the application, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

XML = """<?xml version="1.0" encoding="ISO-8859-1"?>
<detailedreport xmlns="https://www.veracode.com/schema/reports/export/1.0" app_name="shop"
  generation_date="2020-06-01 10:02:01 UTC">
  <severity level="5">
    <category categoryid="1" categoryname="SQL Injection">
      <cwe cweid="89" cwename="SQL Injection">
        <staticflaws>
          <flaw severity="5" categoryname="SQL Injection" issueid="1" module="shop.jar" type="executeQuery"
            description="User input reaches executeQuery. Use parameterized queries. References: CWE"
            cweid="89" remediation_status="Open" mitigation_status="accepted" sourcefile="Dao.java" line="42"
            sourcefilepath="com/shop/" date_first_occurrence="2020-05-01 10:00:00 UTC"/>
          <flaw severity="5" categoryname="SQL Injection" issueid="4" cweid="89" remediation_status="Open"
            mitigation_status="proposed" sourcefile="Dao.java" line="42" sourcefilepath="com/shop/" type="executeQuery"
            description="User input reaches executeQuery. Use parameterized queries. References: CWE"/>
          <flaw severity="5" categoryname="SQL Injection" issueid="2" cweid="89" remediation_status="Fixed"
            sourcefile="Old.java" line="1" sourcefilepath="com/shop/" description="fixed"/>
        </staticflaws>
        <dynamicflaws>
          <flaw severity="1" categoryname="Information Exposure" issueid="3" cweid="200"
            url="https://shop.example.com/login" remediation_status="New" description="Banner disclosed."/>
        </dynamicflaws>
      </cwe>
    </category>
  </severity>
  <software_composition_analysis>
    <vulnerable_components>
      <component component_id="c1" file_name="commons-httpclient-3.1.jar" version="3.1" library="commons-httpclient"
        vendor="apache">
        <vulnerabilities>
          <vulnerability cve_id="CVE-2012-5783" cvss_score="5.8" severity="3" cwe_id="CWE-20"
            cve_summary="Hostname not verified." mitigation="false"/>
          <vulnerability cve_id="CVE-2014-3577" cvss_score="5.8" severity="3" mitigation="true"/>
        </vulnerabilities>
      </component>
    </vulnerable_components>
  </software_composition_analysis>
</detailedreport>
"""


def test_detailed_report_xml() -> None:
    data = XML.encode("iso-8859-1")
    assert detect_format(open_report(data, name="detailed.xml")).id == "veracode"
    parsed = parse_report(data, "veracode")
    sqli, exposure, component = list(parsed.findings)  # the fixed and the mitigated flaws are skipped
    assert sqli.severity is Severity.CRITICAL and exposure.severity is Severity.LOW
    assert sqli.details["issueId"] == "4" and sqli.name == "SQL Injection (CWE-89)" and sqli.cwes == ["CWE-89"]
    assert sqli.location == "com/shop/Dao.java:42"
    assert parsed._ctx.skipped == {"flaw fixed": 1, "mitigation accepted": 2}
    assert sqli.remedy == "User input reaches executeQuery. Use parameterized queries."
    assert exposure.location == "https://shop.example.com/login"
    assert component.reference_ids == ["CVE-2012-5783"] and component.score == 5.8
    assert component.package is not None and (component.package.name, component.package.version) == (
        "commons-httpclient",
        "3.1",
    )
    assert component.severity is Severity.MEDIUM
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "shop"
    assert parsed.meta.scan_date is not None and parsed.meta.scan_date.year == 2020


def test_findings_api_json() -> None:
    doc = {
        "_embedded": {
            "findings": [
                {
                    "scan_type": "SCA",
                    "description": "DoS in spring-boot-autoconfigure.",
                    "context_guid": "app-guid",
                    "finding_status": {"status": "OPEN", "first_found_date": "2023-05-31T16:11:27.482Z"},
                    "finding_details": {
                        "severity": 4,
                        "cwe": {"id": 400},
                        "cve": {"name": "CVE-2023-20883", "cvss": 7.1, "cvss3": {"score": 7.5}},
                        "component_filename": "spring-boot-autoconfigure-2.5.14.jar",
                        "version": "2.5.14",
                        "component_path": [{"path": "lib/spring-boot-autoconfigure-2.5.14.jar"}],
                    },
                },
                {
                    "scan_type": "STATIC",
                    "description": "<span>XSS flaw.</span>",
                    "context_guid": "app-guid",
                    "finding_status": {"status": "CLOSED"},
                    "finding_details": {"severity": 3, "cwe": {"id": 80}},
                },
            ]
        },
        "page": {"number": 0},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="findings.json")).id == "veracode"
    (f,) = list(parse_report(data, "veracode").findings)  # the closed one is skipped
    assert f.severity is Severity.HIGH and f.score == 7.5
    assert f.reference_ids == ["CVE-2023-20883"] and f.cwes == ["CWE-400"]
    assert f.package is not None and f.package.name == "spring-boot-autoconfigure"
    assert f.location == "lib/spring-boot-autoconfigure-2.5.14.jar"


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"<other><flaw/></other>", "veracode").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<detailedreport app_name='x'><flaw severity='3'", "veracode").findings)


def _api(status: dict[str, object]) -> dict[str, object]:
    return {
        "scan_type": "STATIC",
        "description": "flaw",
        "finding_status": status,
        "finding_details": {"severity": 3, "cwe": {"id": 80}, "file_path": "a.js", "file_line_number": 3},
    }


def test_api_closed_and_approved_mitigations_skipped() -> None:
    findings = [
        _api({"status": "OPEN", "resolution": "UNRESOLVED", "resolution_status": "NONE"}),
        _api({"status": "OPEN", "resolution": "MITIGATED", "resolution_status": "PROPOSED"}),
        _api({"status": "OPEN", "resolution": "POTENTIAL_FALSE_POSITIVE", "resolution_status": "APPROVED"}),
        _api({"status": "OPEN", "resolution": "MITIGATED", "mitigation_review_status": "APPROVED"}),
        _api({"status": "CLOSED", "resolution": "UNRESOLVED"}),
        {**_api({"status": "OPEN"}), "is_mitigated": True},
    ]
    parsed = parse_report(json.dumps({"findings": findings}).encode(), "veracode")
    assert len(list(parsed.findings)) == 2
    assert parsed._ctx.skipped == {"mitigation approved": 3, "closed": 1}


def test_api_empty_page() -> None:
    page = {"_links": {"self": {"href": "x"}}, "page": {"size": 100, "total_elements": 0}}
    assert list(parse_report(json.dumps(page).encode(), "veracode").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"other": 1}', "veracode").findings)


PIPELINE = {
    "scan_id": "0f0c1c1e",
    "scan_status": "SUCCESS",
    "message": "Scan successful. Results size: 2 bytes",
    "modules": ["app.jar"],
    "modules_count": 1,
    "findings": [
        {
            "title": "java.sql.Statement.executeQuery",
            "issue_id": 1000,
            "gob": "B",
            "severity": 4,
            "issue_type_id": "taint",
            "issue_type": "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
            "cwe_id": "89",
            "display_text": "<span>This database query contains a SQL injection flaw.</span>",
            "files": {"source_file": {"file": "com/shop/Dao.java", "line": 42, "function_name": "find"}},
            "flaw_match": {"procedure_hash": "1", "prototype_hash": "2"},
        }
    ],
    "pipeline_scan": "23.4.0-0",
    "dev_stage": "DEVELOPMENT",
}


def test_pipeline_scan_json() -> None:
    data = json.dumps(PIPELINE).encode()
    assert detect_format(open_report(data, name="results.json")).id == "veracode"
    (f,) = list(parse_report(data, "veracode").findings)
    assert f.severity is Severity.HIGH and f.cwes == ["CWE-89"] and f.location == "com/shop/Dao.java:42"
    assert f.description == "This database query contains a SQL injection flaw."
    empty = json.dumps({**PIPELINE, "findings": []}).encode()
    assert detect_format(open_report(empty, name="results.json")).id == "veracode"
    assert list(parse_report(empty, "veracode").findings) == []
