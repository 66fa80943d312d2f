"""cloudsploit: FAIL and WARN results, OK/UNKNOWN skipped, cloud assets from ARNs and Azure ids, the CSV output,
an empty list and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ARN = "arn:aws:cloudformation:us-east-1:123456789012:stack/myStack/d52a5180"


def _result(status: str, resource: str = ARN, region: str = "us-east-1") -> dict[str, str]:
    return {
        "plugin": "stackTerminationProtection",
        "category": "CloudFormation",
        "title": "CloudFormation Stack Termination Protection Enabled",
        "description": "Ensures that AWS CloudFormation stacks have termination protection enabled.",
        "resource": resource,
        "region": region,
        "status": status,
        "message": "not enabled",
    }


def test_json_results() -> None:
    doc = [
        _result("FAIL"),
        _result("WARN", "/subscriptions/s1/resourceGroups/rg/providers/x/y", "eastus"),
        _result("OK"),
        _result("UNKNOWN"),
        _result("FAIL", "N/A", "global"),
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="cloudsploit.json")).id == "cloudsploit"
    parsed = parse_report(data, "cloudsploit")
    fail, warn, nores = list(parsed.findings)
    assert fail.name == "CloudFormation Stack Termination Protection Enabled" and fail.severity is Severity.HIGH
    assert fail.asset.type is AssetType.CLOUD
    assert fail.asset.attributes == {
        "providerType": "AWS",
        "providerAccountId": "123456789012",
        "region": "us-east-1",
        "providerResourceId": ARN,
    }
    assert fail.description.startswith("not enabled")
    assert warn.severity is Severity.MEDIUM and warn.asset.attributes["providerType"] == "AZURE"
    assert nores.asset.placeholder and nores.location == "N/A"
    assert dict(parsed._ctx.skipped) == {"status ok": 1, "status unknown": 1}


def test_csv_output() -> None:
    data = (
        b"category,title,description,resource,region,statusWord,message\n"
        b"S3,S3 Bucket Encryption,Ensures encryption,arn:aws:s3:::b,global,FAIL,not encrypted\n"
    )
    assert detect_format(open_report(data, name="cloudsploit.csv")).id == "cloudsploit"
    (f,) = parse_report(data, "cloudsploit").findings
    assert f.name == "S3 Bucket Encryption" and f.asset.attributes["providerType"] == "AWS"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "cloudsploit").findings) == []
    with pytest.raises(InvalidReport, match="list of results"):
        list(parse_report(b'{"results": []}', "cloudsploit").findings)
    with pytest.raises(InvalidReport, match="lacks its title or status"):
        list(parse_report(b'[{"resource": "x"}]', "cloudsploit").findings)
