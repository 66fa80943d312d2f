"""GitLab SAST: scan type detection, schema-2 reports without `scan`, de-duplication, CODE assets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str | None, cve: str, severity: str | None, **extra: Any) -> dict[str, Any]:
    v: dict[str, Any] = {
        "category": "sast",
        "name": "Servlet reflected cross site scripting vulnerability",
        "description": "HTTP parameter written to Servlet output",
        "cve": cve,
        "location": {"file": "src/XssLesson.java", "start_line": 96, "class": "XssLesson", "method": "doPost"},
        "identifiers": [
            {"type": "find_sec_bugs_type", "name": "XSS", "value": "XSS_REQUEST_PARAMETER_TO_SERVLET_WRITER"},
            {"type": "cwe", "name": "CWE-79", "value": "79"},
        ],
    } | extra
    if vid:
        v["id"] = vid
    if severity:
        v["severity"] = severity
    return v


def _report(vulns: list[dict[str, Any]], scan: bool = True) -> bytes:
    doc: dict[str, Any] = {"version": "15.0.0" if scan else "2.3", "vulnerabilities": vulns, "remediations": []}
    if scan:
        doc["scan"] = {"type": "sast", "scanner": {"id": "find_sec_bugs", "name": "Find Security Bugs"}}
    return json.dumps(doc).encode()


def test_fields_severity_and_asset() -> None:
    data = _report([_vuln("a", "c1", "High"), _vuln("b", "c2", "Unknown"), _vuln("c", "c3", None)])
    assert detect_format(open_report(data, name="gl-sast-report.json")).id == "gitlab_sast"
    parsed = parse_report(data, "gitlab_sast")
    high, unknown, missing = list(parsed.findings)
    assert high.severity is Severity.HIGH and unknown.severity is Severity.INFO and missing.severity is Severity.INFO
    assert high.cwes == ["CWE-79"] and high.reference_ids == []
    assert high.details["identifiers"] == ["find_sec_bugs_type:XSS_REQUEST_PARAMETER_TO_SERVLET_WRITER"]
    assert high.location == "src/XssLesson.java:96" and high.details["method"] == "doPost"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "src/XssLesson.java"


def test_schema2_without_scan_is_detected_and_deduplicated_by_cve() -> None:
    data = _report([_vuln(None, "same", "Medium"), _vuln(None, "same", "Medium"), _vuln(None, "other", "Low")], False)
    assert detect_format(open_report(data, name="r.json")).id == "gitlab_sast"
    assert len(list(parse_report(data, "gitlab_sast").findings)) == 2


def test_other_scan_type_is_refused() -> None:
    data = json.dumps({"version": "15.0.0", "vulnerabilities": [], "scan": {"type": "dependency_scanning"}}).encode()
    with pytest.raises(InvalidReport, match="dependency_scanning"):
        list(parse_report(data, "gitlab_sast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"version": "15.0.0"}', "gitlab_sast").findings)


def test_large_report_detected_from_its_vulnerabilities_alone() -> None:
    # `scan` comes after the vulnerabilities, beyond the sniffed head of a big report; Java `method` locations
    # must not be mistaken for DAST's HTTP method.
    vulns = [{k: v for k, v in _vuln(f"id-{i}", f"c{i}", "Low").items() if k != "category"} for i in range(4000)]
    data = _report(vulns)
    assert len(data) > 1 << 20
    assert detect_format(open_report(data, name="gl-sast-report.json")).id == "gitlab_sast"
    assert sum(1 for _ in parse_report(data).findings) == 4000
