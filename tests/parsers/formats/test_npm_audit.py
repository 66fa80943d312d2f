"""npm audit (npm 6): advisories keyed by id, one finding each; npm 7 and error outputs are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _advisory(adv_id: int, module: str, severity: str, **extra: Any) -> dict[str, Any]:
    return {
        "findings": [{"version": "1.0.0", "paths": [f"app>{module}"]}, {"version": "1.0.0", "paths": [module]}],
        "id": adv_id,
        "created": "2019-02-01T10:00:00.000Z",
        "title": "Prototype Pollution",
        "module_name": module,
        "cves": ["CVE-2019-10744"],
        "vulnerable_versions": "<4.17.12",
        "patched_versions": ">=4.17.12",
        "overview": "Versions are vulnerable to prototype pollution.",
        "recommendation": "Update to 4.17.12 or later.",
        "severity": severity,
        "cwe": "CWE-471",
        "url": f"https://npmjs.com/advisories/{adv_id}",
    } | extra


def _report(advisories: list[dict[str, Any]]) -> bytes:
    doc = {
        "actions": [],
        "advisories": {str(a["id"]): a for a in advisories},
        "muted": [],
        "metadata": {"vulnerabilities": {}},
        "runId": "r-1",
    }
    return json.dumps(doc).encode()


def test_one_finding_per_advisory_with_fields() -> None:
    data = _report([_advisory(1, "lodash", "high"), _advisory(2, "minimist", "moderate", cwe=None, cves=[])])
    assert detect_format(open_report(data, name="audit.json")).id == "npm_audit"
    parsed = parse_report(data, "npm_audit")
    first, second = list(parsed.findings)
    assert first.name == "lodash: Prototype Pollution"
    assert first.severity is Severity.HIGH and second.severity is Severity.MEDIUM
    assert first.reference_ids == ["CVE-2019-10744"] and first.cwes == ["CWE-471"]
    assert second.cwes == [] and second.reference_ids == []
    assert first.package is not None and first.package.name == "lodash" and first.package.version == "1.0.0"
    assert first.package.fixed_versions == [">=4.17.12"]
    assert first.remedy.startswith("Update lodash from 1.0.0 to >=4.17.12")
    assert first.details["paths"] == ["app>lodash", "lodash"]
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.placeholder and asset.attributes["buildFile"] == "package-lock.json"


def test_list_of_cwes_and_critical() -> None:
    data = _report([_advisory(3, "x", "critical", cwe=["CWE-79", "CWE-80"])])
    (f,) = list(parse_report(data, "npm_audit").findings)
    assert f.severity is Severity.CRITICAL and f.cwes == ["CWE-79", "CWE-80"]


def test_npm7_report_and_error_output_are_refused() -> None:
    npm7 = json.dumps({"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}).encode()
    with pytest.raises(InvalidReport, match="npm_audit_7_plus"):
        list(parse_report(npm7, "npm_audit").findings)
    error = json.dumps({"error": {"code": "ENOAUDIT", "summary": "registry does not support audit"}}).encode()
    with pytest.raises(InvalidReport, match="ENOAUDIT"):
        list(parse_report(error, "npm_audit").findings)


def test_truncated_report_is_invalid() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(_report([_advisory(1, "lodash", "high")])[:-40], "npm_audit").findings)
