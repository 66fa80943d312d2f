"""ASFF bare list: detection against the wrapped Security Hub export, one finding per resource, closed findings
skipped with a reason, ECR images, an empty list and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _entry(n: int = 1, **kw: Any) -> dict[str, Any]:
    return {
        "SchemaVersion": "2018-10-08",
        "Id": f"arn:aws:guardduty:eu-west-1:111122223333:detector/d/finding/{n}",
        "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/guardduty",
        "GeneratorId": "arn:aws:guardduty:eu-west-1:111122223333:detector/d",
        "AwsAccountId": "111122223333",
        "Severity": {"Normalized": 50},
        "Title": "Unusual network permission change",
        "Description": "An IAM user changed network permissions.",
        "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"}],
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
        **kw,
    }


def test_bare_list_is_asff_and_wrapped_export_is_security_hub() -> None:
    data = json.dumps([_entry()]).encode()
    assert detect_format(open_report(data, name="asff.json")).id == "asff"
    wrapped = json.dumps({"Findings": [_entry()]}).encode()
    assert detect_format(open_report(wrapped, name="findings.json")).id == "awssecurityhub"
    with pytest.raises(InvalidReport, match="awssecurityhub"):
        list(parse_report(wrapped, "asff").findings)


def test_one_finding_per_resource_with_normalized_severity() -> None:
    resources = [
        {"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "Region": "eu-west-1"},
        {"Type": "AwsIamAccessKey", "Id": "AWS::IAM::AccessKey:AKIA"},
    ]
    parsed = parse_report(json.dumps([_entry(Resources=resources)]).encode(), "asff")
    first, second = list(parsed.findings)
    assert first.name == "Unusual network permission change"
    assert first.severity is Severity.MEDIUM  # Normalized 50 lies in the 40-69 band
    assert first.asset.type is AssetType.CLOUD
    assert first.asset.attributes["providerResourceId"] == "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"
    assert first.asset.attributes["region"] == "eu-west-1"
    assert second.asset.attributes["region"] == "global"
    assert first.fingerprint != second.fingerprint


def test_closed_findings_are_inactive_and_repeats_skipped() -> None:
    doc = [
        _entry(1, Severity={"Label": "HIGH"}),
        _entry(2, Compliance={"Status": "PASSED"}),
        _entry(3, Workflow={"Status": "RESOLVED"}),
        _entry(4, RecordState="ARCHIVED"),
        _entry(1, Severity={"Label": "HIGH"}),  # paging overlap
        _entry(5, Workflow={"Status": "SUPPRESSED"}),
    ]
    parsed = parse_report(json.dumps(doc).encode(), "asff")
    # a RESOLVED workflow on an ACTIVE record is triage, not observation: still a finding, as in awssecurityhub
    kept, passed, resolved, archived, suppressed = list(parsed.findings)
    assert kept.severity is Severity.HIGH
    assert resolved.name and any(t.value == "suppressed" for t in suppressed.tags)
    assert [f.active for f in (kept, passed, resolved, archived, suppressed)] == [True, False, True, False, True]
    assert (passed.details["status"], archived.details["status"]) == (
        "compliance status PASSED",
        "record state ARCHIVED",
    )
    assert dict(parsed._ctx.skipped) == {"finding Id repeated in the export": 1}


def test_inspector_cve_on_an_ecr_image() -> None:
    entry = _entry(
        Title="CVE-2017-9735 - jetty",
        Severity={"Label": "HIGH", "Normalized": 70},
        Vulnerabilities=[
            {
                "Id": "CVE-2017-9735",
                "Cvss": [{"BaseScore": 7.5}],
                "VulnerablePackages": [{"Name": "jetty-server", "Version": "9.2.9", "FixedInVersion": "9.4.6"}],
            }
        ],
        Resources=[
            {
                "Type": "AwsEcrContainerImage",
                "Id": "arn:aws:ecr:eu-west-1:111122223333:repository/app/sha256:ab",
                "Region": "eu-west-1",
                "Details": {
                    "AwsEcrContainerImage": {
                        "RegistryId": "111122223333",
                        "RepositoryName": "app",
                        "ImageTags": ["1.0"],
                        "ImageDigest": "sha256:ab",
                    }
                },
            }
        ],
    )
    (f,) = parse_report(json.dumps([entry]).encode(), "asff").findings
    assert f.asset.type is AssetType.CONTAINER
    assert f.asset.attributes["imageName"] == "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.0"
    assert f.reference_ids == ["CVE-2017-9735"] and f.score == 7.5
    assert f.package is not None and f.package.fixed_versions == ["9.4.6"]


def test_empty_list_is_a_clean_scan() -> None:
    assert list(parse_report(b"[]", "asff").findings) == []


def test_broken_and_foreign_input() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"Title": "x"}]', "asff").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([_entry()]).encode()[:-30], "asff").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "asff").findings)
