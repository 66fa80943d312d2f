"""Trustwave Fusion findings API: repeats folded, "None" values, WEB / INFRA locations, scores, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _item(name: str, kb_id: str, location: dict[str, Any], severity: str = "LOW", **kb: Any) -> dict[str, Any]:
    return {
        "id": "1:id",
        "createdOn": "2021-06-15T07:48:08.727+00:00",
        "severity": severity,
        "classification": "Web Application",
        "name": name,
        "assetId": "1:assetId",
        "location": {"applicationCpe": "None", "domain": "None", "ip": "None", "port": 443, "url": "None"} | location,
        "kb": {"cves": ["CVE-NO-MATCH"], "cvssV2BaseScore": 2.6, "cvssV3BaseScore": "None", "id": kb_id} | kb,
    }


def test_items_fold_and_assets() -> None:
    web = {"url": "https://shop.example.com/", "ip": "198.51.100.2"}
    page = {
        "items": [
            _item(
                "No Clickjacking Protection", "SLID-1", web, cvssV3BaseScore=3.1, cves=["CVE-2020-1", "CVE-NO-MATCH"]
            ),
            _item("No Clickjacking Protection", "SLID-1", web | {"domain": "shop.example.com"}),
            _item("Open SSH", "SLID-2", {"ip": "198.51.100.3", "port": 22}, "MEDIUM"),
        ],
        "pageNumber": 1,
        "totalCount": 3,
    }
    data = json.dumps(page).encode()
    assert detect_format(open_report(data, name="fusion.json")).id == "trustwave_fusion_api"
    parsed = parse_report(data)
    click, ssh = parsed.findings
    assert (click.name, click.severity, click.score) == ("No Clickjacking Protection", Severity.LOW, 3.1)
    assert click.reference_ids == ["CVE-2020-1"] and "cpe" not in click.details
    assert click.asset.type is AssetType.WEB
    assert click.asset.attributes == {"fqdn": "shop.example.com", "ip": "198.51.100.2"}
    assert click.location == "https://shop.example.com/"
    assert ssh.asset.type is AssetType.INFRA and ssh.asset.attributes == {"ip": "198.51.100.3"}
    assert (ssh.severity, ssh.score, ssh.location) == (Severity.MEDIUM, 2.6, "198.51.100.3:22")
    assert any("same check at the same location" in w.message for w in parsed.warnings)


def test_empty_and_refused() -> None:
    assert list(parse_report(b'{"items": [], "totalCount": 0}', "trustwave_fusion_api").findings) == []
    with pytest.raises(InvalidReport, match="Trustwave Fusion"):
        list(parse_report(b'{"results": []}', "trustwave_fusion_api").findings)
    with pytest.raises(InvalidReport, match="Trustwave Fusion"):
        list(parse_report(b'[{"items": []}]', "trustwave_fusion_api").findings)
    with pytest.raises(InvalidReport, match="Trustwave Fusion"):
        list(parse_report(b'{"items": [{"id": 1}]}', "trustwave_fusion_api").findings)
