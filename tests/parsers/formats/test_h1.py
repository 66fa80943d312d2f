"""HackerOne: the bug-bounty export (JSON and CSV) and the /v1/reports API page; closed reports inactive, scopes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LINKS = {"self": "https://api.hackerone.com/v1/reports?page%5Bnumber%5D=1"}


def _export(**extra: str) -> dict[str, str]:
    return {
        "id": "2501687",
        "title": "Account takeover",
        "severity_rating": "high",
        "severity_score": "8.1",
        "state": "open",
        "substate": "triaged",
        "weakness": "Improper Authentication",
        "reported_at": "2024-05-12 04:05:27 UTC",
        "structured_scope": "https://app.example.co",
        "cve_ids": "",
    } | extra


def _api(report_id: str, state: str, scope: dict[str, Any] | None = None, **attrs: Any) -> dict[str, Any]:
    relationships: dict[str, Any] = {
        "severity": {"data": {"type": "severity", "attributes": {"rating": "medium", "score": 6.3}}},
        "weakness": {"data": {"attributes": {"name": "Cross-Site Request Forgery (CSRF)", "external_id": "cwe-352"}}},
    }
    if scope is not None:
        relationships["structured_scope"] = {"data": {"attributes": scope}}
    return {
        "id": report_id,
        "type": "report",
        "attributes": {"title": f"report {report_id}", "state": state, "vulnerability_information": "details"} | attrs,
        "relationships": relationships,
    }


def test_bug_bounty_export_json() -> None:
    data = json.dumps(
        {
            "findings": [
                _export(),
                _export(id="2", state="closed", substate="duplicate", severity_rating="none", severity_score=""),
                _export(id="3", structured_scope="203.0.113.4", cve_ids="CVE-2017-12615"),
            ]
        }
    ).encode()
    assert detect_format(open_report(data, name="h1.json")).id == "h1"
    first, dup, host = parse_report(data).findings
    assert (first.name, first.severity, first.score, first.active) == ("Account takeover", Severity.HIGH, 8.1, True)
    assert first.asset.type is AssetType.WEB and first.asset.attributes == {"fqdn": "app.example.co"}
    assert first.details["status"] == "triaged"
    assert (dup.active, dup.details["status"], dup.severity) == (False, "duplicate", Severity.INFO)
    assert host.asset.type is AssetType.INFRA and host.asset.attributes == {"ip": "203.0.113.4"}
    assert host.reference_ids == ["CVE-2017-12615"]


def test_bug_bounty_export_csv() -> None:
    row = _export(structured_scope="1489537348")
    data = (",".join(row) + "\n" + ",".join(row.values()) + "\n").encode()
    assert detect_format(open_report(data, name="h1.csv")).id == "h1"
    (f,) = parse_report(data, "h1").findings
    assert f.name == "Account takeover" and f.asset.placeholder  # a numeric scope id names no target


def test_api_page_states_and_scopes() -> None:
    data = json.dumps(
        {
            "data": [
                _api("1", "new", {"asset_identifier": "api.example.com", "asset_type": "url"}),
                _api("2", "resolved", {"asset_identifier": "10.1.0.0/16", "asset_type": "cidr"}),
                _api("3", "triaged", None, main_state="closed"),
            ],
            "links": LINKS,
        }
    ).encode()
    assert detect_format(open_report(data, name="reports.json")).id == "h1"
    new, resolved, closed = parse_report(data).findings
    assert (new.severity, new.score, new.cwes, new.active) == (Severity.MEDIUM, 6.3, ["CWE-352"], True)
    assert new.asset.type is AssetType.WEB and new.asset.attributes == {"fqdn": "api.example.com"}
    assert "details" in new.description and "Cross-Site Request Forgery" in new.description
    assert (resolved.active, resolved.details["status"]) == (False, "resolved")
    assert resolved.asset.type is AssetType.INFRA and resolved.asset.attributes == {"ip": "10.1.0.0"}
    assert (closed.active, closed.details["status"]) == (False, "closed")
    assert closed.asset.placeholder


def test_empty_and_refused() -> None:
    page = json.dumps({"data": [], "links": LINKS}).encode()
    assert detect_format(open_report(page, name="reports.json")).id == "h1"
    assert list(parse_report(page).findings) == []
    assert list(parse_report(b'{"findings": []}', "h1").findings) == []
    with pytest.raises(InvalidReport, match="not a HackerOne report"):
        list(parse_report(b'{"results": []}', "h1").findings)
    with pytest.raises(InvalidReport, match=r"attributes\.title"):
        list(parse_report(b'{"data": [{"id": "1"}]}', "h1").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"data": [1]}', "h1").findings)
