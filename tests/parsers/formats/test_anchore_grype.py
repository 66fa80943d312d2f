"""Anchore Grype: merging rule per mode, fields, container vs directory assets, broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _match(vid: str, pkg: str, version: str, path: str, severity: str = "High", **vuln: Any) -> dict[str, Any]:
    return {
        "vulnerability": {"id": vid, "severity": severity, "namespace": "nvd", "fix": vuln.pop("fix", {}), **vuln},
        "relatedVulnerabilities": [
            {
                "id": "CVE-2021-44420",
                "description": "related text",
                "cvss": [{"version": "3.1", "metrics": {"baseScore": 7.3}}],
            }
        ],
        "matchDetails": [{"matcher": "python-matcher"}],
        "artifact": {
            "name": pkg,
            "version": version,
            "type": "python",
            "purl": f"pkg:pypi/{pkg}@{version}",
            "locations": [{"path": path}],
        },
    }


def _report(matches: list[dict[str, Any]], source: dict[str, Any] | None = None) -> bytes:
    src = source or {
        "type": "image",
        "target": {"userInput": "python:3.8", "manifestDigest": "sha256:feed", "tags": ["python:3.8"]},
    }
    # grype writes source after matches: the parser must cope with that order
    return json.dumps(
        {
            "matches": matches,
            "source": src,
            "distro": {"name": "debian", "version": "10"},
            "descriptor": {"name": "grype", "version": "0.50.0"},
        }
    ).encode()


MATCHES = [
    _match(
        "GHSA-v6rh-hp5x-86rv",
        "Django",
        "3.2.9",
        "/a/Django.dist-info/METADATA",
        fix={"versions": ["3.2.10"], "state": "fixed"},
        description="bypass",
    ),
    _match("GHSA-v6rh-hp5x-86rv", "Django", "3.2.9", "/b/Django.dist-info/METADATA"),
    _match(
        "CVE-2004-0971",
        "krb5",
        "1.17",
        "/var/lib/dpkg/status",
        severity="Negligible",
        cvss=[{"version": "2.0", "metrics": {"baseScore": 2.1}}],
    ),
]


def test_default_mode_merges_same_vulnerability_and_package() -> None:
    parsed = parse_report(_report(MATCHES), "grype")
    findings = list(parsed.findings)
    assert [f.name for f in findings] == ["GHSA-v6rh-hp5x-86rv", "CVE-2004-0971"]
    django, krb5 = findings
    assert django.severity is Severity.HIGH
    assert django.score == 7.3  # from the related NVD record: the GHSA has no CVSS of its own
    assert django.reference_ids == ["GHSA-v6rh-hp5x-86rv", "CVE-2021-44420"]
    assert django.remedy == "Update Django from 3.2.9 to 3.2.10"
    assert django.description == "bypass"
    assert django.package is not None and django.package.purl == "pkg:pypi/Django@3.2.9"
    assert krb5.severity is Severity.INFO and krb5.score == 2.1
    assert krb5.remedy == "No fix available"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER
    assert asset.attributes["imageName"] == "python:3.8" and asset.attributes["imageDigest"] == "sha256:feed"


def test_detailed_mode_keeps_each_install_path() -> None:
    findings = list(parse_report(_report(MATCHES), "Anchore Grype detailed").findings)
    assert len(findings) == 3
    assert {f.location for f in findings if f.name.startswith("GHSA")} == {
        "/a/Django.dist-info/METADATA: Django@3.2.9",
        "/b/Django.dist-info/METADATA: Django@3.2.9",
    }


def test_directory_scan_uses_manifest_as_build_asset_and_is_detected() -> None:
    data = _report([_match("CVE-1", "lodash", "4.17.4", "web/package-lock.json")], {"type": "directory", "target": "."})
    assert detect_format(open_report(data, name="grype.json")).id == "anchore_grype"
    (f,) = list(parse_report(data).findings)
    assert f.asset.type is AssetType.BUILD and f.asset.attributes["buildFile"] == "web/package-lock.json"


def test_empty_matches_is_a_clean_report() -> None:
    parsed = parse_report(_report([]), "grype")
    assert list(parsed.findings) == []
    assert len(parsed.assets) == 1


@pytest.mark.parametrize(
    "data", [b'{"matches": [{"vulnerability": {"id": "CVE-1"', b'{"results": []}', b'{"matches": [{"artifact": {}}]}']
)
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "grype").findings)


def test_ignored_matches_are_skipped_and_clean_scan_detected_in_any_key_order() -> None:
    doc = {
        "descriptor": {"version": "0.74.0", "name": "grype"},
        "source": {"target": {"userInput": "alpine:3.19"}, "type": "image"},
        "matches": [],
        "ignoredMatches": [dict(_match("CVE-1", "musl", "1.2", "/lib/apk/db/installed"), appliedIgnoreRules=[{}])],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="g.json")).id == "anchore_grype"
    parsed = parse_report(data)
    assert list(parsed.findings) == []
    assert parsed._ctx.skipped["match ignored by a Grype ignore rule"] == 1
