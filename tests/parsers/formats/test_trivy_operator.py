"""Trivy Operator: vulnerability, config-audit and compliance resources; failed checks only; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

API = "aquasecurity.github.io/v1alpha1"
LABELS = {
    "trivy-operator.resource.kind": "ReplicaSet",
    "trivy-operator.resource.name": "web-5f",
    "trivy-operator.resource.namespace": "shop",
}


def vuln_report(vulns: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": API,
        "kind": "VulnerabilityReport",
        "metadata": {"name": "r", "labels": LABELS},
        "report": {
            "artifact": {"repository": "library/nginx", "tag": "1.25", "digest": "sha256:d1"},
            "registry": {"server": "index.docker.io"},
            "vulnerabilities": vulns,
        },
    }


def audit_report(checks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": API,
        "kind": "ConfigAuditReport",
        "metadata": {"name": "a", "labels": LABELS},
        "report": {"checks": checks},
    }


def test_vulnerability_report_fields_and_container_asset() -> None:
    doc = vuln_report(
        [
            {
                "vulnerabilityID": "CVE-2023-23914",
                "resource": "curl",
                "installedVersion": "7.87.0-r1",
                "fixedVersion": "7.87.0-r2",
                "severity": "CRITICAL",
                "score": 9.1,
                "title": "curl: HSTS",
                "publishedDate": "2023-02-23T20:15:00Z",
            }
        ]
    )
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="vr.json")).id == "trivy_operator"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("CVE-2023-23914", Severity.CRITICAL, 9.1)
    assert f.remedy == "Update curl from 7.87.0-r1 to 7.87.0-r2"
    assert f.package is not None and f.package.fixed_versions == ["7.87.0-r2"]
    assert f.asset.type is AssetType.CONTAINER
    assert f.asset.attributes["imageName"] == "index.docker.io/library/nginx:1.25"
    assert f.asset.attributes["imageDigest"] == "sha256:d1"
    assert f.asset.attributes["workload"] == "shop/ReplicaSet/web-5f"


def test_config_audit_keeps_failed_checks_only_in_a_kubectl_list() -> None:
    checks = [
        {
            "checkID": "KSV014",
            "title": "Root fs writable",
            "severity": "LOW",
            "success": False,
            "messages": ["set readOnlyRootFilesystem"],
            "remediation": "Set it.",
        },
        {"checkID": "KSV001", "title": "ok", "severity": "HIGH", "success": True},
    ]
    data = json.dumps({"apiVersion": "v1", "kind": "List", "items": [audit_report(checks)]}).encode()
    assert detect_format(open_report(data, name="list.json")).id == "trivy_operator"
    (f,) = list(parse_report(data, "trivy_operator").findings)
    assert f.name == "KSV014: Root fs writable" and f.severity is Severity.LOW
    assert f.remedy == "Set it." and "set readOnlyRootFilesystem" in f.description
    assert f.asset.attributes == {"buildFile": "shop/ReplicaSet/web-5f", "origin": "kubernetes"}


def test_compliance_check_without_severity_takes_the_controls() -> None:
    doc = {
        "apiVersion": API,
        "kind": "ClusterComplianceReport",
        "metadata": {"name": "cis"},
        "status": {
            "detailReport": {
                "id": "cis",
                "title": "CIS",
                "results": [
                    {
                        "id": "1.1.1",
                        "name": "perms",
                        "severity": "HIGH",
                        "checks": [
                            {"checkID": "AVD-1", "severity": "MEDIUM", "success": False},
                            {"checkID": "AVD-2", "severity": "", "success": False},
                            {"checkID": "AVD-3", "severity": "LOW", "success": True},
                        ],
                    }
                ],
            }
        },
    }
    findings = list(parse_report(json.dumps(doc).encode(), "trivy_operator").findings)
    assert [f.severity for f in findings] == [Severity.MEDIUM, Severity.HIGH]
    assert findings[0].name == "CIS 1.1.1: perms"


def test_dict_of_empty_lists_is_a_clean_report() -> None:
    data = json.dumps({f"vulnerabilityreports.{API.split('/', maxsplit=1)[0]}": []}).encode()
    assert list(parse_report(data, "trivy_operator").findings) == []


@pytest.mark.parametrize("data", [b'{"apiVersion": "aquasecurity.github.io/v1alpha1", "kind": "Vulnerab', b'{"a": 1}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "trivy_operator").findings)


def test_list_is_streamed_resource_by_resource_and_must_hold_reports() -> None:
    vuln = {"vulnerabilityID": "CVE-2023-1", "resource": "libc", "installedVersion": "1", "severity": "HIGH"}
    listed = {"apiVersion": "v1", "kind": "List", "items": [vuln_report([vuln]), audit_report([])]}
    (finding,) = parse_report(json.dumps(listed).encode(), "trivy_operator").findings
    assert finding.name == "CVE-2023-1"
    assert [f.name for f in parse_report(json.dumps([vuln_report([vuln])]).encode(), "trivy_operator").findings] == [
        "CVE-2023-1"
    ]
    pods = {"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "p"}}]}
    with pytest.raises(InvalidReport, match="no Trivy Operator resources"):
        list(parse_report(json.dumps(pods).encode(), "trivy_operator").findings)


def _kind(kind: str, report: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API, "kind": kind, "metadata": {"name": "x", "labels": LABELS}, "report": report}


FAILED = {"checkID": "KSV-1", "title": "t", "severity": "HIGH", "success": False}
PASSED = {"checkID": "KSV-2", "title": "u", "severity": "LOW", "success": True}


@pytest.mark.parametrize(
    ("kind", "report", "count"),
    [
        (
            "ClusterVulnerabilityReport",
            {
                "artifact": {"repository": "k8s/etcd"},
                "vulnerabilities": [{"vulnerabilityID": "CVE-1", "resource": "etcd", "severity": "HIGH"}],
            },
            1,
        ),
        (
            "ExposedSecretReport",
            {
                "artifact": {"repository": "app"},
                "secrets": [{"ruleID": "aws-access-key-id", "title": "AWS", "severity": "CRITICAL", "target": "/env"}],
            },
            1,
        ),
        ("RbacAssessmentReport", {"checks": [FAILED, PASSED]}, 1),
        ("ClusterRbacAssessmentReport", {"checks": [FAILED]}, 1),
        ("InfraAssessmentReport", {"checks": [FAILED, FAILED]}, 2),
        ("ClusterInfraAssessmentReport", {"checks": [PASSED]}, 0),
        ("ClusterConfigAuditReport", {"checks": [FAILED]}, 1),
        ("SbomReport", {"components": {"components": [{"name": "musl"}]}}, 0),
    ],
)
def test_every_report_kind_is_read(kind: str, report: dict[str, Any], count: int) -> None:
    data = json.dumps(_kind(kind, report)).encode()
    assert detect_format(open_report(data, name="r.json")).id == "trivy_operator"
    parsed = parse_report(data)
    assert len(list(parsed.findings)) == count
    if count == 0:
        assert sum(parsed._ctx.skipped.values()) >= 1


def test_compliance_summary_report_is_a_counted_empty_parse() -> None:
    res = {
        "apiVersion": API,
        "kind": "ClusterComplianceReport",
        "metadata": {"name": "nsa"},
        "spec": {"reportType": "summary", "compliance": {"id": "nsa", "controls": []}},
        "status": {
            "summary": {"failCount": 2, "passCount": 1},
            "summaryReport": {
                "id": "nsa",
                "controlCheck": [{"id": "1.0", "name": "n", "severity": "HIGH", "totalFail": 2}],
            },
        },
    }
    data = json.dumps(res).encode()
    assert detect_format(open_report(data, name="c.json")).id == "trivy_operator"
    parsed = parse_report(data)
    assert list(parsed.findings) == []
    assert parsed._ctx.skipped and any(w.code == "compliance-summary" for w in parsed.warnings)


def test_compliance_report_detected_with_keys_in_another_order() -> None:
    res = {
        "status": {
            "detailReport": {
                "id": "cis",
                "title": "CIS",
                "results": [
                    {
                        "id": "1.1.1",
                        "name": "perm",
                        "severity": "HIGH",
                        "checks": [{"checkID": "AVD-KCV-0048", "success": False, "target": "node-1"}],
                    }
                ],
            }
        },
        "spec": {"compliance": {"id": "cis"}},
        "metadata": {"name": "cis"},
        "kind": "ClusterComplianceReport",
        "apiVersion": API,
    }
    data = json.dumps(res, separators=(",", ":")).encode()
    assert detect_format(open_report(data, name="c.json")).id == "trivy_operator"
    (f,) = list(parse_report(data).findings)
    assert f.severity is Severity.HIGH and f.asset.attributes["buildFile"] == "node-1"


def test_starboard_compliance_detail_report() -> None:
    res = {
        "apiVersion": API,
        "kind": "ClusterComplianceDetailReport",
        "metadata": {"name": "nsa-details"},
        "report": {
            "type": {"name": "nsa", "version": "1.0"},
            "controlCheck": [
                {
                    "id": "1.0",
                    "name": "Non-root containers",
                    "severity": "MEDIUM",
                    "checkResults": [
                        {
                            "objectType": "Pod",
                            "id": "KSV012",
                            "remediation": "runAsNonRoot: true",
                            "details": [
                                {"name": "web", "namespace": "shop", "msg": "runs as root", "status": "FAIL"},
                                {"name": "db", "namespace": "shop", "msg": "", "status": "PASS"},
                            ],
                        }
                    ],
                }
            ],
        },
    }
    data = json.dumps(res).encode()
    assert detect_format(open_report(data, name="d.json")).id == "trivy_operator"
    (f,) = list(parse_report(data).findings)
    assert f.severity is Severity.MEDIUM and f.asset.attributes["buildFile"] == "shop/Pod/web"
