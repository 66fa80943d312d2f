"""Twistlock / Prisma Cloud: twistcli JSON and console CSV; severities, fixes, assets, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

JSON = {
    "results": [
        {
            "id": "sha256:0123",
            "name": "registry.example.com/app:3",
            "distro": "Debian 9",
            "vulnerabilities": [
                {
                    "id": "CVE-2013-7459",
                    "cvss": 9.8,
                    "severity": "critical",
                    "packageName": "pycrypto",
                    "packageVersion": "2.6.1",
                    "status": "fixed in 2.7, 2.8",
                    "description": "overflow",
                    "riskFactors": {"Remote execution": {}},
                },
                {"id": "CVE-2", "severity": "moderate", "packageName": "zlib", "packageVersion": "1"},
            ],
            "compliances": [
                {
                    "id": 41,
                    "title": "(CIS_Docker_v1.2.0 - 4.1) Image should be created with a non-root user",
                    "severity": "high",
                    "category": "Docker",
                }
            ],
            "vulnerabilityDistribution": {"total": 2},
            "complianceDistribution": {"total": 1},
        }
    ]
}

CSV = (
    "Registry,Repository,Tag,Id,Distro,Hosts,Layer,CVE ID,Compliance ID,Type,Severity,Packages,Source Package,"
    "Package Version,Package License,CVSS,Fix Status,Risk Factors,Vulnerability Tags,Description,Cause,Containers,"
    "Custom Labels,Published,Discovered,Binaries,Clusters\n"
    "1111.dkr.ecr.eu-central-1.amazonaws.com,mirror/nginx,0.32.0,sha256:7014,alpine-3.11.5,76,,CVE-2020-24977,46,OS,"
    'medium,libxml2,,2.9.10-r2,MIT,6.50,fixed in 2.9.10-r4,"Attack vector: network",,over-read,,46,,'
    "2020-09-04 00:15:00.000,2020-09-29 07:55:04.733,,alpha\n"
)


def test_json_vulnerabilities_and_compliance() -> None:
    data = json.dumps(JSON).encode()
    assert detect_format(open_report(data, name="twistcli.json")).id == "twistlock"
    parsed = parse_report(data)
    vuln, moderate, compliance = list(parsed.findings)
    assert (vuln.severity, vuln.score) == (Severity.CRITICAL, 9.8)
    assert vuln.remedy == "Update pycrypto from 2.6.1 to 2.7, 2.8"
    assert vuln.package is not None and vuln.package.fixed_versions == ["2.7", "2.8"]
    assert moderate.severity is Severity.MEDIUM and moderate.remedy == "No fix available"
    assert compliance.severity is Severity.HIGH and "non-root" in compliance.name
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER and asset.attributes["imageDigest"] == "sha256:0123"


def test_csv_export() -> None:
    data = CSV.encode()
    assert detect_format(open_report(data, name="prisma.csv")).id == "twistlock"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2020-24977", Severity.MEDIUM, 6.5)
    assert f.remedy == "Update libxml2 from 2.9.10-r2 to 2.9.10-r4"
    assert f.published is not None and f.published.year == 2020
    assert f.asset.attributes["imageName"] == "1111.dkr.ecr.eu-central-1.amazonaws.com/mirror/nginx:0.32.0"
    assert f.asset.attributes["registry"] == "1111.dkr.ecr.eu-central-1.amazonaws.com"


def test_csv_header_only_is_a_clean_report() -> None:
    assert list(parse_report(CSV.split("\n", maxsplit=1)[0].encode() + b"\n", "twistlock").findings) == []


@pytest.mark.parametrize("data", [b'{"results": [{"id": "x", "vulnerabilities": [', b"a,b,c\n1,2,3\n", b'{"x": 1}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "twistlock").findings)


def test_compute_api_image_list() -> None:
    import json as _json

    images = [
        {
            "_id": "sha256:abc",
            "id": "sha256:abc",
            "repoTag": {"registry": "registry.acme.io", "repo": "shop/web", "tag": "1.2"},
            "distro": "Debian GNU/Linux 12",
            "scanTime": "2024-05-01T10:00:00Z",
            "vulnerabilities": [
                {
                    "cve": "CVE-2023-4911",
                    "severity": "important",
                    "packageName": "glibc",
                    "packageVersion": "2.36-9",
                    "status": "fixed in 2.36-9+deb12u3",
                    "cvss": 7.8,
                }
            ],
            "complianceIssues": [
                {
                    "id": 41,
                    "title": "(CIS_Docker_v1.5.0 - 4.1) Image should be created with a non-root user",
                    "severity": "high",
                }
            ],
        },
        {
            "_id": "sha256:def",
            "repoTag": {"repo": "base", "tag": "1"},
            "vulnerabilities": None,
            "complianceIssues": None,
        },
    ]
    data = _json.dumps(images).encode()
    assert detect_format(open_report(data, name="images.json")).id == "twistlock"
    parsed = parse_report(data)
    vuln, compliance = list(parsed.findings)
    assert (vuln.name, vuln.severity, vuln.score) == ("CVE-2023-4911", Severity.HIGH, 7.8)
    assert vuln.asset.attributes["imageName"] == "registry.acme.io/shop/web:1.2"
    assert compliance.severity is Severity.HIGH
    assert parsed._ctx.skipped["image with nothing found"] == 1
