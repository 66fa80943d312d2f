"""GitLab secret detection: findings without the secret itself, CODE assets, detection by scan type."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "AKIAIOSFODNN7EXAMPLE"
REPORT = {
    "version": "14.0.0",
    "vulnerabilities": [
        {
            "id": "714ed3e4",
            "category": "secret_detection",
            "name": "AWS",
            "description": "AWS access key",
            "cve": "README.md:1a5d:AWS",
            "severity": "Critical",
            "raw_source_code_extract": SECRET,
            "location": {"file": "README.md", "commit": {"sha": "0a1b2c3"}, "start_line": 5, "end_line": 5},
            "identifiers": [{"type": "gitleaks_rule_id", "name": "Gitleaks rule ID AWS", "value": "AWS"}],
        }
    ],
    "remediations": [],
    "scan": {"type": "secret_detection", "scanner": {"id": "gitleaks", "name": "Gitleaks"}},
}


def test_secret_finding() -> None:
    data = json.dumps(REPORT).encode()
    assert (
        detect_format(open_report(data, name="gl-secret-detection-report.json")).id == "gitlab_secret_detection_report"
    )
    parsed = parse_report(data, "gitlab_secret_detection_report")
    (f,) = list(parsed.findings)
    assert f.name == "AWS" and f.severity is Severity.CRITICAL
    assert f.location == "README.md:5" and f.details["commit"] == "0a1b2c3"
    assert "revoke" in f.remedy
    assert SECRET not in json.dumps([f.name, f.description, f.remedy, f.location, f.details])
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "README.md"


def test_sast_report_is_not_secret_detection() -> None:
    sast = dict(REPORT, scan={"type": "sast"}, vulnerabilities=[])
    assert detect_format(open_report(json.dumps(sast).encode(), name="r.json")).id == "gitlab_sast"
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(sast).encode(), "gitlab_secret_detection_report").findings)
