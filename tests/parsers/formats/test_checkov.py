"""checkov: failed checks only, single report and list of reports, severity default, BUILD asset, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _check(check_id: str, path: str, severity: str | None) -> dict[str, object]:
    return {
        "check_id": check_id,
        "check_name": "Ensure the key vault is recoverable",
        "check_result": {"result": "FAILED"},
        "file_path": path,
        "file_line_range": [1, 16],
        "resource": "azurerm_key_vault.main",
        "guideline": "https://docs.bridgecrew.io/docs/ensure-the-key-vault-is-recoverable",
        "severity": severity,
    }


def _report(check_type: str, failed: list[object], passed: list[object]) -> dict[str, object]:
    return {
        "check_type": check_type,
        "results": {"passed_checks": passed, "failed_checks": failed, "skipped_checks": [], "parsing_errors": []},
        "summary": {"passed": len(passed), "failed": len(failed), "checkov_version": "2.2.34"},
    }


def test_single_report() -> None:
    doc = _report("terraform", [_check("CKV_AZURE_42", "/main.tf", None)], [_check("CKV_AZURE_1", "/main.tf", "HIGH")])
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="checkov.json")).id == "checkov"
    parsed = parse_report(data, "checkov")
    (f,) = list(parsed.findings)
    assert f.name == "CKV_AZURE_42: Ensure the key vault is recoverable"
    assert f.severity is Severity.MEDIUM  # checkov's open-source checks carry no severity
    assert f.location == "/main.tf:1"
    assert f.remedy.startswith("See https://docs.bridgecrew.io/")
    assert f.details["resource"] == "azurerm_key_vault.main"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "/main.tf"
    assert parsed._ctx.skipped == {"check passed": 1}


def test_list_of_reports() -> None:
    doc = [
        _report("terraform", [_check("CKV_AWS_1", "/a.tf", "HIGH")], []),
        _report("dockerfile", [_check("CKV_DOCKER_2", "/Dockerfile", "LOW")], []),
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="results.json")).id == "checkov"
    findings = list(parse_report(data, "checkov").findings)
    assert [(f.severity, f.asset.attributes["buildFile"]) for f in findings] == [
        (Severity.HIGH, "/a.tf"),
        (Severity.LOW, "/Dockerfile"),
    ]


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(
            parse_report(b'{"check_type": "x", "results": {"failed_checks": [{"file_path": "a"}]}}', "checkov").findings
        )
    with pytest.raises(InvalidReport):
        list(parse_report(b"not json at all", "checkov").findings)


def test_summary_only_and_skipped_checks() -> None:
    summary = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0}
    data = json.dumps({**summary, "checkov_version": "3.2.0"}).encode()
    assert detect_format(open_report(data, name="checkov.json")).id == "checkov"
    assert list(parse_report(data, "checkov").findings) == []
    doc = _report("kubernetes", [], [])
    doc["summary"] = {"passed": 3, "failed": 0, "skipped": 2, "checkov_version": "3.2.0"}
    parsed = parse_report(json.dumps(doc).encode(), "checkov")
    assert list(parsed.findings) == []
    assert parsed._ctx.skipped == {"check passed": 3, "check skipped (suppressed)": 2}
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"other": 1}', "checkov").findings)
