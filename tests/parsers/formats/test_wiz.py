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
