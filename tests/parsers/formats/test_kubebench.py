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
    assert parsed._ctx.skipped == {"status pass": 1, "manual check": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.INFRA and asset.placeholder and asset.attributes == {"hostname": "kube-bench-node"}


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"Controls": [{"id": "1"}]}', "kubebench").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([CONTROL])[:50].encode(), "kubebench").findings)


@pytest.mark.parametrize("sep", ["\n", "\n\n", ""], ids=["lines", "blank-line", "back-to-back"])
def test_one_document_per_target(sep: str) -> None:
    """Older kube-bench printed one control object per target, one after the other."""
    master = {**CONTROL, "id": "1", "node_type": "master"}
    data = sep.join(json.dumps(c, indent=None if sep else 2) for c in (master, CONTROL)).encode()
    assert detect_format(open_report(data, name="kube-bench.json")).id == "kubebench"
    parsed = parse_report(data, "kube-bench")
    assert len(list(parsed.findings)) == 4
    assert {a.attributes["hostname"] for a in parsed.assets} == {"kube-bench-master", "kube-bench-node"}


def test_empty_and_manual_type() -> None:
    assert list(parse_report(b'{"Controls": [], "Totals": {"total_pass": 0}}', "kubebench").findings) == []
    control = json.loads(json.dumps(CONTROL))
    control["tests"][0]["results"] = [{"test_number": "5.1.1", "status": "WARN", "type": "manual", "reason": "x"}]
    parsed = parse_report(json.dumps(control).encode(), "kubebench")
    assert list(parsed.findings) == [] and parsed._ctx.skipped == {"manual check": 1}
