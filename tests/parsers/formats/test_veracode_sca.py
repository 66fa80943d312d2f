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
