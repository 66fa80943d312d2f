"""neuvector_compliance: bench items by level, the asset view with nodes and images, empty reports and foreign
input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _item(number: str, level: str) -> dict[str, object]:
    return {
        "test_number": number,
        "category": "docker",
        "type": "host",
        "profile": "Level 1",
        "scored": True,
        "description": f"check {number}",
        "remediation": "fix it",
        "tags": ["GDPR", "NIST"],
        "level": level,
        "message": ["detail"],
    }


def test_bench_items() -> None:
    doc = {
        "run_timestamp": 1663583567,
        "run_at": "2022-09-19T10:32:47Z",
        "docker_cis_version": "1.2.0",
        "items": [_item("D.1.1.11", "WARN"), _item("D.2.1", "PASS"), _item("D.2.2", "INFO"), _item("K.1", "HIGH")],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="bench.json")).id == "neuvector_compliance"
    parsed = parse_report(data, "neuvector_compliance")
    warn, high = list(parsed.findings)
    assert warn.name == "D.1.1.11 check D.1.1.11" and warn.severity is Severity.MEDIUM
    assert high.severity is Severity.HIGH and warn.remedy == "fix it"
    assert [t.value for t in warn.tags] == ["GDPR", "NIST"]
    assert warn.asset.type is AssetType.INFRA and warn.asset.placeholder
    assert dict(parsed._ctx.skipped) == {"level pass": 1, "level info": 1}
    assert parsed.meta.scan_date is not None and parsed.meta.scan_date.year == 2022


def test_asset_view() -> None:
    doc = {
        "compliances": [
            {
                "name": "D.4.1",
                "level": "WARN",
                "description": "user",
                "nodes": ["node-1"],
                "images": ["nginx:1.25"],
                "workloads": [],
            },
            {"name": "D.4.2", "level": "PASS", "nodes": ["node-1"], "workloads": []},
        ]
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="asset.json")).id == "neuvector_compliance"
    node, image = list(parse_report(data, "neuvector_compliance").findings)
    assert node.asset.attributes == {"hostname": "node-1"}
    assert image.asset.type is AssetType.CONTAINER and image.asset.attributes["imageName"] == "nginx:1.25"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"run_at": "2022-09-19T10:32:47Z", "items": []}', "neuvector_compliance").findings) == []
    with pytest.raises(InvalidReport, match="not a NeuVector compliance report"):
        list(parse_report(b'{"results": []}', "neuvector_compliance").findings)
    with pytest.raises(InvalidReport, match="no test_number"):
        list(parse_report(b'{"items": [{"level": "WARN"}]}', "neuvector_compliance").findings)
