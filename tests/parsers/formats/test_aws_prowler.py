"""Prowler 2 CSV and JSON Lines: failed results only, one per checked item, CLOUD assets, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    "PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,CHECK_RESULT,ITEM_SCORED,ITEM_LEVEL,TITLE_TEXT,CHECK_RESULT_EXTENDED,"
    "CHECK_ASFF_COMPLIANCE_TYPE,CHECK_SEVERITY,CHECK_SERVICENAME,CHECK_ASFF_RESOURCE_TYPE,CHECK_ASFF_TYPE,CHECK_RISK,"
    "CHECK_REMEDIATION,CHECK_DOC,CHECK_CAF_EPIC\n"
)


def _row(result: str, user: str) -> str:
    return (
        f"dev,111122223333,us-west-2,1.2,{result},Scored,Level 1,[check12] Ensure MFA is enabled (Scored),"
        f"User {user} has Password enabled but MFA disabled,x,High,iam,AwsIamUser,y,Unauthorized access,"
        "Enable MFA,https://docs.example/mfa,IAM\n"
    )


def test_csv_failed_results_one_per_user() -> None:
    data = (HEADER + _row("PASS", "root") + _row("FAIL", "ann") + _row("FAIL", "bob")).encode()
    assert detect_format(open_report(data, name="prowler.csv")).id == "aws_prowler"
    root, ann, bob = parse_report(data).findings
    assert not root.active and root.details["status"] == "passed"
    assert (ann.name, ann.severity) == ("Ensure MFA is enabled (Scored)", Severity.HIGH)
    assert ann.description.startswith("User ann has Password enabled but MFA disabled")
    assert ann.remedy == "Enable MFA\nhttps://docs.example/mfa"
    assert ann.details["checkId"] == "check12"
    assert ann.fingerprint != bob.fingerprint
    assert ann.asset is bob.asset and ann.asset.type is AssetType.CLOUD
    assert ann.asset.attributes == {"providerType": "AWS", "providerAccountId": "111122223333", "region": "us-west-2"}


def test_json_lines() -> None:
    def line(status: str, resource: str) -> str:
        return json.dumps(
            {
                "Account Number": "111122223333",
                "Control": "[extra796] Restrict Access to the EKS Control Plane Endpoint",
                "Message": f"eu-central-1: Cluster {resource} control plane access is not restricted",
                "Severity": "Medium",
                "Status": status,
                "Control ID": "7.96",
                "Region": "eu-central-1",
                "Timestamp": "2021-08-23T06:38:21Z",
                "Service": "eks",
                "Risk": "Exposure",
                "Remediation": "Restrict access",
                "Doc link": "https://docs.example/eks",
                "Resource ID": resource,
            }
        )

    data = "\n".join([line("Pass", "a"), line("Info", "b"), line("FAIL", "prod"), line("Fail", "dev")]).encode()
    assert detect_format(open_report(data, name="prowler.json")).id == "aws_prowler"
    prod, dev = parse_report(data).findings
    assert prod.description.startswith("Cluster prod control plane access is not restricted")
    assert (prod.severity, prod.location) == (Severity.MEDIUM, "prod")
    assert prod.asset.attributes["providerResourceId"] == "prod"
    assert prod.published is not None and dev.location == "dev"


def test_broken_and_foreign_input_is_refused() -> None:
    with pytest.raises(InvalidReport, match="without the Prowler 2 columns"):
        list(parse_report(b"IP,Hostname\n1.2.3.4,a\n", "aws_prowler").findings)
    with pytest.raises(InvalidReport, match="without the Prowler 2 columns"):
        list(parse_report(b"IP,Hostname\n", "aws_prowler").findings)  # no rows: the header still decides
    assert list(parse_report(HEADER.encode(), "aws_prowler").findings) == []
    with pytest.raises(InvalidReport, match="not Prowler 2 JSON"):
        list(parse_report(b'{"foo": 1}\n{"bar": 2}\n', "aws_prowler").findings)


def test_prowler_2_0_layout_result_and_notes_columns() -> None:
    old = (
        b"PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,RESULT,SCORED,LEVEL,TITLE_TEXT,NOTES\n"
        b"default,111122223333,eu-west-1,1.3,FAIL,Scored,Level 1,"
        b"[check13] Ensure credentials unused for 90 days or greater are disabled (Scored),"
        b"User bob has never used access key 1\n"
        b"default,111122223333,eu-west-1,1.3,PASS,Scored,Level 1,"
        b"[check13] Ensure credentials unused for 90 days or greater are disabled (Scored),"
        b"User ann has used access key 1\n"
        b"default,111122223333,eu-west-1,7.1,WARNING,Not Scored,Extras,"
        b"[extra71] Ensure users of groups with AdministratorAccess policy have MFA tokens enabled (Not Scored),"
        b"User carl in group admins has no MFA\n"
        b"default,111122223333,eu-west-1,0.1,INFO,Scored,Level 1,[check00] Account info,Account details\n"
    )
    assert detect_format(open_report(old, name="prowler-output.csv")).id == "aws_prowler"
    parsed = parse_report(old, "aws_prowler")
    fail, passed, warning = list(parsed.findings)
    assert not passed.active and fail.active and warning.active
    assert fail.name == "Ensure credentials unused for 90 days or greater are disabled (Scored)"
    assert "User bob" in fail.description and "User carl" in warning.description
    assert parsed._ctx.skipped == {"status INFO": 1}


def test_check_resource_id_column_names_the_resource() -> None:
    header = HEADER.rstrip("\n") + ",CHECK_RESOURCE_ID,PROWLER_START_TIME\n"
    row = _row("FAIL", "ann").rstrip("\n") + ",arn:aws:iam::111122223333:user/ann,2022-01-01T10:00:00Z\n"
    (f,) = list(parse_report((header + row).encode(), "aws_prowler").findings)
    assert f.asset.attributes["providerResourceId"] == "arn:aws:iam::111122223333:user/ann"
    assert f.asset.attributes["resourceType"] == "AwsIamUser"
