"""Kubescape: failed controls per resource, scoreFactor severities, file vs cluster assets, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.formats.kubescape import severity_of

RID = "path=1/api=apps/v1//Deployment/nginx"
REPORT = {
    "clusterName": "",
    "customerGUID": "x",
    "summaryDetails": {
        "controls": {
            "C-0030": {"name": "Ingress and Egress blocked", "scoreFactor": 6, "category": {"name": "Network"}},
            "C-0055": {"name": "Linux hardening", "scoreFactor": 4},
        }
    },
    "resources": [
        {
            "resourceID": RID,
            "object": {"kind": "Deployment", "metadata": {"name": "nginx"}, "sourcePath": "nginx.yaml:0"},
        }
    ],
    "results": [
        {
            "resourceID": RID,
            "controls": [
                {"controlID": "C-0038", "name": "Host PID", "status": {"status": "passed"}},
                {"controlID": "C-0030", "name": "Ingress and Egress blocked", "status": {"status": "failed"}},
                {
                    "controlID": "C-0055",
                    "name": "Linux hardening",
                    "status": {"status": "failed"},
                    "rules": [{"paths": [{"fixPath": {"path": "spec.securityContext.seccompProfile", "value": "X"}}]}],
                },
            ],
        }
    ],
}


def test_failed_controls() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="kubescape.json")).id == "kubescape"
    parsed = parse_report(data, "kubescape")
    network, hardening = list(parsed.findings)
    assert network.name == "C-0030 - Ingress and Egress blocked" and network.severity is Severity.MEDIUM
    assert network.location == "Deployment/nginx" and network.details["category"] == "Network"
    assert hardening.remedy == "Set spec.securityContext.seccompProfile = X"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "nginx.yaml"


def test_cluster_asset_and_severity_bands() -> None:
    doc = {**REPORT, "clusterName": "prod-eu", "resources": []}
    (asset,) = {f.asset for f in parse_report(json.dumps(doc).encode(), "kubescape").findings}
    assert asset.type is AssetType.INFRA and asset.attributes == {"hostname": "prod-eu"}
    assert [severity_of(v) for v in (9, 7, 4, 1, 0, None)] == [
        Severity.CRITICAL,
        Severity.HIGH,
        Severity.MEDIUM,
        Severity.LOW,
        Severity.INFO,
        Severity.MEDIUM,
    ]


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "kubescape").findings)


def test_v2_statuses_counted_and_excepted_skipped() -> None:
    doc = json.loads(json.dumps(REPORT))
    controls = doc["results"][0]["controls"]
    controls.append({"controlID": "C-0017", "name": "Immutable", "status": {"status": "excluded"}})
    controls.append({"controlID": "C-0018", "name": "Probe", "status": "skipped"})
    parsed = parse_report(json.dumps(doc).encode(), "kubescape")
    assert len(list(parsed.findings)) == 2
    assert parsed._ctx.skipped == {"status passed": 1, "excepted (exception policy)": 1, "status skipped": 1}


def test_early_v2_controls_without_status_are_failed() -> None:
    """Early 2.x listed only the failing controls per resource, with no status (DefectDojo reads them as failed);
    rule statuses decide when the control has none; a control whose rules carry exceptions is excepted."""
    doc = {
        "summaryDetails": {"controls": {"C-0034": {"name": "Automatic mapping", "scoreFactor": 9}}},
        "results": [
            {
                "resourceID": "/v1/default/ServiceAccount/default",
                "controls": [
                    {"controlID": "C-0034", "name": "Automatic mapping", "rules": [{"name": "r", "failedPaths": []}]},
                    {"controlID": "C-0035", "name": "Cluster-admin"},
                    {"controlID": "C-0036", "name": "Passed by rule", "rules": [{"name": "r", "status": "passed"}]},
                    {"controlID": "C-0037", "name": "Excepted", "rules": [{"name": "r", "exception": [{"n": 1}]}]},
                ],
            }
        ],
    }
    parsed = parse_report(json.dumps(doc).encode(), "kubescape")
    first, second = list(parsed.findings)
    assert first.severity is Severity.CRITICAL and first.location == "default/ServiceAccount/default"
    assert second.name == "C-0035 - Cluster-admin"
    assert parsed._ctx.skipped == {"status passed": 1, "excepted (exception policy)": 1}


def test_v3_without_summary_first_is_detected() -> None:
    doc = {"results": REPORT["results"], "resources": REPORT["resources"], "summaryDetails": REPORT["summaryDetails"]}
    assert detect_format(open_report(json.dumps(doc).encode(), name="k.json")).id == "kubescape"


def _v1_control(control_id: str, objects: list[dict[str, object]], exception: bool = False) -> dict[str, object]:
    response: dict[str, object] = {
        "alertMessage": "container nginx is privileged",
        "ruleStatus": "",
        "alertObject": {"k8sApiObjects": objects},
    }
    if exception:
        response["exception"] = {"name": "allow"}
    return {
        "controlID": control_id,
        "name": f"control {control_id}",
        "description": "desc",
        "remediation": "fix it",
        "baseScore": 8,
        "ruleReports": [{"name": "rule", "ruleResponses": [response] if objects else [], "ruleStatus": {}}],
    }


POD_A = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "prod"}}
POD_B = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b", "namespace": "prod"}}


def test_v1_framework_report_object_and_array() -> None:
    nsa = {
        "name": "NSA",
        "controlReports": [
            _v1_control("C-0057", [POD_A, POD_B]),
            _v1_control("C-0001", []),
            _v1_control("C-0002", [POD_A], exception=True),
        ],
        "score": 50,
    }
    data = json.dumps(nsa).encode()
    assert detect_format(open_report(data, name="k.json")).id == "kubescape"
    parsed = parse_report(data, "kubescape")
    a, b = list(parsed.findings)
    assert a.name == "C-0057 - control C-0057" and a.severity is Severity.HIGH
    assert a.location == "prod/Pod/a" and b.location == "prod/Pod/b" and a.remedy == "fix it"
    assert parsed._ctx.skipped == {"control with no failed resource": 2, "excepted (exception policy)": 1}
    mitre = {"name": "MITRE", "controlReports": [_v1_control("C-0057", [POD_A]), _v1_control("C-0009", [POD_B])]}
    both = json.dumps([nsa, mitre]).encode()
    assert detect_format(open_report(both, name="k.json")).id == "kubescape"
    # C-0057 on pod a is reported by both frameworks: one finding
    assert len(list(parse_report(both, "kubescape").findings)) == 3


def test_empty_scans() -> None:
    for data in (b"null", b"[]", b"{}", b'{"summaryDetails": {"controls": {}}, "results": []}'):
        assert list(parse_report(data, "kubescape").findings) == []
