"""DevAudit JSON: one finding per package vulnerability; "None" strings; score or vector severity; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str, score: str, cwe: str = "CWE-79", vector: str = "None") -> dict[str, Any]:
    return {
        "id": vid,
        "title": "CWE-79: Cross-site Scripting",
        "description": "XSS.",
        "cvssScore": score,
        "cvssVector": vector,
        "cwe": cwe,
        "reference": f"https://snyk.io/vuln/x, https://ossindex.sonatype.org/vuln/{vid}",
    }


def _report(packages: list[dict[str, Any]]) -> bytes:
    return json.dumps({"Packages Audited": len(packages), "Vulnerabilities Found": 1, "Packages": packages}).encode()


def test_packages_and_vulnerabilities() -> None:
    data = _report(
        [
            {
                "Package": {"pm": "npm", "group": "None", "name": "react-dom", "version": "16.4.1", "vendor": "None"},
                "Vulnerabilities": [
                    _vuln("422fd048", "6.1"),
                    _vuln("b", "", "None", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
                ],
            },
            {"Package": {"pm": "npm", "group": "None", "name": "left-pad", "version": "1.0.0"}, "Vulnerabilities": []},
        ]
    )
    assert detect_format(open_report(data, name="devaudit.json")).id == "ossindex_devaudit"
    parsed = parse_report(data, "ossindex_devaudit")
    xss, critical = list(parsed.findings)
    assert xss.name == "CWE-79: Cross-site Scripting in react-dom" and xss.severity is Severity.MEDIUM
    assert xss.cwes == ["CWE-79"] and xss.location == "package.json: react-dom@16.4.1"
    assert xss.details["reference"] == "https://ossindex.sonatype.org/vuln/422fd048"
    assert xss.package is not None and xss.package.purl == "pkg:npm/react-dom@16.4.1"
    assert critical.severity is Severity.CRITICAL and critical.score == 9.8
    assert parsed._ctx.skipped == {"package without vulnerabilities": 1}
    assert parsed.assets[0].type is AssetType.BUILD


def test_empty_audit() -> None:
    data = b'{"Packages Audited": 0, "Vulnerabilities Found": 0}'
    assert detect_format(open_report(data, name="devaudit.json")).id == "ossindex_devaudit"
    assert list(parse_report(data, "ossindex_devaudit").findings) == []


@pytest.mark.parametrize(
    "data", [b'{"results": []}', b'{"Packages": [{"Package": {}}]}', b'{"Packages": 1}', _report([])[:-3]]
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "ossindex_devaudit").findings)
