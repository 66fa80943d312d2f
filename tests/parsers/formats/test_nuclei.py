"""Nuclei: JSON array and JSON Lines, folding per template/matcher/host, classification fields, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

RESULT = {
    "template-id": "CVE-2021-0001",
    "info": {
        "name": "Example RCE",
        "severity": "critical",
        "description": "Remote code execution.",
        "remediation": "Upgrade to 2.0.",
        "reference": ["https://example.org/advisory"],
        "classification": {"cve-id": ["cve-2021-0001"], "cwe-id": ["cwe-79", "cwe-89"], "cvss-score": 9.8},
    },
    "type": "http",
    "host": "https://app.example.com",
    "matched-at": "https://app.example.com/login",
    "timestamp": "2023-11-06T14:48:31.591398+01:00",
}
OTHER_PATH = {**RESULT, "matched-at": "https://app.example.com/admin"}
DNS = {
    "template-id": "dns-saas",
    "info": {"name": "SaaS", "severity": "info"},
    "type": "dns",
    "host": "10.0.0.9",
    "matcher-name": "wix",
    "extracted-results": ["pointing.wixdns.net"],
}


@pytest.mark.parametrize("as_lines", [False, True], ids=["array", "jsonl"])
def test_results(as_lines: bool) -> None:
    items = [RESULT, OTHER_PATH, DNS]
    data = ("\n".join(json.dumps(i) for i in items) if as_lines else json.dumps(items)).encode()
    assert detect_format(open_report(data, name="nuclei.json")).id == "nuclei"
    parsed = parse_report(data, "nuclei")
    rce, saas = list(parsed.findings)
    assert rce.name == "Example RCE" and rce.severity is Severity.CRITICAL and rce.score == 9.8
    assert rce.reference_ids == ["CVE-2021-0001"] and rce.cwes == ["CWE-79", "CWE-89"]
    assert rce.remedy == "Upgrade to 2.0."
    assert rce.details["matchedAt"] == ["https://app.example.com/login", "https://app.example.com/admin"]
    assert rce.published is not None and rce.published.hour == 13  # normalised to UTC
    assert rce.asset.type is AssetType.WEB and rce.asset.attributes == {"fqdn": "app.example.com"}
    assert saas.name == "SaaS (wix)" and saas.severity is Severity.INFO
    assert saas.asset.attributes == {"ip": "10.0.0.9"} and "pointing.wixdns.net" in saas.description


def test_broken() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([RESULT])[:-30].encode(), "nuclei").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"template-id": "x"}]', "nuclei").findings)
    assert list(parse_report(b"[]", "nuclei").findings) == []


def test_v2_jsonl_field_names() -> None:
    v2 = {
        "templateID": "tech-detect",
        "info": {"name": "Wappalyzer Technology Detection", "severity": "info"},
        "type": "http",
        "host": "http://10.0.0.1:8080",
        "matched": "http://10.0.0.1:8080/",
        "matcher_name": "nginx",
        "timestamp": "2021-05-01T10:00:00Z",
    }
    data = (json.dumps(v2) + "\n" + json.dumps({**v2, "matcher_name": "php"}) + "\n").encode()
    assert detect_format(open_report(data, name="nuclei.jsonl")).id == "nuclei"
    findings = list(parse_report(data, "nuclei").findings)
    assert [f.name for f in findings] == [
        "Wappalyzer Technology Detection (nginx)",
        "Wappalyzer Technology Detection (php)",
    ]
    assert findings[0].asset.attributes == {"ip": "10.0.0.1"}


def test_one_finding_per_template_type_matcher_and_host_name() -> None:
    # v3 writes host as a bare name and matched-at as URL or host:port; one host name is one host
    a = {**RESULT, "host": "app.example.com", "matched-at": "https://app.example.com/login"}
    b = {**RESULT, "host": "app.example.com", "matched-at": "http://APP.example.com:8080/x"}
    c = {**RESULT, "host": "app.example.com", "matched-at": "app.example.com:443", "type": "ssl"}
    d = {**RESULT, "host": "other.example.com", "matched-at": "https://other.example.com/login"}
    findings = list(parse_report(json.dumps([a, b, c, d]).encode(), "nuclei").findings)
    assert len(findings) == 3
    assert findings[0].details["matchedAt"] == ["https://app.example.com/login", "http://APP.example.com:8080/x"]


def test_matcher_status_false_results_are_skipped() -> None:
    missed = {**RESULT, "template-id": "CVE-2022-0002", "matcher-status": False}
    parsed = parse_report(json.dumps([{**RESULT, "matcher-status": True}, missed]).encode(), "nuclei")
    assert len(list(parsed.findings)) == 1
    assert parsed._ctx.skipped == {"matcher-status false (template did not match)": 1}


@pytest.mark.parametrize("empty", [b"", b"[]", b"null", b"[]\n"])
def test_empty_outputs(empty: bytes) -> None:
    assert list(parse_report(empty, "nuclei").findings) == []
