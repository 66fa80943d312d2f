"""Meterian JSON: one finding per advice of each dependency version; project asset; misplaced sections refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _advice(aid: str, severity: str | None, cvss: float, cve: str) -> dict[str, Any]:
    return {
        "id": aid,
        "library": {"name": "actionpack", "language": "ruby"},
        "description": "Open Redirect",
        "severity": severity,
        "cvss": cvss,
        "cve": cve,
        "cwe": "CWE-601",
        "versionRange": "[,6.1.3.2)",
        "links": [{"type": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-22903"}],
        "type": "SECURITY",
    }


def _report(deps: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "url": "https://www.meterian.com/projects/?pid=725498d3&branch=develop&mode=eli",
            "timestamp": "2021-06-08 08:31:11",
            "scores": {"security": "0"},
            "reports": {
                "security": {"score": 0, "reports": [{"language": "ruby", "reports": deps}]},
                "stability": {"reports": []},
            },
        }
    ).encode()


def test_advices_per_dependency() -> None:
    data = _report(
        [
            {
                "dependency": {"name": "actionpack", "version": "6.0.3.7"},
                "advices": [_advice("90e7", "MEDIUM", 5.0, "CVE-2021-22903"), _advice("abcd", None, 9.1, "N/A")],
                "hierarchy": ["project:", "rails:6.0.3.7", "actionpack:6.0.3.7"],
                "safeVersions": {"latestMinor": "6.1.3.2"},
            },
            {"dependency": {"name": "rake", "version": "13.0.0"}, "advices": []},
        ]
    )
    assert detect_format(open_report(data, name="meterian.json")).id == "meterian"
    parsed = parse_report(data, "meterian")
    medium, critical = list(parsed.findings)
    assert medium.name == "actionpack 6.0.3.7: CVE-2021-22903 Open Redirect" and medium.severity is Severity.MEDIUM
    assert medium.reference_ids == ["CVE-2021-22903", "90e7"] and medium.cwes == ["CWE-601"]
    assert medium.location == "project: > rails:6.0.3.7 > actionpack:6.0.3.7"
    assert medium.package is not None and medium.package.fixed_versions == ["6.1.3.2"]
    assert medium.package.ecosystem == "gem" and medium.remedy == "Upgrade actionpack from 6.0.3.7 to 6.1.3.2"
    assert critical.severity is Severity.CRITICAL and critical.score == 9.1
    assert parsed._ctx.skipped == {"dependency without advices": 1}
    assert parsed.assets[0].type is AssetType.BUILD
    assert parsed.assets[0].attributes["buildFile"] == "meterian project 725498d3 (develop)"


def test_clean_project() -> None:
    assert list(parse_report(_report([]), "meterian").findings) == []


@pytest.mark.parametrize(
    "data", [b'{"results": []}', b'{"url": "https://www.meterian.com/x", "security": {}}', b"[1, 2]", _report([])[:-8]]
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "meterian").findings)
