"""StackHawk: one finding per plugin and host, duplicates merged, triage statuses kept."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _finding(plugin: str, name: str, severity: str, statuses: list[str], host: str = "https://app.example.com") -> dict:
    return {
        "pluginId": plugin,
        "pluginName": name,
        "severity": severity,
        "host": host,
        "category": "Headers",
        "findingURL": f"https://app.stackhawk.com/scans/1/finding/{plugin}",
        "paths": [{"path": f"/p{i}", "method": "GET", "status": s} for i, s in enumerate(statuses)],
    }


def _report(findings: list[dict], service_last: bool = False) -> bytes:
    scan = {"scan": {"id": "1", "application": "Shop", "env": "Prod"}, "findings": findings}
    doc = (
        {"scanCompleted": scan, "service": "StackHawk"}
        if service_last
        else {"service": "StackHawk", "scanCompleted": scan}
    )
    return json.dumps(doc).encode()


def test_plugins_merged_per_host() -> None:
    data = _report(
        [
            _finding("10038", "CSP Header Not Set", "Medium", ["NEW", "NEW"]),
            _finding("10038", "CSP Header Not Set", "Medium", ["NEW"]),
            _finding("20012", "Anti CSRF Tokens Scanner", "High", ["FALSE_POSITIVE", "RISK_ACCEPTED"]),
            _finding("10038", "CSP Header Not Set", "Low", ["NEW"], host="http://192.0.2.7:8080"),
        ]
    )
    assert detect_format(open_report(data, name="hawk.json")).id == "stackhawk"
    csp, csrf, other = list(parse_report(data, "hawkscan").findings)
    assert csp.severity is Severity.MEDIUM and csp.asset.type is AssetType.WEB
    assert csp.asset.attributes == {"fqdn": "app.example.com"}
    assert csp.details["urls"] == ["GET https://app.example.com/p0", "GET https://app.example.com/p1"]
    assert csp.location == "https://app.example.com/p0" and csp.tags == []
    assert csrf.severity is Severity.HIGH and {t.value for t in csrf.tags} == {"false-positive", "risk-accepted"}
    assert other.asset.attributes == {"ip": "192.0.2.7"}


def test_service_after_the_findings_and_empty_scan() -> None:
    assert (
        len(list(parse_report(_report([_finding("1", "x", "Low", ["NEW"])], service_last=True), "stackhawk").findings))
        == 1
    )
    assert list(parse_report(_report([]), "stackhawk").findings) == []


def test_not_stackhawk_is_refused() -> None:
    foreign = b'{"service": "Not StackHawk", "scanCompleted": {}}'
    with pytest.raises(Exception, match="no known format"):
        detect_format(open_report(foreign, name="x.json"))
    with pytest.raises(InvalidReport):
        list(parse_report(foreign, "stackhawk").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"service": "StackHawk"}', "stackhawk").findings)
