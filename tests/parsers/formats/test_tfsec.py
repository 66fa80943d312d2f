"""tfsec: results folded per rule/file/line, passed results skipped, severity, links, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(rule: str, line: int, severity: str, status: str = "failed") -> dict[str, object]:
    return {
        "rule_id": rule,
        "long_id": f"aws-vpc-{rule}",
        "rule_description": "An ingress Network ACL rule allows ALL ports.",
        "rule_provider": "aws",
        "impact": "All ports exposed",
        "resolution": "Set specific allowed ports",
        "links": ["https://tfsec.dev/docs/aws/vpc/no-excessive-port-access"],
        "description": "Resource defines a fully open ingress Network ACL rule.",
        "severity": severity,
        "status": status,
        "location": {"filename": "/tf/vpc.tf", "start_line": line, "end_line": line},
    }


def test_results() -> None:
    doc = {
        "results": [
            _result("AWS050", 155, "CRITICAL"),
            _result("AWS050", 155, "CRITICAL"),
            _result("AWS050", 160, "CRITICAL"),
            _result("AWS018", 3, "LOW", status="passed"),
        ]
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="tfsec.json")).id == "tfsec"
    parsed = parse_report(data, "tfsec")
    findings = list(parsed.findings)
    assert [f.location for f in findings] == ["/tf/vpc.tf:155", "/tf/vpc.tf:160"]
    f = findings[0]
    assert f.severity is Severity.CRITICAL
    assert f.name == "aws-vpc-AWS050: An ingress Network ACL rule allows ALL ports."
    assert f.remedy == "Set specific allowed ports"
    assert "Impact: All ports exposed" in f.description
    assert parsed.assets[0].type is AssetType.BUILD and parsed.assets[0].attributes["buildFile"] == "/tf/vpc.tf"


def test_broken() -> None:
    assert list(parse_report(b'{"results": []}', "tfsec").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"severity": "LOW"}]}', "tfsec").findings)


def test_v1_numeric_status_and_null_results() -> None:
    """tfsec >= 1.0: status 0 failed, 1 passed (--include-passed), 2 ignored; a clean scan is results: null."""
    passed = {**_result("AVD-AWS-0107", 2, "HIGH"), "status": 1, "warning": False}
    ignored = {**_result("AVD-AWS-0108", 4, "HIGH"), "status": 2}
    failed = {**_result("AVD-AWS-0109", 6, "HIGH"), "status": 0}
    parsed = parse_report(json.dumps({"results": [passed, ignored, failed]}).encode(), "tfsec")
    assert [f.location for f in parsed.findings] == ["/tf/vpc.tf:6"]
    assert parsed._ctx.skipped == {"result passed": 1, "result ignored": 1}
    assert list(parse_report(b'{"results": null}', "tfsec").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"other": []}', "tfsec").findings)


def test_legacy_0x_layout() -> None:
    """tfsec 0.x before rule descriptions: rule_id, link, location, description, ERROR/WARNING/INFO."""
    doc = {
        "results": [
            {
                "rule_id": "AWS002",
                "link": "https://github.com/liamg/tfsec/wiki/AWS002",
                "location": {"filename": "/tf/s3.tf", "start_line": 1, "end_line": 5},
                "description": "Resource 'aws_s3_bucket.b' does not have logging enabled.",
                "severity": "ERROR",
            },
            {
                "rule_id": "AWS017",
                "link": "https://github.com/liamg/tfsec/wiki/AWS017",
                "location": {"filename": "/tf/s3.tf", "start_line": 1, "end_line": 5},
                "description": "Resource 'aws_s3_bucket.b' defines an unencrypted S3 bucket.",
                "severity": "WARNING",
            },
        ]
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="tfsec.json")).id == "tfsec"
    high, medium = list(parse_report(data, "tfsec").findings)
    assert (high.severity, medium.severity) == (Severity.HIGH, Severity.MEDIUM)
    assert high.remedy == "See https://github.com/liamg/tfsec/wiki/AWS002"
    assert high.location == "/tf/s3.tf:1"
