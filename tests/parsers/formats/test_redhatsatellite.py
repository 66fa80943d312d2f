"""Red Hat Satellite errata: one finding per erratum, severities, CVEs, empty list, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _erratum(errata_id: str, severity: str, cves: list[str]) -> dict[str, Any]:
    return {
        "errata_id": errata_id,
        "pulp_id": errata_id,
        "title": "Important: openssl security update",
        "type": "security",
        "severity": severity,
        "issued": "2024-01-02",
        "summary": "An update for openssl is now available.",
        "solution": "Run yum update openssl.",
        "cves": [{"cve_id": c, "href": f"https://access.redhat.com/security/cve/{c}"} for c in cves],
        "bugs": [{"bug_id": "42"}],
        "packages": ["openssl-1.1.1k-9.el8.x86_64"],
        "hosts_applicable_count": 4,
    }


def _doc(results: list[Any]) -> bytes:
    return json.dumps({"total": len(results), "page": 1, "per_page": 20, "results": results}).encode()


def test_errata() -> None:
    data = _doc([_erratum("RHSA-2024:0001", "Important", ["CVE-2024-1", "CVE-2024-2"]), _erratum("RHBA-1", "None", [])])
    assert detect_format(open_report(data, name="errata.json")).id == "redhatsatellite"
    sec, bug = parse_report(data, "redhatsatellite").findings
    assert sec.severity is Severity.HIGH and bug.severity is Severity.INFO
    assert sec.name == "RHSA-2024:0001: Important: openssl security update"
    assert sec.reference_ids == ["RHSA-2024:0001", "CVE-2024-1", "CVE-2024-2"]
    assert sec.details["packages"] == ["openssl-1.1.1k-9.el8.x86_64"] and sec.details["hostsApplicable"] == 4
    assert sec.asset.type is AssetType.INFRA and sec.asset.placeholder


def test_empty_and_foreign() -> None:
    assert list(parse_report(_doc([]), "redhatsatellite").findings) == []
    with pytest.raises(InvalidReport, match="no errata_id"):
        list(parse_report(_doc([{"id": 1}]), "redhatsatellite").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"items": [1]}', "redhatsatellite").findings)
