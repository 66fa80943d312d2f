"""Vulners API results: one finding per report entry, bulletin details joined, INFRA agent hosts, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _entry(vuln_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "vulnID": vuln_id,
        "title": f"({vuln_id}) Important: yum-utils security update",
        "family": "redhat",
        "severity": 5,
        "severityText": "critical",
        "agentip": "198.51.100.7",
        "agentfqdn": "db-01.example.com",
        "cumulativeFix": "sudo yum -y update yum-utils",
    } | extra


BULLETIN = {
    "id": "RHSA-2018:2285",
    "description": "reposync: improper path validation",
    "cvss3": {"cvssV3": {"baseScore": 8.1, "vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
    "cvelist": ["CVE-2018-10897"],
}


def test_entries_with_and_without_bulletin() -> None:
    doc = {
        "result": "OK",
        "data": {
            "report": [
                _entry("RHSA-2018:2285"),
                _entry("RHSA-2019:0001", severityText="", severity=3, agentfqdn="localhost"),
            ],
            "vulns": {"RHSA-2018:2285": BULLETIN},
        },
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="vulners.json")).id == "api_vulners"
    full, bare = parse_report(data).findings
    assert (full.severity, full.score) == (Severity.CRITICAL, 8.1)
    assert full.reference_ids == ["RHSA-2018:2285", "CVE-2018-10897"]
    assert full.description == "reposync: improper path validation"
    assert full.remedy == "sudo yum -y update yum-utils"
    assert full.asset.type is AssetType.INFRA
    assert full.asset.attributes == {"ip": "198.51.100.7", "hostname": "db-01.example.com"}
    assert full.details["cvssVector"].startswith("CVSS:3.1/")
    assert (bare.severity, bare.score, bare.description) == (Severity.MEDIUM, None, bare.name)
    assert bare.asset.attributes == {"ip": "198.51.100.7"}


def test_empty_and_refused() -> None:
    empty = b'{"result": "OK", "data": {"report": [], "vulns": {}}, "totalCount": 0}'
    assert detect_format(open_report(empty, name="v.json")).id == "api_vulners"
    assert list(parse_report(empty).findings) == []
    with pytest.raises(InvalidReport, match="Vulners"):
        list(parse_report(b'{"result": "OK", "data": {}}', "api_vulners").findings)
    with pytest.raises(InvalidReport, match="Vulners"):
        list(parse_report(b'{"data": {"report": [{"title": "x"}]}}', "api_vulners").findings)
