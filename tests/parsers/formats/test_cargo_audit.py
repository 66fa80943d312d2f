"""cargo audit: vulnerabilities.list entries; severity from the CVSS vector; warnings not imported."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "database": {"advisory-count": 300},
            "lockfile": {"dependency-count": 10},
            "settings": {},
            "vulnerabilities": {"found": bool(entries), "count": len(entries), "list": entries},
            "warnings": {"unmaintained": [{"kind": "unmaintained", "package": {"name": "old"}}]},
        }
    ).encode()


def _entry(cvss: str | None) -> dict[str, Any]:
    return {
        "advisory": {
            "id": "RUSTSEC-2021-0078",
            "package": "hyper",
            "title": "Lenient hyper header parsing",
            "description": "Request smuggling (CVE-2021-32715).",
            "date": "2021-07-07",
            "aliases": ["CVE-2021-32715", "GHSA-f3pg-qwvg-p99c"],
            "cvss": cvss,
            "url": "https://github.com/hyperium/hyper/security/advisories/GHSA-f3pg-qwvg-p99c",
        },
        "versions": {"patched": [">=0.14.10"], "unaffected": []},
        "package": {"name": "hyper", "version": "0.13.9"},
    }


def test_vulnerability_fields_and_cvss_severity() -> None:
    data = _report([_entry("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N"), _entry(None)])
    assert detect_format(open_report(data, name="audit.json")).id == "cargo_audit"
    parsed = parse_report(data, "cargo_audit")
    scored, unscored = list(parsed.findings)
    assert scored.score == 5.3 and scored.severity is Severity.MEDIUM
    assert unscored.score is None and unscored.severity is Severity.MEDIUM
    assert scored.name == "RUSTSEC-2021-0078: Lenient hyper header parsing"
    assert scored.reference_ids == ["RUSTSEC-2021-0078", "CVE-2021-32715", "GHSA-f3pg-qwvg-p99c"]
    assert scored.package is not None and scored.package.purl == "pkg:cargo/hyper@0.13.9"
    assert scored.remedy == "Update hyper from 0.13.9 to >=0.14.10"
    assert scored.published == datetime(2021, 7, 7, tzinfo=UTC)
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "Cargo.lock"


def test_critical_vector_and_no_findings() -> None:
    (f,) = list(parse_report(_report([_entry("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]), "cargo_audit").findings)
    assert f.severity is Severity.CRITICAL and f.score == 9.8
    assert list(parse_report(_report([]), "cargo_audit").findings) == []


def test_not_a_cargo_report() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"database": {}}', "cargo_audit").findings)
