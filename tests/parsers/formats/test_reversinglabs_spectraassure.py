"""reversinglabs_spectraassure: one finding per component vulnerability, same-name components kept apart, triaged
vulnerabilities inactive, clean components skipped, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _component(name: str, sha: str, active: list[str], triaged: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"payload/{name}",
        "hashes": [["sha1", "0" * 40], ["sha256", sha * 64]],
        "identity": {
            "product": "zlib",
            "version": "1.2.11",
            "purl": "pkg:generic/zlib@1.2.11",
            "vulnerabilities": {"active": active, "triaged": triaged or []} if active or triaged else None,
        },
    }


def _report(components: dict[str, Any]) -> bytes:
    cvss = {"cvss": {"baseScore": "9.8", "version": 3}, "exploit": ["FIXABLE"], "sources": ["NVD"]}
    info = {
        "file": {"name": "setup.exe", "hashes": [["sha256", "f" * 64]], "identity": {"product": "Setup"}},
        "statistics": {"components": len(components)},
        "inhibitors": {"scan_level": 5},
    }
    metadata = {
        "assessments": {},
        "components": components,
        "vulnerabilities": {"CVE-2022-37434": cvss, "CVE-2018-25032": {"cvss": {"baseScore": "7.5"}}},
    }
    return json.dumps({"catalogue": 2, "report": {"info": info, "metadata": metadata}}).encode()


def test_component_vulnerabilities() -> None:
    data = _report(
        {
            "c1": _component("zlib1.dll", "a", ["CVE-2022-37434"], ["CVE-2018-25032"]),
            "c2": _component("zlib1.dll", "b", ["CVE-2022-37434"]),
            "c3": _component("readme.html", "c", []),
        }
    )
    assert detect_format(open_report(data, name="report.rl.json")).id == "reversinglabs_spectraassure"
    parsed = parse_report(data, "reversinglabs_spectraassure")
    first, triaged, second = list(parsed.findings)
    assert first.name == "CVE-2022-37434 in zlib 1.2.11" and first.severity is Severity.CRITICAL
    assert first.score == 9.8 and "fix is available" in first.remedy
    assert first.location != second.location and first.fingerprint != second.fingerprint
    assert not triaged.active and triaged.details["status"] == "triaged" and triaged.severity is Severity.HIGH
    assert first.asset.type is AssetType.BUILD and first.asset.attributes["buildFile"] == "setup.exe"
    assert [w.message for w in parsed.warnings] == ["1 record skipped: component with no vulnerability"]


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match=r"no report\.metadata"):
        list(parse_report(b'{"report": {"info": {}}}', "reversinglabs_spectraassure").findings)
    with pytest.raises(InvalidReport, match="keyed by component id"):
        list(parse_report(b'{"report": {"metadata": {"components": []}}}', "reversinglabs_spectraassure").findings)
