"""Clair: clair-scanner, klar and Clair v4 reports, severity words, whitelisted vulnerabilities, empty scans and
broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SCANNER = {
    "image": "registry.example.com/team/app:1.4",
    "unapproved": ["CVE-2019-5094"],
    "vulnerabilities": [
        {
            "featurename": "e2fsprogs",
            "featureversion": "1.44.1-1",
            "vulnerability": "CVE-2019-5094",
            "namespace": "ubuntu:18.04",
            "description": "ext4 overflow",
            "link": "https://ubuntu.example/CVE-2019-5094",
            "severity": "Medium",
            "fixedby": "1.44.1-1ubuntu1.2",
        },
        {
            "featurename": "systemd",
            "featureversion": "237",
            "vulnerability": "CVE-2018-20839",
            "namespace": "ubuntu:18.04",
            "description": "",
            "link": "",
            "severity": "Negligible",
            "fixedby": "",
        },
    ],
}

KLAR = {
    "LayerCount": 9,
    "Vulnerabilities": {
        "Defcon1": [
            {
                "Name": "RHSA-2019:0109",
                "NamespaceName": "centos:7",
                "Severity": "Defcon1",
                "Description": "perl overflow (CVE-2018-18311)",
                "Link": "https://rh.example/RHSA-2019:0109",
                "FixedBy": "4:5.16.3-294.el7_6",
                "FeatureName": "perl-libs",
                "FeatureVersion": "4:5.16.3-293.el7",
                "Metadata": {"NVD": {"CVSSv2": {"Score": 9.3}}},
            }
        ],
        "Unknown": [{"Name": "CVE-2020-1111", "FeatureName": "zlib", "FeatureVersion": "1.2"}],
    },
}

V4 = {
    "manifest_hash": "sha256:abc",
    "packages": {"1": {"id": "1", "name": "openssl", "version": "1.1.1k"}},
    "distributions": {"d": {"id": "d", "pretty_name": "Debian GNU/Linux 11"}},
    "vulnerabilities": {
        "v1": {
            "id": "v1",
            "name": "CVE-2022-0778",
            "description": "loop in BN_mod_sqrt",
            "links": "https://a.example https://b.example",
            "severity": "Important",
            "normalized_severity": "High",
            "fixed_in_version": "1.1.1n",
            "issued": "2022-03-15T00:00:00Z",
            "distribution": {"id": "d"},
        },
    },
    "package_vulnerabilities": {"1": ["v1"]},
}


def _parse(doc: object) -> list:  # type: ignore[type-arg]
    return list(parse_report(json.dumps(doc).encode(), "clair").findings)


def test_clair_scanner() -> None:
    data = json.dumps(SCANNER).encode()
    assert detect_format(open_report(data, name="clair.json")).id == "clair"
    ext4, systemd = _parse(SCANNER)
    assert ext4.name == "CVE-2019-5094 in e2fsprogs" and ext4.severity is Severity.MEDIUM
    assert ext4.remedy == "Update e2fsprogs from 1.44.1-1 to 1.44.1-1ubuntu1.2\nhttps://ubuntu.example/CVE-2019-5094"
    assert ext4.asset.type is AssetType.CONTAINER
    assert ext4.asset.attributes["imageName"] == "registry.example.com/team/app:1.4"
    assert systemd.severity is Severity.INFO and systemd.remedy == "No fix available"
    assert ("approved", "true") in [(t.key, t.value) for t in systemd.tags] and not ext4.tags


def test_klar() -> None:
    assert detect_format(open_report(json.dumps(KLAR).encode(), name="klar.json")).id == "clair"
    perl, zlib = _parse(KLAR)
    assert (perl.severity, perl.score) == (Severity.CRITICAL, 9.3)
    assert perl.reference_ids == ["RHSA-2019:0109", "CVE-2018-18311"]
    assert perl.package is not None and perl.package.fixed_versions == ["4:5.16.3-294.el7_6"]
    assert zlib.severity is Severity.INFO and perl.asset.placeholder


def test_v4_report() -> None:
    assert detect_format(open_report(json.dumps(V4).encode(), name="report.json")).id == "clair"
    (f,) = _parse(V4)
    assert f.name == "CVE-2022-0778 in openssl" and f.severity is Severity.HIGH
    assert f.asset.attributes["imageDigest"] == "sha256:abc"
    assert f.details["namespace"] == "Debian GNU/Linux 11" and f.details["link"] == "https://a.example"
    assert f.published is not None and f.published.year == 2022


def test_empty_scans() -> None:
    assert _parse({"image": "a:1", "unapproved": [], "vulnerabilities": []}) == []
    assert _parse({"LayerCount": 3, "Vulnerabilities": {}}) == []
    assert (
        _parse({"manifest_hash": "sha256:x", "packages": {}, "vulnerabilities": {}, "package_vulnerabilities": {}})
        == []
    )


def test_broken_and_foreign_input() -> None:
    with pytest.raises(InvalidReport, match="neither a clair-scanner report"):
        _parse({"results": []})
    with pytest.raises(InvalidReport):
        _parse({"image": "a", "unapproved": [], "vulnerabilities": [{"featurename": "x"}]})
    with pytest.raises(InvalidReport, match="not listed"):
        _parse({**V4, "package_vulnerabilities": {"1": ["nope"]}})
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(SCANNER).encode()[:-20], "clair").findings)
