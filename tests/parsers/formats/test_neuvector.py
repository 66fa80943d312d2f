"""neuvector: vulnerabilities, failed image checks, secrets (masked), placeholder rows, the scanner's image
fields, empty reports and foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

VULN = {
    "name": "CVE-2015-8356",
    "score": 7.2,
    "severity": "High",
    "vectors": "",
    "description": "sshd privilege gain",
    "package_name": "openssh",
    "package_version": "7.2_p2-r0",
    "fixed_version": "1:7.2p2-3",
    "link": "https://security-tracker.debian.org/tracker/CVE-2015-8356",
    "score_v3": 7.3,
    "published_timestamp": 1516561260,
    "cves": [""],
    "in_base_image": True,
}


def _report(**body: Any) -> bytes:
    return json.dumps(
        {"report": {"vulnerabilities": [VULN], "modules": [], "checks": [], "secrets": [], "setid_perms": [], **body}}
    ).encode()


def test_rest_report() -> None:
    checks = [
        {"catalog": "docker", "level": "INFO", "test_number": "1", "description": "General Configuration"},
        {
            "catalog": "docker",
            "level": "WARN",
            "test_number": "4.1",
            "description": "Ensure a user for the container",
            "message": ["root user"],
            "remediation": "Add USER",
        },
    ]
    secrets = [
        {"type": "", "evidence": "", "path": ""},
        {"type": "AWS key", "evidence": "AKIAIOSFODNN7EXAMPLE", "path": "/app/.env", "suggestion": "Remove"},
    ]
    data = _report(checks=checks, secrets=secrets)
    assert detect_format(open_report(data, name="nv.json")).id == "neuvector"
    parsed = parse_report(data, "neuvector")
    vuln, check, secret = list(parsed.findings)
    assert vuln.name == "CVE-2015-8356 in openssh" and (vuln.severity, vuln.score) == (Severity.HIGH, 7.3)
    assert vuln.package is not None and vuln.package.fixed_versions == ["1:7.2p2-3"]
    assert vuln.reference_ids == ["CVE-2015-8356"] and vuln.published is not None
    assert ("layer", "base-image") in [(t.key, t.value) for t in vuln.tags]
    assert vuln.asset.type is AssetType.CONTAINER and vuln.asset.placeholder
    assert check.name == "4.1 Ensure a user for the container" and check.severity is Severity.MEDIUM
    assert secret.location == "/app/.env" and "AKIAIOSFODNN7EXAMPLE" not in repr(secret)
    assert dict(parsed._ctx.skipped) == {"check level info": 1}


def test_scanner_names_the_image() -> None:
    data = _report(registry="https://registry.example.com/", repository="team/app", tag="1.2", digest="sha256:ab")
    (f,) = parse_report(data, "neuvector").findings
    assert f.asset.attributes["imageName"] == "registry.example.com/team/app:1.2"
    assert f.asset.attributes["imageDigest"] == "sha256:ab" and not f.asset.placeholder


def test_empty_and_foreign() -> None:
    data = json.dumps({"report": {"vulnerabilities": [], "modules": [], "checks": []}}).encode()
    assert detect_format(open_report(data, name="nv.json")).id == "neuvector"
    assert list(parse_report(data, "neuvector").findings) == []
    with pytest.raises(InvalidReport, match="not a NeuVector scan report"):
        list(parse_report(b'{"vulnerabilities": []}', "neuvector").findings)
    with pytest.raises(InvalidReport, match="has no name"):
        list(parse_report(b'{"report": {"vulnerabilities": [{"score": 1}]}}', "neuvector").findings)
