"""GitLab API fuzzing (web locations, folded) and coverage fuzzing (crashes) reports."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(kind: str, vulns: list[dict]) -> bytes:
    scan = {"type": kind, "scanner": {"id": "gitlab-api-security", "name": "GitLab API Security"}, "status": "success"}
    return json.dumps({"version": "15.0.0", "vulnerabilities": vulns, "remediations": [], "scan": scan}).encode()


API_VULN = {
    "id": "1",
    "name": "Injection in parameter q",
    "severity": "High",
    "description": "Fuzzing q caused a 500.",
    "identifiers": [{"type": "api_fuzzing_check", "name": "Injection", "value": "SqlInjection"}],
    "location": {"hostname": "https://api.example.com", "method": "GET", "path": "/v1/items", "param": "q"},
}

CRASH = {
    "id": "c8",
    "name": "name",
    "severity": "Low",
    "location": {
        "crash_type": "Index-out-of-range",
        "crash_state": "pkg.ParseComplex.func6\npkg.ParseComplex\npkg.Fuzz\n",
        "stacktrace_snippet": "panic: runtime error: index out of range [6] with length 6",
    },
    "identifiers": [{"type": "cwe", "name": "Index-out-of-range", "value": "129"}],
}


def test_api_fuzzing_folds_per_issue_and_site() -> None:
    data = _report(
        "api_fuzzing", [API_VULN, {**API_VULN, "id": "2", "location": {**API_VULN["location"], "path": "/v2"}}]
    )
    assert detect_format(open_report(data, name="gl-api-fuzzing-report.json")).id == "gitlab_api_fuzzing"
    (finding,) = list(parse_report(data, "gitlab_api_fuzzing").findings)
    assert finding.severity is Severity.HIGH and finding.asset.type is AssetType.WEB
    assert finding.asset.attributes == {"fqdn": "api.example.com"}
    assert finding.details["urls"] == ["GET https://api.example.com/v1/items", "GET https://api.example.com/v2"]
    assert finding.details["param"] == "q"


def test_coverage_fuzzing_crash() -> None:
    data = _report("coverage_fuzzing", [CRASH])
    assert detect_format(open_report(data, name="gl-coverage-fuzzing.json")).id == "gitlab_api_fuzzing"
    (crash,) = list(parse_report(data, "gitlab_api_fuzzing").findings)
    assert crash.name == "Index-out-of-range" and crash.severity is Severity.LOW
    assert crash.asset.type is AssetType.CODE and crash.asset.placeholder
    assert crash.location == "pkg.ParseComplex.func6" and crash.cwes == ["CWE-129"]
    assert crash.details["crashState"] == ["pkg.ParseComplex.func6", "pkg.ParseComplex", "pkg.Fuzz"]


def test_empty_and_invalid() -> None:
    assert list(parse_report(_report("api_fuzzing", []), "gitlab_api_fuzzing").findings) == []
    no_list = json.loads(_report("coverage_fuzzing", []))
    del no_list["vulnerabilities"]
    data = json.dumps(no_list).encode()
    assert detect_format(open_report(data, name="x.json")).id == "gitlab_api_fuzzing"
    with pytest.raises(InvalidReport, match="vulnerabilities"):
        list(parse_report(data, "gitlab_api_fuzzing").findings)
    with pytest.raises(InvalidReport, match="dast"):
        list(parse_report(_report("dast", []), "gitlab_api_fuzzing").findings)
