"""Bugcrowd submissions API: list and page shapes, priorities, closed states inactive, target and bug URL assets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _submission(sub_id: str, state: str, severity: int = 2, target: str | None = None, **attrs: Any) -> dict[str, Any]:
    return {
        "id": sub_id,
        "type": "submission",
        "attributes": {
            "bug_url": "https://shop.example.com/login",
            "description": "alg none accepted",
            "duplicate": False,
            "remediation_advice": "Reject unsigned tokens",
            "severity": severity,
            "state": state,
            "submitted_at": "2000-01-01T06:36:55.721Z",
            "title": f"JWT issue {sub_id}",
            "vrt_id": "broken_authentication",
            "vulnerability_references": "* [CWE](https://cwe.mitre.org/data/definitions/347)",
        }
        | attrs,
        "relationships": {"target": {"data": {"id": target, "type": "target"} if target else None}},
    }


def test_list_of_submissions() -> None:
    data = json.dumps(
        [
            _submission("a", "unresolved", 1),
            _submission("b", "resolved", 5),
            _submission("c", "triaged", 3, duplicate=True),
            _submission("d", "new", 4, bug_url="curl -X POST https://api.example.com/v1/x"),
        ]
    ).encode()
    assert detect_format(open_report(data, name="submissions.json")).id == "api_bugcrowd"
    a, b, c, d = parse_report(data).findings
    assert (a.name, a.severity, a.active) == ("JWT issue a", Severity.CRITICAL, True)
    assert a.asset.type is AssetType.WEB and a.asset.attributes == {"fqdn": "shop.example.com"}
    assert a.cwes == ["CWE-347"] and a.remedy == "Reject unsigned tokens"
    assert a.location == "https://shop.example.com/login"
    assert (b.severity, b.active, b.details["status"]) == (Severity.INFO, False, "resolved")
    assert (c.active, c.details["status"]) == (False, "duplicate")
    assert d.asset.attributes == {"fqdn": "api.example.com"} and d.location == "https://api.example.com/v1/x"


def test_page_with_included_targets() -> None:
    page = {
        "data": [_submission("a", "triaged", target="t1"), _submission("b", "new", target="t2")],
        "included": [
            {"id": "t1", "type": "target", "attributes": {"name": "203.0.113.10", "category": "network"}},
            {"id": "t2", "type": "target", "attributes": {"name": "Android app", "category": "android"}},
        ],
    }
    data = json.dumps(page).encode()
    assert detect_format(open_report(data, name="page.json")).id == "api_bugcrowd"
    host, app = parse_report(data).findings
    assert host.asset.type is AssetType.INFRA and host.asset.attributes == {"ip": "203.0.113.10"}
    assert app.asset.attributes == {"fqdn": "shop.example.com"}  # a named app: the bug URL's host


def test_empty_and_refused() -> None:
    assert list(parse_report(b"[]", "api_bugcrowd").findings) == []
    assert list(parse_report(b'{"data": []}', "api_bugcrowd").findings) == []
    with pytest.raises(InvalidReport, match="Bugcrowd"):
        list(parse_report(b'{"submissions": []}', "api_bugcrowd").findings)
    with pytest.raises(InvalidReport, match="Bugcrowd"):
        list(parse_report(b'[{"id": "x", "attributes": {}}]', "api_bugcrowd").findings)
