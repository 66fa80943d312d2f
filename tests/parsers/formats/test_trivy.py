"""Trivy: schema 2, legacy list and k8s shapes; severities, assets, references, packages, broken input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(results: list[dict[str, Any]], **top: Any) -> bytes:
    doc = {"SchemaVersion": 2, "ArtifactName": "registry.example.com/team/api:1.4", "ArtifactType": "container_image"}
    doc |= top
    doc["Results"] = results
    return json.dumps(doc).encode()


VULN = {
    "VulnerabilityID": "CVE-2023-0001",
    "VendorIDs": ["DSA-5000-1"],
    "PkgName": "openssl",
    "PkgIdentifier": {"PURL": "pkg:deb/debian/openssl@1.1.1n"},
    "InstalledVersion": "1.1.1n",
    "FixedVersion": "1.1.1t, 1.1.1u",
    "SeveritySource": "debian",
    "Title": "openssl: bad thing",
    "Description": "A bad thing in openssl.",
    "Severity": "HIGH",
    "CweIDs": ["CWE-787"],
    "CVSS": {"nvd": {"V3Score": 7.5, "V2Score": 5.0}},
    "PublishedDate": "2023-02-08T20:15:00.123456789Z",
}


def test_schema2_vulnerability_fields_and_container_asset() -> None:
    data = _report(
        [
            {
                "Target": "registry.example.com/team/api:1.4 (debian 11.6)",
                "Class": "os-pkgs",
                "Type": "debian",
                "Vulnerabilities": [VULN, dict(VULN, VulnerabilityID="CVE-2023-0002", Severity="UNKNOWN", CVSS={})],
            }
        ],
        Metadata={"RepoDigests": ["registry.example.com/team/api@sha256:abc"]},
    )
    parsed = parse_report(data, "trivy")
    findings = list(parsed.findings)
    assert len(findings) == 2
    f = findings[0]
    assert f.name == "CVE-2023-0001"
    assert f.severity is Severity.HIGH
    assert f.score == 7.5
    assert f.reference_ids == ["CVE-2023-0001", "DSA-5000-1"]
    assert f.cwes == ["CWE-787"]
    assert f.remedy == "Update openssl from 1.1.1n to 1.1.1t, 1.1.1u"
    assert f.package is not None and f.package.fixed_versions == ["1.1.1t", "1.1.1u"]
    assert f.package.purl == "pkg:deb/debian/openssl@1.1.1n"
    assert f.published == datetime(2023, 2, 8, 20, 15, 0, 123456, tzinfo=UTC)
    assert findings[1].severity is Severity.INFO and findings[1].score is None
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER
    assert asset.attributes["imageName"] == "registry.example.com/team/api:1.4"
    assert asset.attributes["registry"] == "registry.example.com"
    assert asset.attributes["repository"] == "registry.example.com/team/api"
    assert asset.attributes["imageDigest"] == "sha256:abc"
    assert asset.attributes["dockerfile"]


def test_misconfig_secret_license_and_passed_checks() -> None:
    results: list[dict[str, Any]] = [
        {
            "Target": "Dockerfile",
            "Class": "config",
            "Misconfigurations": [
                {
                    "ID": "DS002",
                    "AVDID": "AVD-DS-0002",
                    "Title": "root user",
                    "Severity": "HIGH",
                    "Status": "FAIL",
                    "Resolution": "Add USER",
                    "CauseMetadata": {"StartLine": 3},
                },
                {"ID": "DS001", "Title": "latest tag", "Severity": "MEDIUM", "Status": "PASS"},
            ],
        },
        {
            "Target": "app/.env",
            "Class": "secret",
            "Secrets": [
                {
                    "RuleID": "aws-access-key-id",
                    "Title": "AWS Access Key",
                    "Severity": "CRITICAL",
                    "StartLine": 2,
                    "Match": "AWS_KEY=****************",
                }
            ],
        },
        {
            "Target": "OS Packages",
            "Class": "license",
            "Licenses": [{"Severity": "LOW", "Category": "notice", "PkgName": "zlib", "Name": "Zlib"}],
        },
    ]
    findings = list(parse_report(_report(results, ArtifactType="filesystem", ArtifactName="."), "trivy").findings)
    assert [f.severity for f in findings] == [Severity.HIGH, Severity.CRITICAL, Severity.LOW]
    assert findings[0].name == "DS002: root user" and findings[0].location == "Dockerfile:3"
    assert findings[0].asset.type is AssetType.BUILD and findings[0].asset.attributes["buildFile"] == "Dockerfile"
    assert "****" not in json.dumps(findings[1].details) and findings[1].location == "app/.env:2"
    assert findings[2].package is not None and findings[2].package.name == "zlib"


def test_legacy_list_and_cluster_shapes_are_detected_and_parsed() -> None:
    legacy = json.dumps(
        [
            {
                "Target": "alpine:3.7 (alpine 3.7.1)",
                "Type": "alpine",
                "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "PkgName": "musl", "Severity": "LOW"}],
            },
            {"Target": "app/package-lock.json", "Type": "npm", "Vulnerabilities": None},
        ]
    ).encode()
    assert detect_format(open_report(legacy, name="r.json")).id == "trivy"
    parsed = parse_report(legacy)
    assert [f.name for f in parsed.findings] == ["CVE-1"]
    assert {a.type for a in parsed.assets} == {AssetType.CONTAINER, AssetType.BUILD}

    cluster = json.dumps(
        {
            "ClusterName": "prod",
            "Misconfigurations": [
                {
                    "Namespace": "default",
                    "Kind": "Deployment",
                    "Name": "web",
                    "Results": [
                        {
                            "Target": "Deployment/web",
                            "Misconfigurations": [{"ID": "KSV001", "Title": "t", "Severity": "MEDIUM"}],
                        }
                    ],
                }
            ],
        }
    ).encode()
    assert detect_format(open_report(cluster, name="k8s.json")).id == "trivy"
    (f,) = list(parse_report(cluster, "trivy").findings)
    assert f.asset.attributes == {"buildFile": "default/Deployment/web", "repository": "prod", "origin": "kubernetes"}


def test_cluster_report_with_its_name_after_the_sections(tmp_path: Path) -> None:
    doc = {
        "Vulnerabilities": [
            {
                "Namespace": "shop",
                "Kind": "Deployment",
                "Name": "api",
                "Results": [{"Target": "shop/api:1 (debian 12)", "Vulnerabilities": [{"VulnerabilityID": "CVE-9"}]}],
            }
        ],
        "ClusterName": "staging",
    }
    path = tmp_path / "k8s.json"
    path.write_text(json.dumps(doc))
    parsed = parse_report(path, "trivy")
    (f,) = parsed.findings
    assert (f.name, f.details["workload"]) == ("CVE-9", "shop/Deployment/api")
    assert f.asset.type is AssetType.CONTAINER
    assert parsed.meta.target == "staging"  # read from the end of the file


def test_clean_report_yields_nothing_but_registers_the_asset() -> None:
    parsed = parse_report(_report([{"Target": "img (alpine 3.18)", "Class": "os-pkgs"}]), "trivy")
    assert list(parsed.findings) == []
    assert len(parsed.assets) == 1
    assert [w.message for w in parsed.warnings] == ["1 record skipped: target with nothing found"]


@pytest.mark.parametrize(
    "data", [b'{"SchemaVersion": 2, "Results": [{"Target": "x", "Vulnerabilities": [{"Vul', b"[1, 2, 3]", b'{"x": 1}']
)
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "trivy").findings)
