"""Prowler 3 JSON and AWS OCSF through aws_prowler_v3plus: statuses, muted results, CLOUD assets, detection."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _v3(n: int, status: str = "FAIL", **kw: Any) -> dict[str, Any]:
    return {
        "AssessmentStartTime": "2023-05-02T10:00:00",
        "FindingUniqueId": f"prowler-aws-s3-{n}",
        "Provider": "aws",
        "CheckID": "s3_bucket_public_access",
        "CheckTitle": "Ensure S3 buckets are not publicly accessible",
        "ServiceName": "s3",
        "Status": status,
        "StatusExtended": f"Bucket b{n} is public.",
        "Severity": "critical",
        "ResourceType": "AwsS3Bucket",
        "Description": "Public buckets leak data.",
        "Risk": "Data exposure.",
        "RelatedUrl": "https://docs.example/s3",
        "Remediation": {"Recommendation": {"Text": "Block public access.", "Url": "https://docs.example/block"}},
        "Compliance": {"CIS-1.5": ["2.1.5"]},
        "Categories": ["internet-exposed"],
        "AccountId": "111122223333",
        "Region": "eu-west-1",
        "ResourceId": f"b{n}",
        "ResourceArn": f"arn:aws:s3:::b{n}",
        **kw,
    }


def test_prowler3_json() -> None:
    data = json.dumps([_v3(1), _v3(2, "PASS"), _v3(3, Muted=True), _v3(4)]).encode()
    assert detect_format(open_report(data, name="prowler-output.json")).id == "aws_prowler_v3plus"
    one, four = parse_report(data).findings
    assert (one.name, one.severity, one.location) == (
        "Ensure S3 buckets are not publicly accessible",
        Severity.CRITICAL,
        "arn:aws:s3:::b1",
    )
    assert one.fingerprint == "prowler-aws-s3-1" and four.fingerprint == "prowler-aws-s3-4"
    assert one.asset.type is AssetType.CLOUD
    assert one.asset.attributes == {
        "providerType": "AWS",
        "providerAccountId": "111122223333",
        "region": "eu-west-1",
        "providerResourceId": "arn:aws:s3:::b1",
        "resourceType": "AwsS3Bucket",
    }
    assert one.remedy == "Block public access.\nhttps://docs.example/block"
    assert ("category", "internet-exposed") in [(t.key, t.value) for t in one.tags]


def test_aws_ocsf_suppressed_results_are_left_out() -> None:
    def ocsf(n: int, status: str) -> dict[str, Any]:
        return {
            "metadata": {"event_code": "iam_check", "product": {"name": "Prowler", "version": "4.2.1"}},
            "severity": "Low",
            "status": status,
            "status_code": "FAIL",
            "status_detail": f"Role r{n} is too permissive.",
            "finding_info": {"title": "Ensure roles are scoped", "uid": f"u{n}"},
            "resources": [{"region": "us-east-1", "type": "AwsIamRole", "uid": f"arn:aws:iam::1:role/r{n}"}],
            "cloud": {"provider": "aws", "account": {"uid": "1"}, "region": "us-east-1"},
        }

    data = json.dumps([ocsf(1, "New"), ocsf(2, "Suppressed")]).encode()
    assert detect_format(open_report(data, name="out.ocsf.json")).id == "aws_prowler_v3plus"
    (f,) = parse_report(data).findings
    assert (f.severity, f.location) == (Severity.LOW, "arn:aws:iam::1:role/r1")


def test_empty_and_broken_reports() -> None:
    assert list(parse_report(b"[]", "aws_prowler_v3plus").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([_v3(1)]).encode()[:200], "AWS Prowler V3").findings)


def test_prowler3_json_same_check_and_resource_in_two_regions_and_skips() -> None:
    eu = _v3(1, ResourceArn="arn:aws:iam::111122223333:root", FindingUniqueId="u-eu")
    us = _v3(1, ResourceArn="arn:aws:iam::111122223333:root", FindingUniqueId="u-us", Region="us-east-1")
    parsed = parse_report(json.dumps([eu, us, eu, _v3(2, "PASS"), _v3(3, Muted=True)]).encode(), "aws_prowler_v3plus")
    assert [f.asset.attributes["region"] for f in parsed.findings] == ["eu-west-1", "us-east-1"]
    assert parsed._ctx.skipped == {"repeated result": 1, "status PASS": 1, "muted result": 1}
