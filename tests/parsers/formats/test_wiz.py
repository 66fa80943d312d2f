"""Wiz Issues CSV: fields, cloud provider inference, broken input."""

from __future__ import annotations

import csv
import io

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

COLUMNS = [
    "Created At",
    "Title",
    "Severity",
    "Status",
    "Description",
    "Resource Type",
    "Resource external ID",
    "Subscription ID",
    "Project IDs",
    "Project Names",
    "Resolved Time",
    "Resolution",
    "Control ID",
    "Resource Name",
    "Resource Region",
    "Resource Status",
    "Resource Platform",
    "Resource OS",
    "Resource original JSON",
    "Issue ID",
    "Resource vertex ID",
    "Ticket URLs",
    "Note",
    "Due At",
    "Remediation Recommendation",
    "Subscription Name",
    "Wiz URL",
    "Cloud Provider URL",
    "Resource Tags",
    "Kubernetes Cluster",
    "Kubernetes Namespace",
    "Container Service",
]


def _csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def test_issue_fields_and_provider_inference() -> None:
    azure = {
        "Created At": "2023-01-25T00:19:27Z",
        "Title": "Role with wildcards",
        "Severity": "INFORMATIONAL",
        "Status": "OPEN",
        "Description": "over-permissive",
        "Resource Type": "User",
        "Resource external ID": "k8s/user/aks-support",
        "Subscription ID": "fee3535b-9616-486f-a476-6a500a08a02b",
        "Issue ID": "0029ee49",
        "Control ID": "5bd6",
        "Resource Platform": "Kubernetes",
        "Remediation Recommendation": "Least privilege",
        "Subscription Name": "Demo",
    }
    aws = dict(
        azure,
        **{
            "Subscription ID": "123456789012",
            "Severity": "HIGH",
            "Resource Region": "us-east-1",
            "Issue ID": "1111",
            "Resource external ID": "arn:aws:s3:::bucket",
        },
    )
    data = _csv(azure, aws)
    assert detect_format(open_report(data, name="wiz-issues.csv")).id == "wiz"
    first, second = list(parse_report(data).findings)
    assert (first.name, first.severity, first.remedy) == ("Role with wildcards", Severity.INFO, "Least privilege")
    assert first.asset.type is AssetType.CLOUD
    assert first.asset.attributes["providerType"] == "AZURE" and first.asset.attributes["region"] == "global"
    assert second.asset.attributes["providerType"] == "AWS" and second.asset.attributes["region"] == "us-east-1"
    assert second.severity is Severity.HIGH and second.fingerprint == "1111"


def test_header_only_is_clean() -> None:
    assert list(parse_report(_csv(), "wiz").findings) == []


def test_broken_input_is_invalid_report() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"Title,Severity\nx,HIGH\n", "wiz").findings)


VULN_COLUMNS = [
    "ID",
    "WizURL",
    "Name",
    "CVSSSeverity",
    "HasExploit",
    "HasCisaKevExploit",
    "FindingStatus",
    "VendorSeverity",
    "FirstDetected",
    "LastDetected",
    "ResolvedAt",
    "ResolutionReason",
    "Remediation",
    "LocationPath",
    "DetailedName",
    "Version",
    "FixedVersion",
    "DetectionMethod",
    "Link",
    "Projects",
    "AssetID",
    "AssetName",
    "AssetRegion",
    "ProviderUniqueId",
    "CloudProviderURL",
    "CloudPlatform",
    "Status",
    "SubscriptionExternalId",
    "SubscriptionId",
    "SubscriptionName",
]


def _vuln_csv(columns: list[str], *rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


SCA_ROW = {
    "ID": "f1",
    "Name": "CVE-2022-25883",
    "CVSSSeverity": "HIGH",
    "FindingStatus": "Open",
    "VendorSeverity": "MEDIUM",
    "FirstDetected": "2024-01-02T03:04:05Z",
    "LocationPath": "/app/package-lock.json",
    "DetailedName": "semver",
    "Version": "7.5.1",
    "FixedVersion": "7.5.2",
    "AssetName": "app-vm",
    "AssetRegion": "eu-west-1",
    "ProviderUniqueId": "arn:aws:ec2:eu-west-1:123456789012:instance/i-1",
    "CloudPlatform": "AWS",
    "SubscriptionExternalId": "123456789012",
}


def test_vulnerability_findings_export_is_read() -> None:
    resolved = dict(SCA_ROW, ID="f2", Name="CVE-2023-1", FindingStatus="Resolved", VendorSeverity="")
    data = _vuln_csv(VULN_COLUMNS, SCA_ROW, resolved)
    assert detect_format(open_report(data, name="wiz-vulns.csv")).id == "wiz"
    first, second = list(parse_report(data).findings)
    assert first.name == "semver: CVE-2022-25883" and first.severity is Severity.MEDIUM
    assert first.reference_ids == ["CVE-2022-25883"] and first.package is not None
    assert first.package.fixed_versions == ["7.5.2"] and first.fingerprint == "f1"
    assert first.asset.attributes["providerAccountId"] == "123456789012"
    assert first.asset.attributes["region"] == "eu-west-1"
    assert second.severity is Severity.HIGH  # no vendor severity: the CVSS one


def test_vulnerability_export_with_spaced_column_names_and_header_only() -> None:
    spaced = ["Name", "Detailed Name", "Version", "Vendor Severity", "Finding Status", "Wiz URL"]
    row = {"Name": "CVE-1", "Detailed Name": "openssl", "Version": "1.1", "Vendor Severity": "Critical"}
    data = _vuln_csv(spaced, row)
    assert detect_format(open_report(data, name="v.csv")).id == "wiz"
    (f,) = list(parse_report(data).findings)
    assert f.severity is Severity.CRITICAL and f.name == "openssl: CVE-1"
    assert list(parse_report(_vuln_csv(VULN_COLUMNS), "wiz").findings) == []
