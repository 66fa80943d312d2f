"""terrascan: violations, null violations, severity, BUILD asset per file, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SUMMARY = {"file/folder": "infra", "iac_type": "all", "policies_validated": 607, "violated_policies": 2}


def _violation(rule_id: str, severity: str, line: int) -> dict[str, object]:
    return {
        "rule_name": "gkeControlPlaneNotPublic",
        "description": "Ensure GKE Control Plane is not public.",
        "rule_id": rule_id,
        "severity": severity,
        "category": "Infrastructure Security",
        "resource_name": "k8s_cluster",
        "resource_type": "google_container_cluster",
        "file": "cluster.tf",
        "plan_root": "./",
        "line": line,
    }


def test_violations() -> None:
    doc = {
        "results": {
            "violations": [
                _violation("accurics.gcp.NS.109", "HIGH", 52),
                _violation("accurics.gcp.NS.110", "MEDIUM", 60),
            ],
            "skipped_violations": None,
            "scan_summary": SUMMARY,
        }
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="terrascan.json")).id == "terrascan"
    parsed = parse_report(data, "terrascan")
    high, medium = list(parsed.findings)
    assert (high.severity, medium.severity) == (Severity.HIGH, Severity.MEDIUM)
    assert high.name == "gkeControlPlaneNotPublic: Ensure GKE Control Plane is not public."
    assert high.location == "cluster.tf:52"
    assert high.details["resource"] == "google_container_cluster.k8s_cluster"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "cluster.tf"


def test_no_violations_and_broken() -> None:
    clean = json.dumps({"results": {"violations": None, "scan_summary": SUMMARY}}).encode()
    assert detect_format(open_report(clean, name="terrascan.json")).id == "terrascan"
    assert list(parse_report(clean, "terrascan").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": {"violations": [{"file": "a.tf"}]}}', "terrascan").findings)


def test_clean_scan_without_its_null_violations_and_repeats_counted() -> None:
    summary = {"file/folder": "/src", "iac_type": "k8s", "policies_validated": 12, "violated_policies": 0}
    data = json.dumps({"results": {"scan_errors": [], "scan_summary": summary}}).encode()
    assert detect_format(open_report(data, name="terrascan.json")).id == "terrascan"
    assert list(parse_report(data, "terrascan").findings) == []
    violation = {"rule_name": "r", "rule_id": "AC_K8S_1", "severity": "HIGH", "file": "a.yaml", "line": 3}
    twice = json.dumps({"results": {"violations": [violation, violation], "scan_summary": summary}}).encode()
    parsed = parse_report(twice, "terrascan")
    assert len(list(parsed.findings)) == 1 and parsed._ctx.skipped == {"the same violation again": 1}
