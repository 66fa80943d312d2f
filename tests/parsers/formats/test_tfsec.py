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
