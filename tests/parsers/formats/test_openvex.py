"""OpenVEX: v0.2.0 and v0.0.x statements, affected/under_investigation findings, skipped statuses, container
products, subcomponents as packages, empty documents and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _doc(statements: list[Any], context: str = "https://openvex.dev/ns/v0.2.0") -> bytes:
    return json.dumps(
        {
            "@context": context,
            "@id": "https://example.com/vex-1",
            "author": "Example",
            "version": 1,
            "timestamp": "2026-01-01T00:00:00Z",
            "statements": statements,
        }
    ).encode()


def test_v0_2_statements() -> None:
    statements = [
        {
            "vulnerability": {"name": "CVE-2024-1", "aliases": ["GHSA-xxxx-yyyy-zzzz"], "description": "Overflow."},
            "products": [
                {
                    "@id": "pkg:oci/app@sha256%3Aabc?repository_url=ghcr.io/ex/app&tag=1.0",
                    "subcomponents": [
                        {"@id": "pkg:apk/alpine/busybox@1.36.1-r0"},
                        {"@id": "pkg:apk/alpine/ssl_client@1.36.1-r0"},
                    ],
                }
            ],
            "status": "affected",
            "action_statement": "Upgrade busybox to 1.36.1-r1.",
        },
        {
            "vulnerability": {"name": "CVE-2024-2"},
            "products": [
                {"@id": "https://example.com/product/widget", "identifiers": {"purl": "pkg:generic/widget@3"}}
            ],
            "status": "under_investigation",
        },
        {
            "vulnerability": {"name": "CVE-2024-3"},
            "products": [{"@id": "pkg:npm/a@1"}],
            "status": "not_affected",
            "justification": "vulnerable_code_not_present",
        },
        {"vulnerability": {"name": "CVE-2024-4"}, "products": [{"@id": "pkg:npm/a@1"}], "status": "fixed"},
    ]
    data = _doc(statements)
    assert detect_format(open_report(data, name="app.vex.json")).id == "openvex"
    parsed = parse_report(data, "openvex")
    busybox, ssl_client, widget, not_affected, fixed = list(parsed.findings)
    assert [f.active for f in (busybox, ssl_client, widget, not_affected, fixed)] == [True, True, True, False, False]
    assert not_affected.details["justification"] == "vulnerable_code_not_present"
    assert fixed.details["status"] == "fixed"
    assert busybox.name == "CVE-2024-1" and busybox.severity is Severity.MEDIUM
    assert busybox.reference_ids == ["CVE-2024-1", "GHSA-xxxx-yyyy-zzzz"]
    assert busybox.asset.type is AssetType.CONTAINER
    assert busybox.asset.attributes["imageName"] == "ghcr.io/ex/app:1.0"
    assert busybox.asset.attributes["imageDigest"] == "sha256:abc"
    assert busybox.package is not None and (busybox.package.name, busybox.package.version) == ("busybox", "1.36.1-r0")
    assert busybox.remedy == "Upgrade busybox to 1.36.1-r1." and busybox.description == "Overflow."
    assert ssl_client.location == "pkg:apk/alpine/ssl_client@1.36.1-r0" and ssl_client.asset is busybox.asset
    assert widget.asset.type is AssetType.BUILD
    assert widget.asset.attributes["buildFile"] == "https://example.com/product/widget"
    assert widget.package is not None and widget.package.version == "3"
    assert ("status", "under_investigation") in [(t.key, t.value) for t in widget.tags]
    assert not parsed._ctx.skipped


def test_v0_0_string_statements() -> None:
    data = _doc(
        [{"vulnerability": "CVE-2023-7", "products": ["pkg:pypi/requests@2.0"], "status": "affected"}],
        "https://openvex.dev/ns",
    )
    assert detect_format(open_report(data, name="vex.json")).id == "openvex"
    (f,) = parse_report(data, "openvex").findings
    assert f.name == "CVE-2023-7" and f.asset.attributes["buildFile"] == "pkg:pypi/requests@2.0"
    assert f.package is not None and (f.package.name, f.package.ecosystem) == ("requests", "pypi")


def test_empty_document_is_a_clean_scan() -> None:
    assert list(parse_report(_doc([]), "openvex").findings) == []


def test_broken_and_foreign_input() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'["not", "a", "document"]', "openvex").findings)
    with pytest.raises(InvalidReport, match="no `statements` list"):
        list(parse_report(b'{"results": []}', "openvex").findings)
    with pytest.raises(InvalidReport, match="lacks its vulnerability or status"):
        list(
            parse_report(_doc([{"vulnerability": {"name": "CVE-1"}, "products": ["pkg:npm/a@1"]}]), "openvex").findings
        )
    with pytest.raises(InvalidReport, match="not an OpenVEX status"):
        list(
            parse_report(_doc([{"vulnerability": "CVE-1", "products": ["x"], "status": "broken"}]), "openvex").findings
        )
    with pytest.raises(InvalidReport):
        list(parse_report(_doc([{"vulnerability": "CVE-1", "status": "affected"}])[:-20], "openvex").findings)
