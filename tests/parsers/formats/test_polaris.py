"""Polaris: failed checks on controller, pod and container; passed ones skipped; assets; foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _check(check_id: str, success: bool, severity: str = "warning") -> dict[str, Any]:
    return {
        "ID": check_id,
        "Message": f"msg {check_id}",
        "Success": success,
        "Severity": severity,
        "Category": "Security",
    }


def _report(source_type: str = "Path", **over: Any) -> bytes:
    controller = {
        "Name": "web",
        "Namespace": "shop",
        "Kind": "Deployment",
        "Results": {"replicas": _check("deploymentMissingReplicas", False)},
        "PodResult": {
            "Name": "web",
            "Results": {"hostIPC": _check("hostIPCSet", True, "danger")},
            "ContainerResults": [
                {"Name": "app", "Results": {"priv": _check("privilegeEscalationAllowed", False, "danger")}}
            ],
        },
    }
    doc = {
        "PolarisOutputVersion": "1.0",
        "AuditTime": "2026-01-01T00:00:00Z",
        "SourceType": source_type,
        "SourceName": "/manifests/app.yaml",
        "ClusterInfo": {},
        "Results": [controller],
        **over,
    }
    return json.dumps(doc).encode()


def test_failed_checks() -> None:
    data = _report()
    assert detect_format(open_report(data, name="polaris.json")).id == "polaris"
    parsed = parse_report(data, "polaris")
    replicas, priv = list(parsed.findings)
    assert replicas.severity is Severity.MEDIUM and priv.severity is Severity.HIGH
    assert replicas.location == "shop/Deployment/web"
    assert priv.location == "shop/Deployment/web container app"
    assert priv.name == "privilegeEscalationAllowed: msg privilegeEscalationAllowed"
    assert priv.asset.type is AssetType.BUILD and priv.asset.attributes["buildFile"] == "/manifests/app.yaml"
    assert parsed._ctx.skipped["check passed"] == 1


def test_cluster_audit_is_infra() -> None:
    (f, _) = parse_report(_report("Cluster", SourceName="prod-cluster"), "polaris").findings
    assert f.asset.type is AssetType.INFRA and f.asset.attributes["hostname"] == "prod-cluster"


def test_empty_and_foreign() -> None:
    assert list(parse_report(_report(Results=[]), "polaris").findings) == []
    with pytest.raises(InvalidReport, match="not a Polaris"):
        list(parse_report(b'{"Results": []}', "polaris").findings)
