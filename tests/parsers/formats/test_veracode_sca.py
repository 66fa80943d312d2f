"""veracode_sca: vulnerability issues, fixed and ignored issues, other issue types, empty pages, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SELF = {"self": {"href": "https://api.veracode.com/srcclr/v3/workspaces/1/issues?page=0"}}


def _issue(cve: str, status: str = "open", **extra: Any) -> dict[str, Any]:
    return {
        "id": f"issue-{cve}",
        "created_date": "2022-07-29T05:13:00.924+0000",
        "issue_status": status,
        "issue_type": "vulnerability",
        "ignored": False,
        "severity": 9.8,
        "project_name": "shop",
        "project_branch": "main",
        "library": {"id": "maven:org.yaml:snakeyaml:1.30:", "name": "SnakeYAML", "version": "1.30"},
        "vulnerability": {"id": "1234", "title": "Code Execution", "cve": cve, "cvss3_score": 9.8, "cwe_id": "CWE-502"},
        **extra,
    }


def _page(issues: list[dict[str, Any]] | None) -> bytes:
    doc: dict[str, Any] = {"_links": SELF, "page": {"size": 200, "total_elements": len(issues or []), "number": 0}}
    if issues is not None:
        doc["_embedded"] = {"issues": issues}
    return json.dumps(doc).encode()


def test_vulnerability_issues() -> None:
    licence = {"issue_type": "license", "issue_status": "open", "library": {"name": "x"}}
    data = _page(
        [_issue("2022-1471"), _issue("2022-25857", "fixed"), _issue("2022-38749", ignored=True, severity=5.0), licence]
    )
    assert detect_format(open_report(data, name="issues.json")).id == "veracode_sca"
    parsed = parse_report(data, "veracode_sca")
    open_, fixed, ignored = list(parsed.findings)
    assert open_.name == "CVE-2022-1471: Code Execution in SnakeYAML" and open_.severity is Severity.CRITICAL
    assert open_.score == 9.8 and open_.cwes == ["CWE-502"] and "CVE-2022-1471" in open_.reference_ids
    assert open_.asset.type is AssetType.BUILD and open_.asset.attributes["buildFile"] == "shop main"
    assert open_.package is not None and open_.package.ecosystem == "maven" and open_.active
    assert not fixed.active and fixed.details["status"] == "fixed"
    assert not ignored.active and ignored.details["status"] == "ignored" and ignored.severity is Severity.MEDIUM
    assert [w.message for w in parsed.warnings] == ["1 record skipped: license issue (not a vulnerability)"]


def test_empty_page_and_foreign() -> None:
    data = _page(None)
    assert detect_format(open_report(data, name="issues.json")).id == "veracode_sca"
    assert list(parse_report(data, "veracode_sca").findings) == []
    with pytest.raises(InvalidReport, match="not a Veracode SCA issues page"):
        list(parse_report(b'{"results": []}', "veracode_sca").findings)
    with pytest.raises(InvalidReport, match="not a Veracode SCA issue"):
        list(parse_report(b'{"_embedded": {"issues": [{"name": "x"}]}}', "veracode_sca").findings)


def test_srcclr_agent_scan() -> None:
    library = {
        "name": "commons-collections",
        "coordinateType": "MAVEN",
        "coordinate1": "commons-collections",
        "coordinate2": "commons-collections",
        "versions": [{"version": "3.2.1"}],
    }
    vuln = {
        "title": "Remote Code Execution",
        "cve": "2015-7501",
        "cvssScore": 7.5,
        "cvss3Score": 9.8,
        "overview": "Deserialization of untrusted data.",
        "disclosureDate": "2015-11-06T00:00:00.000Z",
        "libraries": [
            {
                "details": [{"updateToVersion": "3.2.2", "versionRange": "<3.2.2"}],
                "_links": {"ref": "/records/0/libraries/0/versions/0"},
            }
        ],
        "_links": {"html": {"href": "https://sca.analysiscenter.veracode.com/vulnerability-database/1"}},
    }
    graph = {"coords": {"coordinateType": "MAVEN", "coordinate1": "com.example", "coordinate2": "shop"}}
    doc = {"metadata": {}, "records": [{"graphs": [graph], "libraries": [library], "vulnerabilities": [vuln]}]}
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="srcclr.json")).id == "veracode_sca"
    (finding,) = list(parse_report(data, "veracode_sca").findings)
    assert finding.name == "CVE-2015-7501: Remote Code Execution in commons-collections:commons-collections"
    assert finding.severity is Severity.CRITICAL and finding.score == 9.8
    assert finding.package is not None and finding.package.version == "3.2.1"
    assert finding.package.fixed_versions == ["3.2.2"] and finding.package.ecosystem == "maven"
    assert finding.asset.attributes["buildFile"] == "com.example:shop"
    clean: dict[str, Any] = {"records": [{"graphs": [], "libraries": [], "vulnerabilities": []}]}
    parsed = parse_report(json.dumps(clean).encode(), "veracode_sca")
    assert list(parsed.findings) == []
    assert [w.message for w in parsed.warnings] == ["1 record skipped: scan record with no vulnerability"]
