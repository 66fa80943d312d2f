"""kubelinter: reports per object, the manifest asset, check descriptions, null Reports, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CHECKS = [
    {
        "name": "no-read-only-root-fs",
        "description": "Containers without a read-only root filesystem.",
        "remediation": "Set readOnlyRootFilesystem.",
        "template": "read-only-root-fs",
    }
]


def _report(reports: Any) -> bytes:
    return json.dumps(
        {
            "Checks": CHECKS,
            "Reports": reports,
            "Summary": {
                "ChecksStatus": "Failed",
                "CheckEndTime": "2026-07-31T04:02:38.760284935Z",
                "KubeLinterVersion": "0.8.3",
            },
        }
    ).encode()


def _item(path: str, name: str) -> dict[str, Any]:
    return {
        "Diagnostic": {"Message": 'container "server" does not have a read-only root file system'},
        "Check": "no-read-only-root-fs",
        "Remediation": "Set readOnlyRootFilesystem to true.",
        "Object": {
            "Metadata": {"FilePath": path},
            "K8sObject": {
                "Namespace": "shop",
                "Name": name,
                "GroupVersionKind": {"Group": "apps", "Version": "v1", "Kind": "Deployment"},
            },
        },
    }


def test_reports() -> None:
    data = _report([_item("/manifests/app.yaml", "web"), _item("/manifests/app.yaml", "api")])
    assert detect_format(open_report(data, name="kl.json")).id == "kubelinter"
    parsed = parse_report(data, "kubelinter")
    web, api = list(parsed.findings)
    assert web.name == "no-read-only-root-fs" and web.severity is Severity.MEDIUM
    assert web.asset is api.asset and web.asset.type is AssetType.BUILD
    assert web.asset.attributes["buildFile"] == "/manifests/app.yaml"
    assert web.location == "/manifests/app.yaml shop/Deployment/web"
    assert web.remedy == "Set readOnlyRootFilesystem to true."
    assert "Containers without a read-only root filesystem." in web.description
    assert parsed.meta.scan_date is not None


def test_clean_and_foreign() -> None:
    assert list(parse_report(_report(None), "kubelinter").findings) == []
    assert detect_format(open_report(_report([]), name="kl.json")).id == "kubelinter"
    with pytest.raises(InvalidReport, match="no `Reports` list"):
        list(parse_report(b'{"Checks": []}', "kubelinter").findings)
    with pytest.raises(InvalidReport, match="names no Check"):
        list(parse_report(_report([{"Diagnostic": {}}]), "kubelinter").findings)


def test_clean_run_with_or_without_its_null_reports() -> None:
    checks = [{"name": "dangling-service", "description": "d", "remediation": "r", "template": "dangling-service"}]
    summary = {"ChecksStatus": "Passed", "CheckEndTime": "2024-01-01T00:00:00Z", "KubeLinterVersion": "0.6.8"}
    for doc in ({"Checks": checks, "Reports": None, "Summary": summary}, {"Checks": checks, "Summary": summary}):
        data = json.dumps(doc).encode()
        assert detect_format(open_report(data, name="kube-linter.json")).id == "kubelinter"
        assert list(parse_report(data, "kubelinter").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps({"Checks": checks}).encode(), "kubelinter").findings)
