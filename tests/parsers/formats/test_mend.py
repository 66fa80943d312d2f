"""Mend / WhiteSource: legacy, CLI and platform API 3.0 shapes; ACTIVE-only rule; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LEGACY_VULN: dict[str, Any] = {
    "name": "CVE-2019-9658",
    "type": "CVE",
    "severity": "medium",
    "score": "5.0",
    "cvss3_severity": "HIGH",
    "cvss3_score": "7.3",
    "publishDate": "2019-03-11",
    "description": "external DTDs",
    "project": "okhttp",
    "product": "slack",
    "library": {
        "filename": "checkstyle-8.15.jar",
        "artifactId": "checkstyle",
        "version": "8.15",
        "type": "MAVEN_ARTIFACT",
    },
    "topFix": {"fixResolution": "Upgrade To Version checkstyle-8.18"},
    "locations": [{"path": "/src/lib/checkstyle-8.15.jar"}],
}


def _platform(status: str, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "SECURITY_VULNERABILITY",
        "findingInfo": {"status": status},
        "component": {"artifactId": "jwt", "version": "v3.2.2", "path": "/source/go.mod", "libraryType": "GO"},
        "project": {"name": "api"},
        "application": {"name": "shop"},
        "vulnerability": {"name": name, "score": 3.1, "severity": "LOW", "description": "jwt"},
        "topFix": {"fixResolution": "github.com/golang-jwt/jwt-v4.5.1"},
    }


def test_legacy_shape() -> None:
    data = json.dumps({"vulnerabilities": [LEGACY_VULN]}).encode()
    assert detect_format(open_report(data, name="mend.json")).id == "mend"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2019-9658", Severity.HIGH, 7.3)
    assert f.remedy == "Upgrade To Version checkstyle-8.18" and f.location == "/src/lib/checkstyle-8.15.jar"
    assert f.package is not None and (f.package.name, f.package.version) == ("checkstyle", "8.15")
    assert f.asset.type is AssetType.REPOSITORY and f.asset.attributes["repository"] == "slack/okhttp"


def test_cli_project_report() -> None:
    lib = dict(LEGACY_VULN["library"], vulnerabilities=[dict(LEGACY_VULN, project=None)])
    doc = {
        "projectVitals": {"name": "https://github.com/acme/shop", "productName": "acme"},
        "libraries": [lib, {"name": "clean", "vulnerabilities": []}],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="cli.json")).id == "mend"
    (f,) = list(parse_report(data).findings)
    assert f.asset.attributes["repository"] == "https://github.com/acme/shop"


def test_platform_api_keeps_active_findings_only() -> None:
    doc = {
        "additionalData": {"totalItems": 2},
        "supportToken": "t",
        "response": [_platform("ACTIVE", "CVE-2024-51744"), _platform("LIBRARY_REMOVED", "CVE-2020-1")],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="api.json")).id == "mend"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2024-51744", Severity.LOW, 3.1)
    assert f.remedy == "Upgrade to github.com/golang-jwt/jwt-v4.5.1" and f.location == "/source/go.mod"
    assert f.asset.attributes["repository"] == "shop/api"


@pytest.mark.parametrize("data", [b'{"vulnerabilities": [{"name": ', b'{"other": []}', b"[1]"])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "mend").findings)
