"""OSV scanner: one finding per vulnerability per package per source; severity, fixes and assets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str, db_severity: str | None, vector: str | None) -> dict[str, Any]:
    return {
        "id": vid,
        "aliases": ["CVE-2022-31042"],
        "summary": "Failure to strip the Cookie header",
        "details": "Guzzle leaks cookies on redirect.",
        "published": "2022-06-10T00:00:00Z",
        "affected": [
            {
                "package": {"name": "guzzlehttp/guzzle", "ecosystem": "Packagist"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "6.5.7"}]}],
            }
        ],
        "severity": [{"type": "CVSS_V3", "score": vector}] if vector else [],
        "database_specific": {"severity": db_severity, "cwe_ids": ["CWE-200"]} if db_severity else {},
    }


def _report(vulns: list[dict[str, Any]]) -> bytes:
    pkg = {"package": {"name": "guzzlehttp/guzzle", "version": "6.3.3", "ecosystem": "Packagist"}}
    return json.dumps(
        {
            "results": [
                {
                    "source": {"path": "/src/composer.lock", "type": "lockfile"},
                    "packages": [pkg | {"vulnerabilities": vulns}],
                },
                {"source": {"path": "/src/other/composer.lock", "type": "lockfile"}, "packages": [pkg]},
            ]
        }
    ).encode()


def test_findings_severity_and_assets() -> None:
    data = _report(
        [
            _vuln("GHSA-f2wf-25xc-69c9", "HIGH", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"),
            _vuln("GHSA-cwmx-hcrq-mhc3", None, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            _vuln("OSV-1", None, None),
        ]
    )
    assert detect_format(open_report(data, name="osv.json")).id == "osv_scanner"
    parsed = parse_report(data, "osv_scanner")
    high, critical, unknown = list(parsed.findings)
    assert high.severity is Severity.HIGH and high.score == 7.5
    assert critical.severity is Severity.CRITICAL and critical.score == 9.8
    assert unknown.severity is Severity.MEDIUM and unknown.score is None
    assert high.reference_ids == ["GHSA-f2wf-25xc-69c9", "CVE-2022-31042"] and high.cwes == ["CWE-200"]
    assert high.package is not None and high.package.fixed_versions == ["6.5.7"]
    assert high.remedy == "Update guzzlehttp/guzzle from 6.3.3 to 6.5.7"
    assert high.location == "/src/composer.lock: guzzlehttp/guzzle@6.3.3"
    assert {a.attributes["buildFile"] for a in parsed.assets} == {"/src/composer.lock", "/src/other/composer.lock"}
    assert all(a.type is AssetType.BUILD for a in parsed.assets)


def test_empty_file_and_truncated_report() -> None:
    assert list(parse_report(b"", "osv_scanner", name="osv.json").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_report([_vuln("X", "LOW", None)])[:-30], "osv_scanner").findings)


def test_clean_scan_all_packages_and_other_json() -> None:

    assert list(parse_report(b'{"results": []}', "osv_scanner").findings) == []
    doc = {
        "results": [
            {
                "source": {"path": "/app/go.mod", "type": "lockfile"},
                "packages": [{"package": {"name": "x", "version": "1", "ecosystem": "Go"}}],
            }
        ]
    }
    parsed = parse_report(json.dumps(doc).encode(), "osv_scanner")
    assert list(parsed.findings) == [] and parsed._ctx.skipped["package without vulnerabilities"] == 1
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"matches": []}', "osv_scanner").findings)
