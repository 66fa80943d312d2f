"""yarn audit: yarn 1 JSON lines (deduplicated per advisory and module), yarn 2+ lines, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _line(adv_id: int, module: str, path: str, severity: str = "high") -> dict[str, Any]:
    return {
        "type": "auditAdvisory",
        "data": {
            "resolution": {"id": adv_id, "path": path},
            "advisory": {
                "findings": [{"version": "4.5.2", "paths": [path]}],
                "id": adv_id,
                "title": "Prototype Pollution",
                "module_name": module,
                "cves": ["CVE-2019-19919"],
                "patched_versions": ">=4.5.3",
                "overview": "Prototype pollution.",
                "severity": severity,
                "cwe": "CWE-471",
                "github_advisory_id": "GHSA-w457-6q6x-cgp9",
                "url": f"https://npmjs.com/advisories/{adv_id}",
            },
        },
    }


def _lines(*docs: dict[str, Any]) -> bytes:
    return b"\n".join(json.dumps(d).encode() for d in docs) + b"\n"


def test_yarn1_lines_dedupe_per_advisory_and_module() -> None:
    data = _lines(
        _line(1325, "handlebars", "a>handlebars"),
        _line(1325, "handlebars", "b>handlebars"),
        _line(1500, "yargs-parser", "yargs-parser", "low"),
        {"type": "auditSummary", "data": {"vulnerabilities": {"high": 2}}},
    )
    assert detect_format(open_report(data, name="yarn.json")).id == "yarn_audit"
    parsed = parse_report(data, "yarn_audit")
    findings = list(parsed.findings)
    assert [f.package.name for f in findings if f.package] == ["handlebars", "yargs-parser"]
    assert findings[0].severity is Severity.HIGH and findings[1].severity is Severity.LOW
    assert findings[0].reference_ids == ["CVE-2019-19919", "GHSA-w457-6q6x-cgp9"] and findings[0].cwes == ["CWE-471"]
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "yarn.lock"


def test_yarn_berry_lines() -> None:
    data = _lines(
        {
            "value": "transformers",
            "children": {
                "ID": 1096536,
                "Issue": "Deserialization of Untrusted Data",
                "URL": "https://github.com/advisories/GHSA-37q5-v5qm-c9v8",
                "Severity": "critical",
                "Vulnerable Versions": "< 4.38.0",
                "Tree Versions": ["4.37"],
                "Dependents": ["app@workspace:."],
            },
        }
    )
    assert detect_format(open_report(data, name="yarn.json")).id == "yarn_audit"
    (f,) = list(parse_report(data, "yarn_audit").findings)
    assert f.severity is Severity.CRITICAL and f.reference_ids == ["GHSA-37q5-v5qm-c9v8"]
    assert f.location == "transformers@4.37" and "< 4.38.0" in f.remedy


def test_error_output_and_garbage_are_invalid() -> None:
    error = _lines({"type": "error", "data": "An unexpected error occurred: registry.yarnpkg.com unreachable"})
    with pytest.raises(InvalidReport, match="yarn audit failed"):
        list(parse_report(error, "yarn_audit").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"foo": 1}\n{"bar": 2}\n', "yarn_audit").findings)
