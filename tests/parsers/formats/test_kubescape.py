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
