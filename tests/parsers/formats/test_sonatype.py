"""Sonatype IQ raw report: one finding per security issue per component; Not Applicable issues inactive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _component(fmt: str, coords: dict[str, str], issues: list[dict[str, Any]] | None, **extra: Any) -> dict[str, Any]:
    return {
        "hash": "abc123",
        "componentIdentifier": {"format": fmt, "coordinates": coords},
        "matchState": "exact",
        "pathnames": ["WEB-INF/lib/xstream-1.4.7.jar"],
        "securityData": {"securityIssues": issues} if issues is not None else None,
        **extra,
    }


def _issue(ref: str, score: float | None, status: str = "Open", threat: str = "critical") -> dict[str, Any]:
    return {
        "source": "cve",
        "reference": ref,
        "severity": score,
        "status": status,
        "threatCategory": threat,
        "url": f"https://nvd.example/{ref}",
        "cwe": "502",
    }


def _report(components: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {"matchSummary": {"totalComponentCount": 9, "knownComponentCount": 3}, "components": components}
    ).encode()


def test_issues_severity_package_and_location() -> None:
    data = _report(
        [
            _component(
                "maven",
                {"groupId": "org.jvnet.hudson", "artifactId": "xstream", "version": "1.4.7"},
                [
                    _issue("CVE-2016-3674", 7.5),
                    _issue("sonatype-2020-1", None, threat="moderate"),
                    _issue("CVE-2017-7957", 9.1, status="Not Applicable"),
                ],
            ),
            _component(
                "npm",
                {"packageId": "lodash", "version": "4.17.15"},
                [_issue("CVE-2020-8203", 3.1, threat="low")],
                packageUrl="pkg:npm/lodash@4.17.15",
            ),
            _component("maven", {"groupId": "a", "artifactId": "clean", "version": "1"}, None),
        ]
    )
    assert detect_format(open_report(data, name="iq.json")).id == "sonatype"
    parsed = parse_report(data, "sonatype")
    xstream, moderate, not_applicable, lodash = list(parsed.findings)
    assert not not_applicable.active and not_applicable.details["status"] == "status not applicable"
    assert xstream.active and moderate.active and lodash.active
    assert xstream.name == "CVE-2016-3674 in org.jvnet.hudson:xstream@1.4.7"
    assert xstream.severity is Severity.HIGH and xstream.score == 7.5 and xstream.cwes == ["CWE-502"]
    assert xstream.location == "WEB-INF/lib/xstream-1.4.7.jar" and xstream.reference_ids == ["CVE-2016-3674"]
    assert moderate.severity is Severity.MEDIUM and moderate.score is None
    assert lodash.package is not None and lodash.package.purl == "pkg:npm/lodash@4.17.15"
    assert lodash.package.ecosystem == "npm" and lodash.severity is Severity.LOW
    assert parsed._ctx.skipped == {"component without security issues": 1}
    assert [a.type for a in parsed.assets] == [AssetType.BUILD]


def test_empty_scan() -> None:
    assert list(parse_report(_report([]), "sonatype").findings) == []


@pytest.mark.parametrize("data", [b'{"results": []}', b'{"components": [{"x": 1}]}', _report([])[:-5]])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "sonatype").findings)
