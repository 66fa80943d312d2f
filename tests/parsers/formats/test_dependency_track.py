"""Dependency-Track FPF: one finding per component vulnerability; project asset; triaged-away analyses inactive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _finding(
    vid: str, severity: str, state: str | None = None, suppressed: bool = False, **vuln: Any
) -> dict[str, Any]:
    analysis: dict[str, Any] = {"isSuppressed": suppressed}
    if state:
        analysis["state"] = state
    return {
        "component": {
            "uuid": "c1",
            "group": "org.apache",
            "name": "log4j-core",
            "version": "2.14.0",
            "purl": "pkg:maven/org.apache/log4j-core@2.14.0",
        },
        "vulnerability": {
            "uuid": "v-" + vid,
            "source": "NVD",
            "vulnId": vid,
            "severity": severity,
            "cweId": 502,
            "description": "Remote code execution.",
            **vuln,
        },
        "analysis": analysis,
        "matrix": f"p:c1:v-{vid}",
    }


def _report(findings: Any, project_last: bool = False) -> bytes:
    doc: dict[str, Any] = {
        "version": "1.2",
        "meta": {"application": "Dependency-Track", "version": "4.10.1", "timestamp": "2024-02-03T09:59:36Z"},
    }
    project = {"uuid": "p", "name": "shop", "version": "1.0"}
    if not project_last:
        doc["project"] = project
    doc["findings"] = findings
    if project_last:
        doc["project"] = project
    return json.dumps(doc).encode()


def test_findings_severity_package_and_asset() -> None:
    data = _report(
        [
            _finding(
                "CVE-2021-44228",
                "CRITICAL",
                cvssV3BaseScore=10.0,
                title="Log4Shell",
                aliases=[{"cveId": "CVE-2021-44228", "ghsaId": "GHSA-jfh8-c2jp-5v3q"}],
            ),
            _finding("CVE-2021-1", "UNASSIGNED", cvssV2BaseScore=7.5),
            _finding("CVE-2021-2", "UNASSIGNED"),
        ],
        project_last=True,
    )
    assert detect_format(open_report(data, name="fpf.json")).id == "dependency_track"
    parsed = parse_report(data, "dependency_track")
    log4shell, v2, unknown = list(parsed.findings)
    assert log4shell.name == "CVE-2021-44228: Log4Shell" and log4shell.severity is Severity.CRITICAL
    assert log4shell.reference_ids == ["CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"] and log4shell.cwes == ["CWE-502"]
    assert log4shell.package is not None and log4shell.package.name == "org.apache/log4j-core"
    assert log4shell.package.ecosystem == "maven" and log4shell.location == "pkg:maven/org.apache/log4j-core@2.14.0"
    assert v2.severity is Severity.HIGH and v2.score == 7.5
    assert unknown.severity is Severity.MEDIUM
    assert [a.attributes["buildFile"] for a in parsed.assets] == ["shop@1.0"]
    assert parsed.assets[0].type is AssetType.BUILD
    assert parsed.meta.scan_date is not None and parsed.meta.target == "shop"


def test_suppressed_and_closed_analyses_are_inactive() -> None:
    data = _report(
        [
            _finding("CVE-1", "HIGH", "FALSE_POSITIVE"),
            _finding("CVE-2", "HIGH", "NOT_AFFECTED"),
            _finding("CVE-3", "HIGH", suppressed=True),
            _finding("CVE-4", "LOW", "IN_TRIAGE"),
        ]
    )
    parsed = parse_report(data, "dependency_track")
    findings = list(parsed.findings)
    assert [f.name for f in findings if f.active] == ["CVE-4 in org.apache/log4j-core"]
    assert [f.details["status"] for f in findings if not f.active] == [
        "analysis false positive",
        "analysis not affected",
        "suppressed",
    ]
    assert not parsed._ctx.skipped


@pytest.mark.parametrize("findings", [[], None])
def test_clean_project(findings: Any) -> None:
    data = _report(findings)
    assert detect_format(open_report(data, name="fpf.json")).id == "dependency_track"
    assert list(parse_report(data, "dependency_track").findings) == []


@pytest.mark.parametrize(
    "data", [b'{"results": []}', b"[1, 2]", b'{"findings": [1]}', _report([_finding("X", "LOW")])[:-20]]
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "dependency_track").findings)


def test_clean_project_whose_null_findings_were_left_out() -> None:
    doc = {
        "version": "1.0",
        "meta": {"application": "Dependency-Track", "version": "3.4.0", "timestamp": "2018-11-18T23:31:42Z"},
        "project": {"uuid": "ca4f2da9", "name": "Acme", "version": "1.0"},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="fpf.json")).id == "dependency_track"
    assert list(parse_report(data, "dependency_track").findings) == []
    other = json.dumps({**doc, "meta": {"application": "Other"}}).encode()
    with pytest.raises(InvalidReport):
        list(parse_report(other, "dependency_track").findings)
