"""Snyk: single project (project fields after the array), all-projects array, container projects, SARIF."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(severity: str, path: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": "SNYK-JAVA-ORGAPACHESANTUARIO-460281",
        "title": "XML External Entity (XXE) Injection",
        "severity": severity,
        "cvssScore": 6.5,
        "CVSSv3": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:L",
        "identifiers": {"CVE": ["CVE-2019-12400"], "CWE": ["CWE-611"], "GHSA": []},
        "description": "## Overview\nxmlsec is vulnerable to XXE.",
        "packageName": "org.apache.santuario:xmlsec",
        "version": "2.1.1",
        "fixedIn": ["2.1.4"],
        "from": path,
        "upgradePath": [False, "org.apache.santuario:xmlsec@2.1.4"],
        "isUpgradable": True,
        "publicationTime": "2019-08-25T13:53:19Z",
        "packageManager": "maven",
    } | extra


def _project(vulns: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    # Snyk writes `vulnerabilities` first and the project fields after it.
    return (
        {"vulnerabilities": vulns, "ok": not vulns, "dependencyCount": 5, "packageManager": "maven"}
        | {
            "projectName": "com.test:myframework",
            "displayTargetFile": "pom.xml",
            "path": "/workspace",
        }
        | fields
    )


def test_single_project_every_path_is_a_finding() -> None:
    a, b = ["app@1", "org.apache.santuario:xmlsec@2.1.1"], ["app@1", "lib@2", "org.apache.santuario:xmlsec@2.1.1"]
    data = json.dumps(_project([_vuln("medium", a), _vuln("critical", b, cvssScore=None)])).encode()
    assert detect_format(open_report(data, name="snyk.json")).id == "snyk"
    parsed = parse_report(data, "snyk")
    first, second = list(parsed.findings)
    assert first.severity is Severity.MEDIUM and second.severity is Severity.CRITICAL
    assert first.score == 6.5 and second.score is None
    assert first.reference_ids == ["SNYK-JAVA-ORGAPACHESANTUARIO-460281", "CVE-2019-12400"]
    assert first.cwes == ["CWE-611"]
    assert first.remedy.startswith("Update org.apache.santuario:xmlsec from 2.1.1 to 2.1.4")
    assert first.location == "app@1 > org.apache.santuario:xmlsec@2.1.1"
    assert first.package is not None and first.package.fixed_versions == ["2.1.4"]
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD
    assert asset.attributes == {"buildFile": "pom.xml", "repository": "com.test:myframework", "origin": "snyk"}


def test_all_projects_and_container_projects() -> None:
    doc = [
        _project([_vuln("high", ["a@1"])], projectName="a", displayTargetFile="a/pom.xml"),
        _project([], projectName="b", displayTargetFile="b/pom.xml"),
        _project(
            [_vuln("low", ["docker-image|acme/shop@latest", "gcc-10/libgcc-s1@10.2.1-6"], fixedIn="[]")],
            projectName="docker-image|acme/shop",
            path="acme/shop:latest/shop",
            docker={"binariesVulns": {}},
            packageManager="deb",
        ),
    ]
    parsed = parse_report(json.dumps(doc).encode(), "snyk")
    findings = list(parsed.findings)
    assert [f.severity for f in findings] == [Severity.HIGH, Severity.LOW]
    assert findings[1].package is not None and findings[1].package.fixed_versions == []
    container = findings[1].asset
    assert container.type is AssetType.CONTAINER and container.attributes["imageName"] == "acme/shop:latest"
    assert {a.attributes.get("buildFile") for a in parsed.assets if a.type is AssetType.BUILD} == {
        "a/pom.xml",
        "b/pom.xml",
    }


def test_not_a_snyk_report() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"ok": true}', "snyk").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(_project([_vuln("high", [])])).encode()[:-60], "snyk").findings)
