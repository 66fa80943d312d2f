"""Black Duck vulnerable BOM components API: one finding per item, packages, statuses, project-version asset."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HREF = "https://hub.example.com/api/projects/p1/versions/v1/components/c1/versions/cv1/vulnerabilities/X/remediation"


def _item(vuln: str, status: str, severity: str = "MEDIUM", **extra: Any) -> dict[str, Any]:
    return {
        "componentName": "lodash",
        "componentVersionName": "4.17.15",
        "componentVersionOriginName": "npmjs",
        "ignored": False,
        "vulnerabilityWithRemediation": {
            "vulnerabilityName": vuln,
            "description": "Prototype pollution",
            "vulnerabilityPublishedDate": "2021-10-01T13:56:00.711Z",
            "baseScore": 7.5,
            "severity": severity,
            "remediationStatus": status,
            "cweId": "CWE-1321",
            "relatedVulnerability": "https://hub.example.com/api/vulnerabilities/CVE-2020-8203",
        },
        "_meta": {"href": HREF},
    } | extra


def test_items_and_statuses() -> None:
    data = json.dumps(
        [_item("BDSA-2020-1", "NEW", "HIGH"), _item("CVE-2020-8203", "IGNORED"), _item("BDSA-2", "NEW", ignored=True)]
    ).encode()
    assert detect_format(open_report(data, name="bom.json")).id == "api_blackduck"
    new, ignored, flagged = parse_report(data).findings
    assert (new.name, new.severity, new.score, new.active) == (
        "BDSA-2020-1 in lodash 4.17.15",
        Severity.HIGH,
        7.5,
        True,
    )
    assert new.reference_ids == ["BDSA-2020-1", "CVE-2020-8203"] and new.cwes == ["CWE-1321"]
    assert new.package is not None and (new.package.name, new.package.version, new.package.ecosystem) == (
        "lodash",
        "4.17.15",
        "npmjs",
    )
    assert new.asset.type is AssetType.BUILD
    assert new.asset.attributes == {"buildFile": "projects/p1/versions/v1", "origin": "blackduck"}
    assert (ignored.active, ignored.details["status"]) == (False, "IGNORED")
    assert ignored.reference_ids == ["CVE-2020-8203"]
    assert (flagged.active, flagged.details["status"]) == (False, "IGNORED")


def test_envelope_empty_and_refused() -> None:
    page = json.dumps({"totalCount": 1, "items": [_item("BDSA-1", "NEW")]}).encode()
    assert detect_format(open_report(page, name="bom.json")).id == "api_blackduck"
    assert len(list(parse_report(page).findings)) == 1
    assert list(parse_report(b'{"totalCount": 0, "items": []}', "api_blackduck").findings) == []
    assert list(parse_report(b"[]", "api_blackduck").findings) == []
    with pytest.raises(InvalidReport, match="Black Duck"):
        list(parse_report(b'{"results": []}', "api_blackduck").findings)
    with pytest.raises(InvalidReport, match="Black Duck"):
        list(parse_report(b'[{"componentName": "x"}]', "api_blackduck").findings)
