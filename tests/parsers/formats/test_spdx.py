"""spdx: advisory references as findings, fix and url references, SBOMs without vulnerability information and
SPDX 3 refused with what they are, foreign documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, get_format, open_report, parse_report


def _ref(kind: str, locator: str, category: str = "SECURITY") -> dict[str, str]:
    return {"referenceCategory": category, "referenceType": kind, "referenceLocator": locator}


def _package(name: str, version: str, *refs: dict[str, str]) -> dict[str, Any]:
    purl = _ref("purl", f"pkg:apk/alpine/{name}@{version}", "PACKAGE-MANAGER")
    return {"SPDXID": f"SPDXRef-{name}", "name": name, "versionInfo": version, "externalRefs": [purl, *refs]}


def _document(packages: list[dict[str, Any]], version: str = "SPDX-2.3") -> bytes:
    return json.dumps(
        {
            "SPDXID": "SPDXRef-DOCUMENT",
            "spdxVersion": version,
            "name": "registry.example/app:1.0",
            "documentNamespace": "https://example.com/spdx/app",
            "creationInfo": {"creators": ["Tool: syft-1.0.0"], "created": "2026-01-01T00:00:00Z"},
            "packages": packages,
        }
    ).encode()


def test_advisories_are_findings() -> None:
    data = _document(
        [
            _package(
                "openssl",
                "3.0.1",
                _ref("advisory", "https://nvd.nist.gov/vuln/detail/CVE-2022-0778"),
                _ref("fix", "https://example.com/fixes/CVE-2022-0778"),
            ),
            _package(
                "zlib",
                "1.2.11",
                _ref("advisory", "https://example.com/advisories/no-identifier"),
                _ref("url", "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"),
            ),
            _package("busybox", "1.30.1"),
        ]
    )
    assert detect_format(open_report(data, name="sbom.spdx.json")).id == "spdx"
    assert get_format("spdx").standard == "SPDX"
    parsed = parse_report(data, "spdx")
    openssl, zlib = list(parsed.findings)
    assert openssl.name == "CVE-2022-0778 in openssl" and openssl.severity is Severity.MEDIUM
    assert openssl.remedy == "Apply the fix: https://example.com/fixes/CVE-2022-0778"
    assert openssl.package is not None and openssl.package.ecosystem == "apk"
    assert openssl.asset.type is AssetType.BUILD and openssl.asset.attributes["buildFile"] == "registry.example/app:1.0"
    assert zlib.name.startswith("Advisory for zlib 1.2.11") and "GHSA-jfh8-c2jp-5v3q" in zlib.reference_ids
    assert [w.message for w in parsed.warnings] == ["1 record skipped: package with no advisory reference"]


def test_sbom_without_vulnerability_information_is_refused() -> None:
    data = _document([_package("busybox", "1.30.1")])
    assert detect_format(open_report(data, name="sbom.spdx.json")).id == "spdx"
    with pytest.raises(InvalidReport, match="no vulnerability information"):
        list(parse_report(data, "spdx").findings)


def test_spdx3_and_foreign_documents_are_refused() -> None:
    spdx3 = {"spdxVersion": "SPDX-3.0", "@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld", "@graph": []}
    data = json.dumps(spdx3).encode()
    assert detect_format(open_report(data, name="sbom.json")).id == "spdx"
    with pytest.raises(InvalidReport, match=r"only SPDX 2\.x JSON is read"):
        list(parse_report(data, "spdx").findings)
    with pytest.raises(InvalidReport, match="not an SPDX 2 JSON document"):
        list(parse_report(b'{"bomFormat": "CycloneDX", "packages": []}', "spdx").findings)
