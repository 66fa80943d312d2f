"""CSAF 2.0/2.1: product tree resolution (full names, branches, relationships, groups), one finding per affected
product, skipped statuses, severity sources, unsupported versions and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _doc(vulns: list[dict[str, Any]], version: str = "2.0", **document: Any) -> dict[str, Any]:
    return {
        "document": {
            "category": "csaf_vex",
            "csaf_version": version,
            "title": "Example VEX",
            "publisher": {"category": "vendor", "name": "Example Corp", "namespace": "https://example.com"},
            "tracking": {"id": "EX-2026-1", "initial_release_date": "2026-01-02T00:00:00Z", "version": "1"},
            **document,
        },
        "product_tree": {
            "branches": [
                {
                    "category": "vendor",
                    "name": "Example Corp",
                    "branches": [
                        {
                            "category": "product_name",
                            "name": "Widget",
                            "branches": [
                                {
                                    "category": "product_version",
                                    "name": "2.1",
                                    "product": {
                                        "product_id": "W-2.1",
                                        "name": "Example Widget 2.1",
                                        "product_identification_helper": {"purl": "pkg:generic/widget@2.1"},
                                    },
                                },
                                {
                                    "category": "product_version",
                                    "name": "2.2",
                                    "product": {"product_id": "W-2.2", "name": "Example Widget 2.2"},
                                },
                            ],
                        }
                    ],
                }
            ],
            "full_product_names": [
                {
                    "product_id": "IMG",
                    "name": "Widget image",
                    "product_identification_helper": {
                        "purl": "pkg:oci/widget@sha256%3Aab?repository_url=quay.io/ex/widget"
                    },
                }
            ],
            "relationships": [
                {
                    "category": "default_component_of",
                    "product_reference": "W-2.1",
                    "relates_to_product_reference": "IMG",
                    "full_product_name": {"product_id": "IMG:W-2.1", "name": "Widget 2.1 as part of the image"},
                }
            ],
            "product_groups": [{"group_id": "G1", "product_ids": ["W-2.1", "IMG:W-2.1"]}],
        },
        "vulnerabilities": vulns,
    }


VULN = {
    "cve": "CVE-2026-0001",
    "title": "Heap overflow in the parser",
    "cwe": {"id": "CWE-122", "name": "Heap-based Buffer Overflow"},
    "notes": [{"category": "summary", "text": "short"}, {"category": "description", "text": "A long description."}],
    "product_status": {
        "known_affected": ["W-2.1", "IMG:W-2.1"],
        "fixed": ["W-2.2"],
        "under_investigation": ["IMG"],
    },
    "scores": [{"products": ["W-2.1"], "cvss_v3": {"version": "3.1", "baseScore": 7.5, "baseSeverity": "HIGH"}}],
    "remediations": [{"category": "vendor_fix", "details": "Upgrade to 2.2.", "group_ids": ["G1"]}],
    "threats": [{"category": "impact", "details": "Critical"}],
    "release_date": "2026-01-01T00:00:00Z",
}


def test_affected_products_are_findings_and_the_rest_is_skipped() -> None:
    data = json.dumps(_doc([VULN])).encode()
    assert detect_format(open_report(data, name="vex.json")).id == "csaf"
    parsed = parse_report(data, "csaf")
    widget, component, image = list(parsed.findings)
    assert widget.name == "CVE-2026-0001: Heap overflow in the parser"
    assert (widget.severity, widget.score) == (Severity.HIGH, 7.5)
    assert widget.asset.type is AssetType.BUILD and widget.asset.attributes["buildFile"] == "Example Widget 2.1"
    assert widget.package is not None and (widget.package.version, widget.package.purl) == (
        "2.1",
        "pkg:generic/widget@2.1",
    )
    assert widget.location == "pkg:generic/widget@2.1"
    assert widget.cwes == ["CWE-122"] and widget.description == "A long description."
    assert widget.remedy == "vendor_fix: Upgrade to 2.2."
    assert widget.published is not None and widget.published.day == 1
    # no score covers the relationship product: the impact threat's word decides
    assert component.asset.attributes["buildFile"] == "Widget 2.1 as part of the image"
    assert component.severity is Severity.CRITICAL and component.remedy == "vendor_fix: Upgrade to 2.2."
    assert image.asset.type is AssetType.CONTAINER
    assert ("status", "under_investigation") in [(t.key, t.value) for t in image.tags]
    assert image.remedy == "No remediation provided"
    assert dict(parsed._ctx.skipped) == {"status fixed": 1}


def test_csaf_2_1_metrics_and_aggregate_severity() -> None:
    vuln = {
        "ids": [{"system_name": "Example", "text": "EX-BUG-7"}],
        "title": "Weak default",
        "product_status": {"last_affected": ["W-2.2"], "known_not_affected": ["W-2.1"]},
        "metrics": [{"products": ["W-2.2"], "content": {"cvss_v4": {"baseScore": 9.3, "baseSeverity": "CRITICAL"}}}],
    }
    other = {"cve": "CVE-2026-0002", "product_status": {"known_affected": ["W-2.1"]}}
    parsed = parse_report(json.dumps(_doc([vuln, other], "2.1", aggregate_severity={"text": "Low"})).encode(), "csaf")
    first, second = list(parsed.findings)
    assert first.name == "EX-BUG-7: Weak default" and first.score == 9.3
    assert second.name == "CVE-2026-0002" and second.severity is Severity.LOW
    assert dict(parsed._ctx.skipped) == {"status not affected": 1}


def test_informational_vulnerability_and_empty_document() -> None:
    parsed = parse_report(json.dumps(_doc([{"cve": "CVE-2026-9"}])).encode(), "csaf")
    assert list(parsed.findings) == []
    assert dict(parsed._ctx.skipped) == {"vulnerability without product status": 1}
    empty = _doc([])
    del empty["vulnerabilities"]
    assert list(parse_report(json.dumps(empty).encode(), "csaf").findings) == []


def test_unsupported_version_and_broken_input() -> None:
    old = json.dumps(_doc([VULN], "1.2")).encode()
    assert detect_format(open_report(old, name="old.json")).id == "csaf"
    with pytest.raises(InvalidReport, match=r"CSAF version 1\.2 is not supported"):
        list(parse_report(old, "csaf").findings)
    with pytest.raises(InvalidReport, match="not a CSAF document"):
        list(parse_report(b'{"vulnerabilities": []}', "csaf").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(_doc([VULN])).encode()[:-40], "csaf").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(_doc(["x"])).encode(), "csaf").findings)  # type: ignore[list-item]
