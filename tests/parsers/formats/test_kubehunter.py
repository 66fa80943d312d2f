"""kubehunter: vulnerabilities per location, node/service hosts as assets, empty reports and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "nodes": [{"type": "Node/Master", "location": "10.0.0.1"}],
    "services": [{"service": "Kubelet API", "location": "10.0.1.1:10250"}],
    "vulnerabilities": [
        {
            "location": "10.0.1.1:10250",
            "vid": "KHV045",
            "category": "Information Disclosure",
            "severity": "high",
            "vulnerability": "Exposed /debug/pprof",
            "description": "Profiling endpoints are exposed.",
            "evidence": "open",
            "avd_reference": "https://avd.aquasec.com/kube-hunter/khv045/",
            "hunter": "Kubelet Secure Ports Hunter",
        },
        {
            "location": "10.0.0.1:443",
            "vid": "None",
            "category": "Access Risk",
            "severity": "low",
            "vulnerability": "K8s Version Disclosure",
            "description": "The version is disclosed.",
            "evidence": "none",
        },
    ],
}


def test_report() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="kh.json")).id == "kubehunter"
    parsed = parse_report(data, "kubehunter")
    pprof, version = list(parsed.findings)
    assert pprof.name == "KHV045: Exposed /debug/pprof" and pprof.severity is Severity.HIGH
    assert pprof.asset.type is AssetType.INFRA and pprof.asset.attributes == {"ip": "10.0.1.1"}
    assert pprof.location == "10.0.1.1:10250" and pprof.reference_ids == ["KHV045"]
    assert pprof.remedy == "See https://avd.aquasec.com/kube-hunter/khv045/"
    assert version.severity is Severity.LOW and version.reference_ids == []
    assert version.description == "The version is disclosed."
    assert {a.attributes.get("ip") for a in parsed.assets} == {"10.0.0.1", "10.0.1.1"}


def test_empty_and_foreign() -> None:
    data = json.dumps({**REPORT, "vulnerabilities": []}).encode()
    assert detect_format(open_report(data, name="kh.json")).id == "kubehunter"
    assert list(parse_report(data, "kubehunter").findings) == []
    assert list(parse_report(b"", "kubehunter").findings) == []
    with pytest.raises(InvalidReport, match="no `vulnerabilities` list"):
        list(parse_report(b'{"nodes": []}', "kubehunter").findings)
    with pytest.raises(InvalidReport, match="no name or vid"):
        list(parse_report(b'{"vulnerabilities": [{"severity": "low"}]}', "kubehunter").findings)
