"""mix_audit JSON: one finding per dependency advisory; the lock file is the asset; clean and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ONE = json.dumps(
    {
        "pass": False,
        "vulnerabilities": [
            {
                "dependency": {"version": "0.6.5", "lockfile": "/app/mix.lock", "package": "sweet_xml"},
                "advisory": {
                    "id": "GHSA-qpmc-wprv-x746",
                    "title": "Inline DTD allows XML bomb attack",
                    "severity": "high",
                    "description": "XML entity expansion.",
                    "url": "https://github.com/advisories/GHSA-qpmc-wprv-x746",
                    "package": "sweet_xml",
                    "disclosure_date": "2022-04-12",
                    "vulnerable_version_ranges": ["< 0.7.0"],
                    "first_patched_versions": ["0.7.0"],
                },
            },
            {
                "dependency": {"version": "1.0.0", "lockfile": "/app/mix.lock", "package": "plug"},
                "advisory": {
                    "id": "6b8a9d59",
                    "cve": "2018-1000883",
                    "title": "Header injection",
                    "package": "plug",
                    "patched_versions": [">= 1.0.4"],
                },
            },
        ],
    }
).encode()


def test_advisories() -> None:
    assert detect_format(open_report(ONE, name="audit.json")).id == "mix_audit"
    parsed = parse_report(ONE, "mix_audit")
    xml, plug = list(parsed.findings)
    assert xml.name == "sweet_xml: Inline DTD allows XML bomb attack" and xml.severity is Severity.HIGH
    assert xml.reference_ids == ["GHSA-qpmc-wprv-x746"] and xml.remedy == "Update sweet_xml from 0.6.5 to 0.7.0"
    assert xml.location == "/app/mix.lock: sweet_xml@0.6.5" and xml.published is not None
    assert xml.package is not None and xml.package.ecosystem == "hex"
    assert plug.severity is Severity.MEDIUM and plug.reference_ids == ["CVE-2018-1000883", "6b8a9d59"]
    assert [(a.type, a.attributes["buildFile"]) for a in parsed.assets] == [(AssetType.BUILD, "/app/mix.lock")]


def test_clean_run() -> None:
    data = b'{"pass":true,"vulnerabilities":[]}'
    assert detect_format(open_report(data, name="audit.json")).id == "mix_audit"
    assert list(parse_report(data, "mix_audit").findings) == []


@pytest.mark.parametrize(
    "data", [b'{"results": []}', b'{"vulnerabilities": [{"dependency": {}}]}', b"[1, 2]", ONE[:-5]]
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "mix_audit").findings)
