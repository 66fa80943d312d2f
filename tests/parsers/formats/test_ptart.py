"""PTART project export: assessment and retest hits, severities, fixed retests inactive, assets, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _hit(hit_id: str, severity: int, asset: str = "https://app.example.com") -> dict[str, Any]:
    return {
        "id": hit_id,
        "title": f"Hit {hit_id}",
        "body": "Access control is broken",
        "remediation": "Deny by default",
        "asset": asset,
        "severity": severity,
        "fix_complexity": 3,
        "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        "cvss_score": "10.0",
        "added": "2024-09-06T03:33:07.908",
        "labels": ["A01:2021-Broken Access Control"],
        "cwes": [{"cwe_id": 862, "title": "CWE-862 - Missing Authorization"}],
        "screenshots": [{"caption": "x", "screenshot": {"filename": "screenshots/a.png", "data": "iVBORw0KGgo="}}],
        "references": [],
    }


def _project(assessments: list[Any], retests: list[Any], scope: str = "scope.example.com") -> bytes:
    doc = {
        "name": "Test",
        "executive_summary": "Mistakes were made",
        "scope": scope,
        "cvss_type": 3,
        "pentesters": [{"username": "tester"}],
        "assessments": assessments,
        "retests": retests,
    }
    return json.dumps(doc).encode()


def test_hits_and_retests() -> None:
    retest = {"id": "H1-RT", "status": "NF", "body": "Still broken", "original_hit": _hit("H1", 2)}
    fixed = {"id": "H2-RT", "status": "F", "body": "Fixed", "original_hit": _hit("H2", 3, "10.0.0.4")}
    data = _project([{"title": "A", "hits": [_hit("H1", 2), _hit("H3", 5, "")]}], [{"hits": [retest, fixed]}])
    assert detect_format(open_report(data, name="ptart.json")).id == "ptart"
    hit, unrated, not_fixed, was_fixed = parse_report(data).findings
    assert (hit.name, hit.severity, hit.score, hit.active) == ("Hit H1", Severity.HIGH, 10.0, True)
    assert hit.cwes == ["CWE-862"] and hit.remedy == "Deny by default"
    assert hit.asset.type is AssetType.WEB and hit.asset.attributes == {"fqdn": "app.example.com"}
    assert hit.details["screenshots"] == ["screenshots/a.png"] and "iVBOR" not in str(hit.details)
    assert unrated.severity is Severity.INFO
    assert unrated.asset.type is AssetType.INFRA and unrated.asset.attributes == {"hostname": "scope.example.com"}
    assert (not_fixed.name, not_fixed.active, not_fixed.details["status"]) == ("Retest: Hit H1", True, "not fixed")
    assert "Still broken" in not_fixed.description
    assert (was_fixed.active, was_fixed.details["status"], was_fixed.severity) == (False, "fixed", Severity.MEDIUM)
    assert was_fixed.asset.attributes == {"ip": "10.0.0.4"}


def test_empty_project_and_refusals() -> None:
    parsed = parse_report(_project([], []))
    assert list(parsed.findings) == []
    with pytest.raises(InvalidReport, match="PTART"):
        list(parse_report(b'{"name": "x", "hits": []}', "ptart").findings)
    with pytest.raises(InvalidReport, match="PTART"):
        list(parse_report(b"[1]", "ptart").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_project([{"hits": [{"body": "no id"}]}], []), "ptart").findings)
