"""Retire.js: one finding per library vulnerability per file; same-summary CVEs fold; 1.x arrays; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(summary: str, cves: list[str], severity: str, below: str) -> dict[str, Any]:
    return {
        "info": ["https://blog.jquery.com/x"],
        "below": below,
        "atOrAbove": "1.2.0",
        "severity": severity,
        "cwe": ["CWE-79"],
        "identifiers": {"summary": summary, "CVE": cves, "issue": "4647"},
    }


ITEM = {
    "file": "/app/static/jquery-1.8.0.min.js",
    "results": [
        {
            "component": "jquery",
            "version": "1.8.0",
            "detection": "filename",
            "vulnerabilities": [
                _vuln(
                    "Regex in its jQuery.htmlPrefilter sometimes may introduce XSS",
                    ["CVE-2020-11022"],
                    "medium",
                    "3.5.0",
                ),
                _vuln(
                    "Regex in its jQuery.htmlPrefilter sometimes may introduce XSS", ["CVE-2020-11023"], "high", "3.5.0"
                ),
                _vuln("Selector interpreted as HTML", ["CVE-2012-6708"], "low", "1.9.0"),
            ],
        }
    ],
}


def test_findings_per_file_library_and_summary() -> None:
    data = json.dumps(
        {"version": "4.0.1", "start": "2023-01-01T00:00:00Z", "data": [ITEM], "messages": [], "errors": []}
    ).encode()
    assert detect_format(open_report(data, name="retire.json")).id == "retirejs"
    parsed = parse_report(data, "retirejs")
    prefilter, selector = list(parsed.findings)
    assert prefilter.name == "jquery 1.8.0: Regex in its jQuery.htmlPrefilter sometimes may introduce XSS"
    assert prefilter.reference_ids == ["CVE-2020-11022", "CVE-2020-11023"] and prefilter.severity is Severity.HIGH
    assert prefilter.package is not None and prefilter.package.fixed_versions == ["3.5.0"]
    assert prefilter.cwes == ["CWE-79"] and prefilter.location == "/app/static/jquery-1.8.0.min.js: jquery@1.8.0"
    assert selector.severity is Severity.LOW
    assert [(a.type, a.attributes["buildFile"]) for a in parsed.assets] == [
        (AssetType.BUILD, "/app/static/jquery-1.8.0.min.js")
    ]


def test_retire_1_array_and_empty_scan() -> None:
    data = json.dumps([ITEM]).encode()
    assert detect_format(open_report(data, name="retire.json")).id == "retirejs"
    assert len(list(parse_report(data, "retirejs").findings)) == 2
    empty = b'{"version": "5.0.0", "start": "x", "data": [], "messages": [], "errors": [], "time": 0.1}'
    assert detect_format(open_report(empty, name="retire.json")).id == "retirejs"
    assert list(parse_report(empty, "retirejs").findings) == []


@pytest.mark.parametrize(
    "data",
    [b'{"results": []}', b'{"data": [{"file": "x"}]}', b'{"data": 3}', json.dumps({"data": [ITEM]}).encode()[:-10]],
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "retirejs").findings)
