"""wizcli_img: OS packages and libraries with vulnerabilities, secrets (no cleartext), policy tags, the image asset,
an empty scan, a scan of another kind and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def scan(origin: dict[str, Any], result: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": "8001",
        "createdAt": "2024-07-22T13:41:25.268449757Z",
        "status": {"state": "SUCCESS", "verdict": "WARN_BY_POLICY"},
        "policies": [],
        "scanOriginResource": origin,
        "result": result,
        "reportUrl": "https://app.wiz.io/findings/cicd-scans#",
    }


SECRET = {
    "description": "Password in URL (postgresql://postgres:---REDACTED---@localhost:5432/postgres?)",
    "path": "/app/testing.go",
    "lineNumber": 35,
    "type": "PASSWORD",
    "contains": [{"name": "Password", "type": "PASSWORD"}],
    "snippet": "postgresql://postgres:hunter2@localhost",
    "failedPolicyMatches": [{"policy": {"name": "Default secrets policy"}}],
}


def image_result() -> dict[str, Any]:
    return {
        "__typename": "CICDDiskScanResult",
        "osPackages": [
            {
                "name": "libcrypto3",
                "version": "3.3.1-r0",
                "vulnerabilities": [
                    {
                        "name": "CVE-2024-5535",
                        "severity": "LOW",
                        "fixedVersion": "3.3.1-r1",
                        "source": "https://security.alpinelinux.org/vuln/CVE-2024-5535",
                    }
                ],
            },
            {"name": "musl", "version": "1.2.5", "vulnerabilities": None},
        ],
        "libraries": [
            {
                "name": "golang.org/x/net",
                "version": "0.14.0",
                "path": "/app/go.mod",
                "vulnerabilities": [
                    {
                        "name": "CVE-2023-44487",
                        "severity": "HIGH",
                        "fixedVersion": "0.17.0",
                        "score": 7.5,
                        "hasExploit": True,
                        "hasCisaKevExploit": True,
                    }
                ],
            }
        ],
        "applications": None,
        "secrets": [SECRET],
        "dataFindings": None,
    }


ORIGIN = {"__typename": "CICDScanOriginContainerImage", "name": "ghcr.io/ex/app:1.0", "digest": "sha256:ab"}


def test_image_scan() -> None:
    data = json.dumps(scan(ORIGIN, image_result())).encode()
    assert detect_format(open_report(data, name="wiz.json")).id == "wizcli_img"
    parsed = parse_report(data, "wizcli_img")
    crypto, net, secret = list(parsed.findings)
    assert crypto.name == "CVE-2024-5535 in libcrypto3" and crypto.severity is Severity.LOW
    assert crypto.remedy == (
        "Update libcrypto3 from 3.3.1-r0 to 3.3.1-r1\nhttps://security.alpinelinux.org/vuln/CVE-2024-5535"
    )
    assert crypto.location == "libcrypto3@3.3.1-r0"
    assert (net.severity, net.score, net.location) == (Severity.HIGH, 7.5, "/app/go.mod")
    assert ("exploit", "cisa-kev") in [(t.key, t.value) for t in net.tags]
    assert crypto.asset is net.asset is secret.asset
    assert crypto.asset.type is AssetType.CONTAINER
    assert crypto.asset.attributes["imageName"] == "ghcr.io/ex/app:1.0"
    assert crypto.asset.attributes["imageDigest"] == "sha256:ab"
    assert secret.name == "Secret: password" and secret.location == "/app/testing.go:35"
    assert ("failedPolicy", "Default secrets policy") in [(t.key, t.value) for t in secret.tags]
    assert "hunter2" not in repr(secret)
    assert parsed._ctx.skipped["package without vulnerabilities"] == 1
    assert parsed.meta.extra["verdict"] == "WARN_BY_POLICY"


def test_empty_scan() -> None:
    empty = {"__typename": "CICDDiskScanResult", "osPackages": None, "libraries": None, "secrets": None}
    data = json.dumps(scan(ORIGIN, empty)).encode()
    assert detect_format(open_report(data, name="wiz.json")).id == "wizcli_img"
    assert list(parse_report(data, "wizcli_img").findings) == []


def test_other_kinds_and_broken_input() -> None:
    directory = json.dumps(scan({"__typename": "CICDScanOriginDirectory", "name": "/src"}, image_result())).encode()
    with pytest.raises(InvalidReport, match="wizcli_dir"):
        list(parse_report(directory, "wizcli_img").findings)
    with pytest.raises(InvalidReport, match="not a Wiz CLI image scan"):
        list(parse_report(b'{"results": []}', "wizcli_img").findings)
    bad = image_result()
    bad["libraries"][0]["vulnerabilities"] = [{"severity": "HIGH"}]
    with pytest.raises(InvalidReport, match="no name"):
        list(parse_report(json.dumps(scan(ORIGIN, bad)).encode(), "wizcli_img").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(scan(ORIGIN, image_result())).encode()[:-40], "wizcli_img").findings)
