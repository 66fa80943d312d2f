"""Snyk REST issues API: one finding per issue, severities and scores, ignored/resolved inactive, assets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(issue_type: str, representation: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    return {
        "id": "834bd190",
        "type": "issue",
        "attributes": {
            "key": "SNYK-PYTHON-PILLOW-5918878",
            "title": "Heap-based Buffer Overflow",
            "type": issue_type,
            "effective_severity_level": "high",
            "severities": [
                {"source": "NVD", "level": "high", "score": 8.8, "vector": "CVSS:3.1/AV:N"},
                {"source": "Snyk", "level": "critical", "score": 9.6, "vector": "CVSS:3.1/AV:N/AC:L"},
            ],
            "problems": [
                {"id": "SNYK-PYTHON-PILLOW-5918878", "source": "SNYK"},
                {"id": "CVE-2023-4863", "source": "NVD"},
            ],
            "classes": [{"id": "CWE-122", "source": "CWE", "type": "weakness"}],
            "coordinates": [{"is_upgradeable": True, "representations": [representation]}],
            "status": "open",
            "ignored": False,
            "created_at": "2025-09-11T18:25:22.457Z",
        }
        | attrs,
        "relationships": {"scan_item": {"data": {"id": "prj-1", "type": "project"}}},
    }


DEPENDENCY = {"dependency": {"package_name": "pillow", "package_version": "9.5.0"}}


def test_package_issue() -> None:
    data = json.dumps({"jsonapi": {"version": "1.0"}, "data": [_issue("package_vulnerability", DEPENDENCY)]}).encode()
    assert detect_format(open_report(data, name="issues.json")).id == "snyk_issue_api"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.score, f.active) == ("Heap-based Buffer Overflow", Severity.HIGH, 9.6, True)
    assert f.reference_ids == ["SNYK-PYTHON-PILLOW-5918878", "CVE-2023-4863"] and f.cwes == ["CWE-122"]
    assert f.package is not None and (f.package.name, f.package.version) == ("pillow", "9.5.0")
    assert f.asset.type is AssetType.BUILD
    assert f.asset.attributes == {"buildFile": "snyk project prj-1", "origin": "snyk"}
    assert f.remedy == "Upgrade pillow 9.5.0; Snyk has an upgrade path."


def test_code_issue_and_states() -> None:
    code = {"sourceLocation": {"file": "app/views.py", "region": {"start": {"line": 42}}}}
    data = json.dumps(
        {
            "data": [
                _issue("code", code),
                _issue("package_vulnerability", DEPENDENCY, ignored=True),
                _issue("package_vulnerability", DEPENDENCY, status="resolved"),
            ]
        }
    ).encode()
    code_issue, ignored, resolved = parse_report(data, "snyk_issue_api").findings
    assert code_issue.asset.type is AssetType.CODE and code_issue.location == "app/views.py:42"
    assert (ignored.active, ignored.details["status"]) == (False, "ignored")
    assert (resolved.active, resolved.details["status"]) == (False, "resolved")


def test_empty_and_refused() -> None:
    assert list(parse_report(b'{"jsonapi": {"version": "1.0"}, "data": []}', "snyk_issue_api").findings) == []
    with pytest.raises(InvalidReport, match="Snyk"):
        list(parse_report(b'{"issues": []}', "snyk_issue_api").findings)
    with pytest.raises(InvalidReport, match="Snyk"):
        list(parse_report(b'{"data": [{"id": "x", "attributes": {}}]}', "snyk_issue_api").findings)
