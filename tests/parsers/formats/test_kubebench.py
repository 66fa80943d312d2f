"""kube-bench: FAIL and automated WARN are findings, PASS and manual WARN are not; layouts; broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CONTROL = {
    "id": "4",
    "version": "cis-1.6",
    "text": "Worker Node Security Configuration",
    "node_type": "node",
    "tests": [
        {
            "section": "4.1",
            "desc": "Worker Node Configuration Files",
            "results": [
                {"test_number": "4.1.1", "test_desc": "Kubelet service file 644", "status": "PASS"},
                {
                    "test_number": "4.1.2",
                    "test_desc": "Kubelet service file ownership root:root",
                    "audit": "stat -c %U:%G /etc/kubelet.service",
                    "status": "FAIL",
                    "remediation": "chown root:root /etc/kubelet.service",
                    "scored": True,
                },
                {"test_number": "4.1.3", "test_desc": "Proxy kubeconfig", "status": "WARN", "reason": "not found"},
                {
                    "test_number": "4.1.4",
                    "test_desc": "Manual",
                    "status": "WARN",
                    "reason": "Test marked as a manual test",
                },
            ],
        }
    ],
}


@pytest.mark.parametrize("doc", [[CONTROL], {"Controls": [CONTROL]}, CONTROL], ids=["list", "wrapped", "single"])
def test_statuses_and_layouts(doc: object) -> None:
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="kube-bench.json")).id == "kubebench"
    parsed = parse_report(data, "kube-bench")
    fail, warn = list(parsed.findings)
    assert fail.name == "4.1.2 - Kubelet service file ownership root:root"
    assert fail.severity is Severity.MEDIUM and fail.remedy == "chown root:root /etc/kubelet.service"
    assert "stat -c" in fail.description
    assert warn.severity is Severity.INFO
    (asset,) = parsed.assets
    assert asset.type is AssetType.INFRA and asset.placeholder and asset.attributes == {"hostname": "kube-bench-node"}


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"Controls": [{"id": "1"}]}', "kubebench").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([CONTROL])[:50].encode(), "kubebench").findings)
