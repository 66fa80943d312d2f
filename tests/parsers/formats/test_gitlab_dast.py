"""GitLab DAST: schema-15 reports with and without `scan`, one finding per issue and site, URLs folded."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(path: str, method: str = "GET", plugin: str = "10036", severity: str = "Low", **extra: object) -> dict:
    return {
        "id": f"{plugin}-{method}-{path}",
        "category": "dast",
        "severity": severity,
        "confidence": "High",
        "description": "Server header leaks the version.",
        "solution": "Hide the header.",
        "identifiers": [
            {"type": "ZAProxy_PluginId", "name": "Server Leaks Version", "value": plugin},
            {"type": "CWE", "name": "CWE-200", "value": "200"},
        ],
        "links": [{"url": "https://example.org/servertokens"}],
        "location": {"hostname": "https://shop.example.com", "method": method, "param": "", "path": path},
        "evidence": {"summary": "378282246310005", "request": {"headers": [{"name": "Authorization", "value": "t0k"}]}},
        **extra,
    }


def _report(vulns: list[dict], scan: bool = True) -> bytes:
    doc: dict = {"version": "15.0.6", "vulnerabilities": vulns, "remediations": []}
    if scan:
        doc["scan"] = {"type": "dast", "scanner": {"id": "zaproxy", "name": "ZAProxy"}, "status": "success"}
    return json.dumps(doc).encode()


def test_one_finding_per_vulnerability_as_gitlab_lists_them() -> None:
    data = _report(
        [
            _vuln("/"),
            _vuln("/cart", "POST", severity="Medium"),
            _vuln("/", plugin="10062", severity="High", name="PII Disclosure"),
            {**_vuln("/a"), "location": {"hostname": "http://10.0.0.5:8080", "path": "/a", "method": "GET"}},
        ]
    )
    assert detect_format(open_report(data, name="gl-dast-report.json")).id == "gitlab_dast"
    parsed = parse_report(data, "gitlab-dast")
    leak, cart, pii, other_site = list(parsed.findings)
    assert leak.name == cart.name == "Server Leaks Version"
    assert (leak.severity, cart.severity) == (Severity.LOW, Severity.MEDIUM)
    assert (leak.location, cart.location) == ("https://shop.example.com/", "https://shop.example.com/cart")
    assert cart.details["method"] == "POST" and leak.fingerprint != cart.fingerprint
    assert leak.cwes == ["CWE-200"] and leak.asset is cart.asset
    assert leak.asset.type is AssetType.WEB and leak.asset.attributes == {"fqdn": "shop.example.com"}
    assert pii.name == "PII Disclosure" and pii.severity is Severity.HIGH
    assert other_site.asset.attributes == {"ip": "10.0.0.5"}
    # evidence (credentials in headers, the PII found) is not copied
    assert "378282246310005" not in str(leak.details) and "t0k" not in str(pii.details)


def test_fingerprint_does_not_depend_on_report_order() -> None:
    a = list(parse_report(_report([_vuln("/x"), _vuln("/y")]), "gitlab_dast").findings)
    b = list(parse_report(_report([_vuln("/y"), _vuln("/x")]), "gitlab_dast").findings)
    assert {f.fingerprint for f in a} == {f.fingerprint for f in b} and len({f.fingerprint for f in a}) == 2


def test_schema_cut_without_scan_is_detected() -> None:
    data = _report([_vuln("/")], scan=False)
    assert detect_format(open_report(data, name="dast.json")).id == "gitlab_dast"
    (finding,) = list(parse_report(data, "gitlab_dast").findings)
    assert finding.name == "Server Leaks Version"


def test_empty_scan() -> None:
    parsed = parse_report(_report([]), "gitlab_dast")
    assert list(parsed.findings) == []


def test_other_scan_type_and_foreign_input_are_refused() -> None:
    sast = json.loads(_report([]))
    sast["scan"]["type"] = "sast"
    with pytest.raises(InvalidReport, match="sast"):
        list(parse_report(json.dumps(sast).encode(), "gitlab_dast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "gitlab_dast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"version": "15", "vulnerabilities": [1]}', "gitlab_dast").findings)
