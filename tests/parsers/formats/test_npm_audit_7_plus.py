"""npm audit (npm 7+): one finding per vulnerable package, direct advisories and transitive ones."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "debug": {
            "name": "debug",
            "severity": "moderate",
            "isDirect": False,
            "via": [
                {
                    "source": 1094219,
                    "name": "debug",
                    "title": "Regular Expression Denial of Service in debug",
                    "url": "https://github.com/advisories/GHSA-gxpj-cx7g-858c",
                    "severity": "moderate",
                    "cwe": ["CWE-400"],
                    "cvss": {"score": 5.3, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},
                    "range": "<2.6.9",
                },
                "ms",
            ],
            "effects": ["@vercel/fun"],
            "range": "<2.6.9",
            "nodes": ["node_modules/debug"],
            "fixAvailable": {"name": "vercel", "version": "32.0.0", "isSemVerMajor": True},
        },
        "@vercel/fun": {
            "name": "@vercel/fun",
            "severity": "high",
            "via": ["debug"],
            "effects": [],
            "range": "*",
            "nodes": ["node_modules/@vercel/fun"],
            "fixAvailable": False,
        },
    },
    "metadata": {"vulnerabilities": {"total": 2}},
}


def test_packages_become_findings() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="audit.json")).id == "npm_audit_7_plus"
    parsed = parse_report(data, "npm_audit_7_plus")
    debug, fun = list(parsed.findings)
    assert debug.name == "debug: Regular Expression Denial of Service in debug"
    assert debug.severity is Severity.MEDIUM and debug.score == 5.3
    assert debug.reference_ids == ["GHSA-gxpj-cx7g-858c"] and debug.cwes == ["CWE-400"]
    assert debug.package is not None and debug.package.fixed_versions == ["32.0.0"]
    assert "semver-major" in debug.remedy and debug.details["via"] == ["ms"]
    assert fun.severity is Severity.HIGH and fun.remedy == "No fix available"
    assert "debug" in fun.description and fun.reference_ids == []
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD


def test_empty_and_wrong_shape() -> None:
    empty = json.dumps({"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}).encode()
    assert list(parse_report(empty, "npm_audit_7_plus").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"advisories": {}}', "npm_audit_7_plus").findings)
