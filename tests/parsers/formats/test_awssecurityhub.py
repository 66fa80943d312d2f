"""AWS Security Hub (ASFF): severity labels and normalized scores, one finding per resource, repeated ids, passed
controls, Inspector CVEs, ECR images, the bare-list shape, and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    detect_format,
    open_report,
    parse_report,
)


def _finding(n: int = 1, **kw: Any) -> dict[str, Any]:
    return {
        "SchemaVersion": "2018-10-08",
        "Id": f"arn:aws:securityhub:eu-west-1:111122223333:finding/{n}",
        "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
        "ProductName": "Security Hub",
        "GeneratorId": "aws-foundational-security-best-practices/v/1.0.0/S3.8",
        "AwsAccountId": "111122223333",
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "FirstObservedAt": "2024-03-02T10:15:00.000Z",
        "Severity": {"Label": "MEDIUM", "Normalized": 40},
        "Title": "S3.8 S3 Block Public Access setting should be enabled",
        "Description": "This control checks whether S3 buckets block public access.",
        "Remediation": {"Recommendation": {"Text": "Enable Block Public Access.", "Url": "https://docs.example/s3.8"}},
        "Resources": [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::reports", "Partition": "aws", "Region": "eu-west-1"}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": "S3.8"},
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
        **kw,
    }


def _parse(doc: Any) -> list[Any]:
    return list(parse_report(json.dumps(doc).encode(), scanner="awssecurityhub").findings)


def test_control_finding_on_a_cloud_resource() -> None:
    data = json.dumps({"Findings": [_finding()]}).encode()
    assert detect_format(open_report(data, name="findings.json")).id == "awssecurityhub"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.score) == (
        "S3.8 S3 Block Public Access setting should be enabled",
        Severity.MEDIUM,
        None,
    )
    assert f.remedy == "Enable Block Public Access.\nhttps://docs.example/s3.8"
    assert f.asset.type is AssetType.CLOUD
    assert f.asset.attributes == {
        "providerType": "AWS",
        "providerAccountId": "111122223333",
        "region": "eu-west-1",
        "providerResourceId": "arn:aws:s3:::reports",
        "resourceType": "AwsS3Bucket",
    }
    assert f.location == "arn:aws:s3:::reports"
    assert f.details["securityControlId"] == "S3.8" and f.details["complianceStatus"] == "FAILED"
    assert f.fingerprint == "arn:aws:securityhub:eu-west-1:111122223333:finding/1"
    assert f.published is not None and f.published.year == 2024


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ({"Label": "CRITICAL"}, Severity.CRITICAL),
        ({"Label": "INFORMATIONAL", "Normalized": 0}, Severity.INFO),
        ({"Normalized": 95}, Severity.CRITICAL),
        ({"Normalized": 70}, Severity.HIGH),
        ({"Normalized": 50}, Severity.MEDIUM),
        ({"Normalized": 10}, Severity.LOW),
        ({"Normalized": 0}, Severity.INFO),
        ({"Original": "High"}, Severity.HIGH),
    ],
)
def test_severity_label_then_normalized_score(severity: dict[str, Any], expected: Severity) -> None:
    (f,) = _parse({"Findings": [_finding(Severity=severity)]})
    assert f.severity is expected


def test_one_finding_per_resource_and_repeated_ids_read_once() -> None:
    two = _finding(
        Resources=[
            {"Type": "AwsEc2SecurityGroup", "Id": "sg-1", "Region": "us-east-1"},
            {"Type": "AwsEc2SecurityGroup", "Id": "sg-2", "Region": "us-east-1"},
        ]
    )
    findings = _parse({"findings": [two, two, _finding(2)]})
    assert [f.location for f in findings] == ["sg-1", "sg-2", "arn:aws:s3:::reports"]
    assert findings[0].asset is not findings[1].asset
    assert findings[0].fingerprint != findings[1].fingerprint
    assert findings[0].asset.attributes["region"] == "us-east-1"


def test_passed_and_archived_findings_are_inactive_so_an_import_closes_them() -> None:
    passed = _finding(1, Compliance={"Status": "PASSED"}, Severity={"Label": "INFORMATIONAL"})
    resolved = _finding(2, Workflow={"Status": "RESOLVED"})
    archived = _finding(3, RecordState="ARCHIVED")
    suppressed = _finding(4, Workflow={"Status": "SUPPRESSED"})
    parsed = parse_report(
        json.dumps({"Findings": [passed, resolved, archived, suppressed, passed]}).encode(), scanner="awssecurityhub"
    )
    findings = list(parsed.findings)
    assert [f.fingerprint.rsplit("/", 1)[1] for f in findings] == ["1", "2", "3", "4"]
    assert [f.active for f in findings] == [False, True, False, True]
    assert [f.details.get("status") for f in findings if not f.active] == [
        "compliance status PASSED",
        "record state ARCHIVED",
    ]
    kept = [f for f in findings if f.active]
    assert [[(t.key, t.value) for t in f.tags if t.key == "status"] for f in kept] == [
        [("status", "resolved")],
        [("status", "suppressed")],
    ]
    assert parsed._ctx.skipped == {"finding Id repeated in the export": 1}


@pytest.mark.parametrize("workflow", ["NEW", "NOTIFIED", "SUPPRESSED", "RESOLVED", None])
@pytest.mark.parametrize("record_state", ["ACTIVE", "ARCHIVED"])
@pytest.mark.parametrize("compliance", ["PASSED", "FAILED", "WARNING", "NOT_AVAILABLE", None])
def test_every_workflow_record_state_and_compliance_combination(
    workflow: str | None, record_state: str, compliance: str | None
) -> None:
    entry = _finding(RecordState=record_state)
    if workflow is None:
        del entry["Workflow"]
    else:
        entry["Workflow"] = {"Status": workflow}
    if compliance is None:  # GuardDuty, Inspector, Macie: no Compliance member at all
        del entry["Compliance"]
    else:
        entry["Compliance"] = {"Status": compliance}
    parsed = parse_report(json.dumps({"NextToken": "t0k3n", "Findings": [entry]}).encode(), scanner="awssecurityhub")
    findings = list(parsed.findings)
    closed = record_state == "ARCHIVED" or compliance == "PASSED"
    assert len(findings) == 1 and findings[0].active is not closed
    assert not parsed._ctx.skipped


def test_guardduty_finding_without_compliance_and_provider_severity() -> None:
    entry = _finding(
        ProductArn="arn:aws:securityhub:us-east-1::product/aws/guardduty",
        ProductFields={"aws/securityhub/ProductName": "GuardDuty"},
        Types=["TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort"],
        Resources=[{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:111122223333:instance/i-1"}],
        Region="us-east-1",
        FindingProviderFields={"Severity": {"Label": "HIGH", "Original": "8"}},
    )
    del entry["Compliance"], entry["Severity"], entry["ProductName"]
    (f,) = _parse({"Findings": [entry]})
    assert f.severity is Severity.HIGH
    assert f.asset.attributes["region"] == "us-east-1"
    assert ("product", "GuardDuty") in [(t.key, t.value) for t in f.tags]


def test_eventbridge_event_with_findings_in_detail() -> None:
    event = {
        "version": "0",
        "id": "8e5622f9-d81c-4d81-612a-9319e7ee2506",
        "detail-type": "Security Hub Findings - Imported",
        "source": "aws.securityhub",
        "account": "111122223333",
        "region": "eu-west-1",
        "detail": {"findings": [_finding(1), _finding(2, RecordState="ARCHIVED"), _finding(3)]},
    }
    data = json.dumps(event).encode()
    assert detect_format(open_report(data, name="event.json")).id == "awssecurityhub"
    assert [f.active for f in parse_report(data).findings] == [True, False, True]
    assert _parse({**event, "detail": {"findings": []}}) == []


def test_inspector_cve_through_security_hub_and_ecr_image() -> None:
    vuln = _finding(
        ProductName="Inspector",
        Title="CVE-2024-1234 - openssl",
        Resources=[
            {
                "Type": "AwsEcrContainerImage",
                "Id": "arn:aws:ecr:us-east-1:111122223333:repository/app/sha256:ab",
                "Region": "us-east-1",
                "Details": {
                    "AwsEcrContainerImage": {
                        "RegistryId": "111122223333",
                        "RepositoryName": "app",
                        "ImageTags": ["1.2"],
                        "ImageDigest": "sha256:ab",
                    }
                },
            }
        ],
        Vulnerabilities=[
            {
                "Id": "CVE-2024-1234",
                "VulnerablePackages": [{"Name": "openssl", "Version": "3.0.1", "FixedInVersion": "3.0.8"}],
                "Cvss": [{"Version": "3.1", "BaseScore": 7.5}],
            }
        ],
    )
    (f,) = _parse({"Findings": [vuln]})
    assert f.reference_ids == ["CVE-2024-1234"] and f.score == 7.5
    assert f.package is not None and f.package.fixed_versions == ["3.0.8"]
    assert f.asset.type is AssetType.CONTAINER
    assert f.asset.attributes["imageName"] == "111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.2"
    assert ("product", "Inspector") in [(t.key, t.value) for t in f.tags]


def test_bare_list_parses_when_named_but_is_claimed_by_asff() -> None:
    data = json.dumps([_finding()]).encode()
    assert len(list(parse_report(data, scanner="AWS Security Hub Scan").findings)) == 1
    # a bare list of ASFF findings is DefectDojo's separate "ASFF" format
    assert detect_format(open_report(data, name="asff.json")).id == "asff"


def test_empty_export_is_empty_but_other_shapes_are_refused() -> None:
    assert _parse({"Findings": [], "NextToken": None}) == []
    with pytest.raises(InvalidReport, match="no `Findings` list"):
        _parse({"Items": []})
    with pytest.raises(InvalidReport, match="lacks Id"):
        _parse({"Findings": [{"Title": "x"}]})
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"Findings": [{"Id": "a", ', scanner="awssecurityhub").findings)
