"""pnpm audit --json: one finding per advisory; detection apart from npm 6 and yarn; clean and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _advisory(aid: int, module: str, severity: str, paths: list[str]) -> dict[str, Any]:
    return {
        "id": aid,
        "title": f"Prototype Pollution in {module}",
        "module_name": module,
        "vulnerable_versions": "<1.2.6",
        "patched_versions": ">=1.2.6",
        "severity": severity,
        "cwe": ["CWE-1321"],
        "cves": ["CVE-2021-44906"],
        "github_advisory_id": "GHSA-xvch-5gv4-984h",
        "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h",
        "findings": [{"version": "1.2.0", "paths": paths}],
    }


def _report(advisories: dict[str, Any], npm6_members: bool = False) -> bytes:
    doc: dict[str, Any] = {
        "advisories": advisories,
        "metadata": {"vulnerabilities": {"critical": 1}, "totalDependencies": 10},
    }
    if npm6_members:
        doc |= {"actions": [], "muted": []}
    return json.dumps(doc).encode()


@pytest.mark.parametrize("npm6_members", [False, True])
def test_advisories(npm6_members: bool) -> None:
    data = _report(
        {
            "1": _advisory(1, "minimist", "critical", [".>minimist", "packages/web>mkdirp>minimist"]),
            "2": _advisory(2, "axios", "moderate", [".>axios"]),
        },
        npm6_members,
    )
    assert detect_format(open_report(data, name="audit.json")).id == "pnpm_audit"
    parsed = parse_report(data, "pnpm_audit")
    minimist, axios = list(parsed.findings)
    assert minimist.name == "minimist: Prototype Pollution in minimist" and minimist.severity is Severity.CRITICAL
    assert minimist.reference_ids == ["CVE-2021-44906", "GHSA-xvch-5gv4-984h"] and minimist.cwes == ["CWE-1321"]
    assert (
        minimist.package is not None and minimist.package.version == "1.2.0" and minimist.location == "minimist@1.2.0"
    )
    assert minimist.details["paths"] == [".>minimist", "packages/web>mkdirp>minimist"]
    assert axios.severity is Severity.MEDIUM
    assert [(a.type, a.attributes["buildFile"]) for a in parsed.assets] == [(AssetType.BUILD, "pnpm-lock.yaml")]


def test_clean_scan() -> None:
    data = _report({})
    assert detect_format(open_report(data, name="audit.json")).id == "pnpm_audit"
    assert list(parse_report(data, "pnpm_audit").findings) == []


def test_npm6_report_is_not_claimed() -> None:
    data = json.dumps(
        {"runId": "x", "actions": [], "advisories": {"1": _advisory(1, "m", "low", ["m"])}, "muted": [], "metadata": {}}
    ).encode()
    assert detect_format(open_report(data, name="audit.json")).id == "npm_audit"


@pytest.mark.parametrize(
    "data",
    [
        b'{"vulnerabilities": {}}',
        b'{"advisories": {"1": {"id": 1}}}',
        b"[1, 2]",
        _report({"1": _advisory(1, "m", "low", [".>m"])})[:-15],
    ],
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "pnpm_audit").findings)
