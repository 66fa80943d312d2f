"""OpenReports and wgpolicyk8s PolicyReports: single resource, List, per-result resources, result accounting,
package properties, an empty List and foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(
    results: list[dict[str, Any]], api: str = "openreports.io/v1alpha1", kind: str = "Report", **extra: Any
) -> dict[str, Any]:
    return {
        "apiVersion": api,
        "kind": kind,
        "metadata": {"name": "deployment-web-1", "namespace": "shop"},
        "scope": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
        "summary": {"fail": 1, "warn": 1, "pass": 1},
        "results": results,
        **extra,
    }


RESULTS = [
    {
        "policy": "CVE-2025-1111",
        "message": "openssl overflow",
        "result": "fail",
        "severity": "critical",
        "source": "image-scanner",
        "properties": {
            "pkgName": "libssl3",
            "installedVersion": "3.0.1",
            "fixedVersion": "3.0.2, 3.1.0",
            "primaryURL": "https://avd.example/CVE-2025-1111",
        },
    },
    {"policy": "disallow-latest-tag", "rule": "validate-image-tag", "message": "latest tag", "result": "warn"},
    {"policy": "require-labels", "rule": "check-labels", "result": "pass"},
    {"policy": "require-probes", "result": "skip"},
    {"policy": "broken-policy", "result": "error"},
]


def test_single_report() -> None:
    data = json.dumps(_report(RESULTS)).encode()
    assert detect_format(open_report(data, name="report.json")).id == "openreports"
    parsed = parse_report(data, "openreports")
    cve, tag = list(parsed.findings)
    assert cve.name == "CVE-2025-1111: openssl overflow" and cve.severity is Severity.CRITICAL
    assert cve.reference_ids == ["CVE-2025-1111"]
    assert cve.package is not None and cve.package.fixed_versions == ["3.0.2", "3.1.0"]
    assert cve.remedy == "Update libssl3 from 3.0.1 to 3.0.2, 3.1.0\nhttps://avd.example/CVE-2025-1111"
    assert cve.asset.type is AssetType.BUILD and cve.asset.attributes["buildFile"] == "shop/Deployment/web"
    assert tag.name == "disallow-latest-tag / validate-image-tag: latest tag"
    assert tag.severity is Severity.LOW and ("result", "warn") in [(t.key, t.value) for t in tag.tags]
    assert dict(parsed._ctx.skipped) == {"result pass": 1, "result skip": 1, "result error": 1}


def test_kyverno_policy_report_list_with_result_resources() -> None:
    cluster = _report(
        [
            {
                "policy": "require-ns-owner",
                "result": "fail",
                "severity": "high",
                "resources": [{"kind": "Namespace", "name": "a"}, {"kind": "Namespace", "name": "b"}],
            }
        ],
        api="wgpolicyk8s.io/v1alpha2",
        kind="ClusterPolicyReport",
    )
    del cluster["scope"]
    cluster["metadata"] = {"name": "cpol-require-ns-owner"}
    data = json.dumps({"apiVersion": "v1", "kind": "List", "items": [cluster, _report(RESULTS[:1])]}).encode()
    assert detect_format(open_report(data, name="reports.json")).id == "openreports"
    a, b, cve = list(parse_report(data, "openreports").findings)
    assert (a.asset.attributes["buildFile"], b.asset.attributes["buildFile"]) == ("Namespace/a", "Namespace/b")
    assert a.severity is Severity.HIGH and a.name == "require-ns-owner"
    assert cve.asset.attributes["buildFile"] == "shop/Deployment/web"


def test_bare_array_and_empty_list() -> None:
    (f,) = parse_report(json.dumps([_report(RESULTS[1:2])]).encode(), "openreports").findings
    assert f.location == "shop/Deployment/web"
    assert list(parse_report(b'{"apiVersion": "v1", "kind": "List", "items": []}', "openreports").findings) == []
    assert list(parse_report(json.dumps(_report([])).encode(), "openreports").findings) == []


def test_foreign_and_broken_input() -> None:
    with pytest.raises(InvalidReport, match="not an OpenReports/PolicyReport resource"):
        list(
            parse_report(
                json.dumps(_report(RESULTS, api="aquasecurity.github.io/v1alpha1")).encode(), "openreports"
            ).findings
        )
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"result": "fail"}]}', "openreports").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(_report(RESULTS)).encode()[:-50], "openreports").findings)
