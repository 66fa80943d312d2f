"""orca_security: the CSV and JSON exports, the API shape, score and risk-level severity, closed alerts inactive,
empty exports and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    "OrcaScore,Title,Category,Inventory,Inventory.Name,CloudAccount,CloudAccount.Name,Source,Status,CreatedAt,"
    "LastSeen,Labels\n"
)
CSV = HEADER + (
    "7.5,Public S3 bucket detected,Data at risk,1,my-public-bucket,1,account-prod,my-public-bucket,open,"
    '2025-02-01T14:00:00+00:00,2025-02-03T09:00:00+00:00,"[""CSPM"",""mitre: initial access""]"\n'
    '0,Informational note,Best practices,1,InfoResource,1,account-dev,InfoResource,closed,2024-12-01,,"[]"\n'
    '3.0,Snoozed alert,Best practices,1,res,1,account-dev,res,snoozed,,,"[]"\n'
)


def test_csv_export() -> None:
    data = CSV.encode()
    assert detect_format(open_report(data, name="alerts.csv")).id == "orca_security"
    parsed = parse_report(data, "orca_security")
    bucket, closed, snoozed = list(parsed.findings)
    assert (closed.active, closed.details["status"]) == (False, "closed") and bucket.active and snoozed.active
    assert bucket.name == "Public S3 bucket detected" and (bucket.severity, bucket.score) == (Severity.HIGH, 7.5)
    assert bucket.asset.type is AssetType.CLOUD
    assert bucket.asset.attributes["providerAccountId"] == "account-prod"
    assert bucket.asset.attributes["resourceName"] == "my-public-bucket"
    assert [t.value for t in bucket.tags] == ["CSPM", "mitre: initial access"]
    assert bucket.published is not None and bucket.published.month == 2
    assert snoozed.severity is Severity.LOW and ("status", "snoozed") in [(t.key, t.value) for t in snoozed.tags]
    assert not parsed._ctx.skipped


def test_json_export() -> None:
    alert = {
        "Title": "Unused role with policy found",
        "Labels": ["CSPM"],
        "Status": "open",
        "OrcaScore": 9.5,
        "Category": "IAM misconfigurations",
        "Source": "TestRole",
        "CloudAccount": {"Name": "acct"},
        "Inventory": {"Name": "TestRole"},
    }
    data = json.dumps([alert]).encode()
    assert detect_format(open_report(data, name="alerts.json")).id == "orca_security"
    (f,) = parse_report(data, "orca_security").findings
    assert f.severity is Severity.CRITICAL and f.location == "TestRole"


def test_api_shape() -> None:
    alert = {
        "alert_id": "orca-123",
        "type_string": "Vulnerable package",
        "category": "Vulnerabilities",
        "asset_name": "web-1",
        "asset_unique_id": "AwsEc2Instance_111_i-1",
        "asset_type": "AwsEc2Instance",
        "cloud_provider": "aws",
        "account_name": "prod",
        "state": {"status": "open", "orca_score": 6.2, "risk_level": "high", "created_at": "2025-01-01T00:00:00Z"},
        "data": {"title": "CVE-2024-3094 in xz", "details": "Backdoor in xz.", "recommendation": "Upgrade xz."},
    }
    data = json.dumps({"data": [alert, {**alert, "alert_id": "orca-9", "state": {"status": "dismissed"}}]}).encode()
    assert detect_format(open_report(data, name="api.json")).id == "orca_security"
    parsed = parse_report(data, "orca_security")
    f, dismissed = parsed.findings
    assert not dismissed.active and dismissed.details["status"] == "dismissed"
    assert (f.name, f.severity, f.remedy) == ("CVE-2024-3094 in xz", Severity.HIGH, "Upgrade xz.")
    assert f.reference_ids == ["CVE-2024-3094"]
    assert f.asset.attributes["providerType"] == "AWS"
    assert f.asset.attributes["providerResourceId"] == "AwsEc2Instance_111_i-1"
    assert not parsed._ctx.skipped


def test_empty_and_foreign() -> None:
    assert list(parse_report(HEADER.encode(), "orca_security").findings) == []
    assert list(parse_report(b"[]", "orca_security").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"Title,Severity\nx,High\n", "orca_security").findings)
    with pytest.raises(InvalidReport, match="no title"):
        list(parse_report(b'[{"OrcaScore": 1}]', "orca_security").findings)
    with pytest.raises(InvalidReport, match="no `data` list"):
        list(parse_report(b'{"results": []}', "orca_security").findings)
