"""SonarQube: API issue and hotspot search (also zipped pages), sonar-report JSON and HTML, default mode folding
per rule versus detailed mode, severity map, project asset, broken input."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ISSUES_PAGE: dict[str, Any] = {
    "total": 2,
    "p": 1,
    "ps": 100,
    "paging": {"pageIndex": 1, "pageSize": 100, "total": 2},
    "effortTotal": 10,
    "issues": [
        {
            "key": "AX1",
            "rule": "OWASP:UsingComponentWithKnownVulnerability",
            "severity": "BLOCKER",
            "component": "shop",
            "project": "shop",
            "status": "OPEN",
            "message": "Filename: lib.jar | Reference: CVE-2024-2529 | CVSS Score: 6.4 | Category: CWE-120 | overflow",
            "tags": ["cve"],
            "creationDate": "2023-10-16T15:05:35+0000",
            "type": "VULNERABILITY",
        },
        {
            "key": "AX2",
            "rule": "Web:TableWithoutCaptionCheck",
            "severity": "MINOR",
            "component": "shop:src/pages/details.html",
            "project": "shop",
            "line": 59,
            "status": "OPEN",
            "message": "Add a description to this table.",
            "type": "BUG",
        },
    ],
    "components": [{"key": "shop", "qualifier": "TRK", "name": "shop"}],
}


def test_api_issues() -> None:
    data = json.dumps(ISSUES_PAGE).encode()
    assert detect_format(open_report(data, name="issues.json")).id == "sonarqube"
    parsed = parse_report(data, "sonar")
    vuln, bug = list(parsed.findings)
    assert (vuln.severity, bug.severity) == (Severity.CRITICAL, Severity.LOW)  # BLOCKER, MINOR
    assert vuln.reference_ids == ["CVE-2024-2529"] and vuln.cwes == ["CWE-120"]
    assert vuln.published is not None and vuln.published.year == 2023
    assert bug.location == "src/pages/details.html:59"
    assert bug.name == "Web:TableWithoutCaptionCheck: Add a description to this table."
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "shop"


def test_api_hotspots_and_zipped_pages() -> None:
    hotspots = {
        "paging": {"pageIndex": 1, "pageSize": 100, "total": 1},
        "hotspots": [
            {
                "key": "H1",
                "component": "shop:src/app.ts",
                "project": "shop",
                "securityCategory": "xss",
                "vulnerabilityProbability": "HIGH",
                "status": "TO_REVIEW",
                "line": 47,
                "message": "Make sure disabling sanitization is safe here.",
                "ruleKey": "typescript:S6268",
            }
        ],
        "components": [],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("sonar_issues.json", json.dumps(ISSUES_PAGE))
        zf.writestr("sonar_hotspots.json", json.dumps(hotspots))
    data = buf.getvalue()
    assert detect_format(open_report(data, name="sonar.zip")).id == "sonarqube"
    findings = list(parse_report(data, "sonarqube", name="sonar.zip").findings)
    assert len(findings) == 3
    hotspot = findings[-1]
    assert hotspot.severity is Severity.HIGH and hotspot.location == "src/app.ts:47"
    assert hotspot.details["type"] == "SECURITY_HOTSPOT"


SONAR_REPORT = {
    "date": "2024-01-01",
    "projectName": "payments",
    "sonarComponent": "payments",
    "rules": {"python:S4792": {"name": "Configuring loggers is security-sensitive", "htmlDesc": "<p>See CWE-117</p>"}},
    "issues": [
        {
            "rule": "python:S4792",
            "severity": "MINOR",
            "status": "TO_REVIEW",
            "component": "app.py",
            "line": line,
            "description": "Configuring loggers is security-sensitive",
            "message": "Make sure this is safe.",
            "key": f"k{line}",
        }
        for line in (24, 49, 81)
    ],
    "hotspotKeys": [],
}


def test_sonar_report_json_default_folds_detailed_does_not() -> None:
    data = json.dumps(SONAR_REPORT).encode()
    assert detect_format(open_report(data, name="sonar-report.json")).id == "sonarqube"
    (folded,) = list(parse_report(data, "SonarQube Scan").findings)
    assert folded.details["occurrences"] == 3
    assert folded.details["locations"] == ["app.py:24", "app.py:49", "app.py:81"]
    assert folded.cwes == ["CWE-117"]
    assert folded.remedy == "See CWE-117"
    detailed = list(parse_report(data, "SonarQube Scan detailed").findings)
    assert [f.location for f in detailed] == ["app.py:24", "app.py:49", "app.py:81"]
    assert all(f.severity is Severity.LOW for f in detailed)


HTML = """<!DOCTYPE html>
<html><head><title>SonarQube Vulnerability Report</title></head><body>
<dl><dt>Project Name</dt><dd>java tomcat</dd><dt>Application</dt><dd>tomcat</dd></dl>
<table><thead><tr><th>Rule</th><th>Severity</th><th>Component</th><th>Line</th><th>Description</th>
<th>Message</th><th style="display:none;">Key</th><th>Status</th></tr></thead><tbody>
<tr><td><a href="#">squid:S2068</a></td><td>BLOCKER</td><td class="component">src/Db.java</td><td>66</td>
<td>Credentials should not be hard-coded</td><td>'PASSWORD' detected.<table><tr><td>nested</td></tr></table></td>
<td style="display:none;">AWK1</td><td>OPEN</td></tr>
<tr><td><a href="#">squid:S2068</a></td><td>BLOCKER</td><td class="component">src/Other.java</td><td>9</td>
<td>Credentials should not be hard-coded</td><td>'PASSWORD' detected again.</td>
<td style="display:none;">AWK2</td><td>OPEN</td></tr>
</tbody></table>
<table><thead><tr><th>Rule</th><th>Description</th></tr></thead><tbody>
<tr><td>squid:S2068</td><td><details><p>Remove the credentials. MITRE, CWE-798</p></details></td></tr>
</tbody></table></body></html>"""


def test_html_report() -> None:
    data = HTML.encode()
    assert detect_format(open_report(data, name="sonar.html")).id == "sonarqube"
    parsed = parse_report(data, "SonarQube Scan detailed")
    first, second = list(parsed.findings)
    assert second.location == "src/Other.java:9"
    assert first.severity is Severity.CRITICAL
    assert first.location == "src/Db.java:66"
    assert first.cwes == ["CWE-798"]
    assert first.details["key"] == "AWK1" and first.details["status"] == "OPEN"
    assert parsed.assets[0].attributes["scannerSource"] == "java tomcat"
    # default mode: one finding per rule and file (two files here)
    assert len(list(parse_report(data, "SonarQube Scan").findings)) == 2


def test_broken() -> None:
    empty = {"total": 0, "paging": {"pageIndex": 1, "pageSize": 100, "total": 0}, "issues": [], "components": []}
    assert list(parse_report(json.dumps(empty).encode(), "sonarqube").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"something": []}', "sonarqube").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<html><head><title>Other</title></head></html>", "sonarqube").findings)


def test_api_closed_issues_and_safe_hotspots_skipped() -> None:
    base = {"rule": "java:S1", "component": "p:A.java", "project": "p", "message": "m", "severity": "MAJOR"}
    issues = [
        {**base, "key": "1", "status": "OPEN"},
        {**base, "key": "2", "status": "RESOLVED", "resolution": "FALSE-POSITIVE"},
        {**base, "key": "3", "status": "CLOSED", "resolution": "FIXED"},
        {**base, "key": "4", "issueStatus": "ACCEPTED", "status": "RESOLVED", "resolution": "WONTFIX"},
        # SonarQube 10.x MQR mode: no legacy severity, impacts instead; textRange instead of line
        {
            "key": "5",
            "rule": "java:S2",
            "component": "p:B.java",
            "project": "p",
            "message": "m",
            "issueStatus": "OPEN",
            "impacts": [{"softwareQuality": "SECURITY", "severity": "HIGH"}],
            "textRange": {"startLine": 7, "endLine": 7},
        },
    ]
    old_page = {"total": 5, "p": 1, "ps": 100, "issues": issues, "components": []}
    data = json.dumps(old_page).encode()
    assert detect_format(open_report(data, name="issues.json")).id == "sonarqube"
    parsed = parse_report(data, "sonarqube")
    first, mqr = list(parsed.findings)
    assert first.severity is Severity.MEDIUM and mqr.severity is Severity.HIGH and mqr.location == "B.java:7"
    assert parsed._ctx.skipped == {"issue resolved": 1, "issue closed": 1, "issue accepted": 1}
    hotspot = {"key": "h", "ruleKey": "java:S4790", "component": "p:C.java", "project": "p", "message": "hash"}
    page = {
        "paging": {"pageIndex": 1, "pageSize": 100, "total": 3},
        "hotspots": [
            {**hotspot, "status": "TO_REVIEW", "vulnerabilityProbability": "LOW"},
            {**hotspot, "status": "REVIEWED", "resolution": "SAFE", "vulnerabilityProbability": "LOW"},
            {**hotspot, "status": "REVIEWED", "resolution": "ACKNOWLEDGED", "vulnerabilityProbability": "HIGH"},
        ],
        "components": [],
    }
    parsed = parse_report(json.dumps(page).encode(), "sonarqube")
    assert [f.severity for f in parsed.findings] == [Severity.LOW, Severity.HIGH]
    assert parsed._ctx.skipped == {"hotspot reviewed safe": 1}


def test_sonar_report_default_folds_per_rule_and_file() -> None:
    doc = json.loads(json.dumps(SONAR_REPORT))
    doc["issues"].append({**doc["issues"][0], "component": "other.py", "key": "k-other"})
    doc["issues"].append({**doc["issues"][0]})  # the same issue key twice: one issue in detailed mode
    data = json.dumps(doc).encode()
    assert len(list(parse_report(data, "SonarQube Scan").findings)) == 2
    assert len(list(parse_report(data, "SonarQube Scan detailed").findings)) == 4
