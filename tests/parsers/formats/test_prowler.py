"""Prowler 4/5 OCSF and CSV: which results are findings, CLOUD assets per provider, Kubernetes clusters, repeats,
detection against aws_prowler_v3plus, broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _ocsf(n: int, status_code: str = "FAIL", provider: str | None = "azure", **kw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "metadata": {"event_code": f"check_{n}", "product": {"name": "Prowler", "version": "5.4.0"}},
        "severity": "High",
        "status": "New",
        "status_code": status_code,
        "status_detail": f"Resource {n} is misconfigured.",
        "finding_info": {"title": f"Ensure check {n}", "desc": "Why it matters.", "uid": f"prowler-{n}"},
        "resources": [{"region": "westeurope", "name": f"res{n}", "type": "Microsoft.Storage", "uid": f"/sub/res{n}"}],
        "remediation": {"desc": "Fix it.", "references": ["az storage ...", "https://docs.example/fix"]},
        "risk_details": "Data exposure.",
        "unmapped": {"compliance": {"CIS-2.0": ["3.1", "3.2"]}, "categories": ["encryption"]},
        **kw,
    }
    if provider:
        doc["cloud"] = {"provider": provider, "account": {"uid": "sub-1", "name": "prod"}, "region": "global"}
    return doc


def test_ocsf_failed_and_manual_results_are_findings() -> None:
    doc = [
        _ocsf(1),
        _ocsf(2, "PASS"),
        _ocsf(3, "MANUAL"),
        _ocsf(4, status="Suppressed"),
        _ocsf(1),  # an exact repeat
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="out.ocsf.json")).id == "prowler"
    failed, manual = parse_report(data).findings
    assert (failed.name, failed.severity, failed.location) == ("Ensure check 1", Severity.HIGH, "/sub/res1")
    assert failed.description.startswith("Resource 1 is misconfigured.\n\nWhy it matters.\n\nRisk: Data exposure.")
    assert failed.remedy == "Fix it.\nhttps://docs.example/fix"
    assert failed.details["compliance"] == ["CIS-2.0: 3.1, 3.2"]
    assert failed.fingerprint == "prowler-1"
    assert failed.asset.type is AssetType.CLOUD
    assert failed.asset.attributes == {
        "providerType": "AZURE",
        "providerAccountId": "sub-1",
        "providerAccountName": "prod",
        "region": "westeurope",
        "providerResourceId": "/sub/res1",
        "resourceType": "Microsoft.Storage",
    }
    assert manual.severity is Severity.INFO and ("status", "manual") in [(t.key, t.value) for t in manual.tags]


@pytest.mark.parametrize(("provider", "expected"), [("gcp", "GCP"), ("m365", "AZURE")])
def test_cloud_providers(provider: str, expected: str) -> None:
    (f,) = parse_report(json.dumps([_ocsf(1, provider=provider)]).encode(), "prowler").findings
    assert f.asset.attributes["providerType"] == expected


def test_kubernetes_results_land_on_the_cluster() -> None:
    k8s = _ocsf(1, provider=None)
    k8s["resources"] = [
        {"name": "kube-apiserver", "namespace": "kube-system", "type": "KubernetesAPIServer", "uid": "p1"}
    ]
    (f,) = parse_report(json.dumps([k8s]).encode(), "prowler").findings
    assert f.asset.type is AssetType.INFRA and f.asset.placeholder
    assert f.location == "p1"
    header = "ACCOUNT_UID;ACCOUNT_NAME;FINDING_UID;PROVIDER;CHECK_ID;CHECK_TITLE;STATUS;STATUS_EXTENDED;MUTED;SEVERITY;"
    header += "RESOURCE_TYPE;RESOURCE_UID;REGION;COMPLIANCE;CATEGORIES\n"
    row = "arn:k8s;context: prod-cluster;u1;kubernetes;apiserver_x;Ensure x;FAIL;x is off;False;critical;"
    row += "KubernetesAPIServer;pod-1;namespace: kube-system;CIS-1.8: 1.2.1|CIS-1.10: 1.2.1;logging\n"
    muted = row.replace(";False;", ";True;").replace(";u1;", ";u2;")
    passed = row.replace(";FAIL;", ";PASS;").replace(";u1;", ";u3;")
    data = (header + row + muted + passed).encode()
    assert detect_format(open_report(data, name="prowler.csv")).id == "prowler"
    (csv_finding,) = parse_report(data).findings
    assert csv_finding.severity is Severity.CRITICAL
    assert csv_finding.asset.attributes == {"hostname": "prod-cluster"}
    assert csv_finding.details["compliance"] == ["CIS-1.8: 1.2.1", "CIS-1.10: 1.2.1"]


def test_aws_ocsf_is_left_to_aws_prowler_v3plus() -> None:
    data = json.dumps([_ocsf(1, provider="aws")]).encode()
    assert detect_format(open_report(data, name="out.ocsf.json")).id == "aws_prowler_v3plus"
    (f,) = parse_report(data, "prowler").findings
    assert f.asset.attributes["providerType"] == "AWS"


def test_redacted_finding_uids_are_not_used_as_identities() -> None:
    doc = [_ocsf(1), _ocsf(2)]
    for d in doc:
        d["finding_info"]["uid"] = "<finding_uid>"
    a, b = parse_report(json.dumps(doc).encode(), "prowler").findings
    assert a.fingerprint != b.fingerprint


def test_broken_and_foreign_input_is_refused() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps([_ocsf(1)]).encode()[:300], "prowler").findings)
    with pytest.raises(InvalidReport, match="not the list"):
        list(parse_report(b'{"findings": []}', "prowler").findings)
    with pytest.raises(InvalidReport, match="neither Prowler OCSF"):
        list(parse_report(b'[{"foo": 1}]', "prowler").findings)
    with pytest.raises(InvalidReport, match="without the Prowler columns"):
        list(parse_report(b"Host;Plugin\n1.2.3.4;1\n", "prowler").findings)


V3_CSV = (
    b"ASSESSMENT_START_TIME;FINDING_UNIQUE_ID;PROVIDER;PROFILE;ACCOUNT_ID;ACCOUNT_NAME;ACCOUNT_EMAIL;ACCOUNT_ARN;"
    b"ACCOUNT_ORG;ACCOUNT_TAGS;REGION;CHECK_ID;CHECK_TITLE;CHECK_TYPE;STATUS;STATUS_EXTENDED;SERVICE_NAME;"
    b"SUBSERVICE_NAME;SEVERITY;RESOURCE_ID;RESOURCE_ARN;RESOURCE_TYPE;RESOURCE_DETAILS;RESOURCE_TAGS;DESCRIPTION;"
    b"COMPLIANCE;RISK;RELATED_URL;REMEDIATION_RECOMMENDATION_TEXT;REMEDIATION_RECOMMENDATION_URL\n"
    b"2023-05-01T10:00:00;prowler-aws-s3_bucket_public_access-111122223333-eu-west-1-logs;aws;default;"
    b"111122223333;;;;;;eu-west-1;s3_bucket_public_access;Ensure there are no S3 buckets open;;FAIL;"
    b"S3 Bucket logs is public.;s3;;critical;logs;arn:aws:s3:::logs;AwsS3Bucket;;;Public buckets.;"
    b"CIS-1.5: 2.1.5;Data leak.;https://docs.example/s3;Block public access.;https://docs.example/fix\n"
    b"2023-05-01T10:00:00;prowler-aws-s3_bucket_public_access-111122223333-us-east-1-logs;aws;default;"
    b"111122223333;;;;;;us-east-1;s3_bucket_public_access;Ensure there are no S3 buckets open;;FAIL;"
    b"S3 Bucket logs is public.;s3;;critical;logs;arn:aws:s3:::logs;AwsS3Bucket;;;Public buckets.;"
    b";Data leak.;;Block public access.;\n"
    b"2023-05-01T10:00:00;prowler-aws-iam_root_mfa_enabled-111122223333-us-east-1-root;aws;default;"
    b"111122223333;;;;;;us-east-1;iam_root_mfa_enabled;Ensure MFA is enabled for the root account;;PASS;"
    b"Root has MFA.;iam;;critical;root;arn:aws:iam::111122223333:root;AwsIamUser;;;MFA.;;;;;\n"
)


def test_prowler3_csv_one_result_per_resource_and_region() -> None:
    assert detect_format(open_report(V3_CSV, name="prowler-output.csv")).id == "prowler"
    parsed = parse_report(V3_CSV, "prowler")
    eu, us = list(parsed.findings)
    assert (eu.severity, eu.location) == (Severity.CRITICAL, "arn:aws:s3:::logs")
    assert eu.asset.attributes["region"] == "eu-west-1" and us.asset.attributes["region"] == "us-east-1"
    assert eu.asset.attributes["providerAccountId"] == "111122223333"
    assert eu.remedy == "Block public access.\nhttps://docs.example/fix"
    assert parsed._ctx.skipped == {"status PASS": 1}
    assert len(list(parse_report(V3_CSV, "aws_prowler_v3plus").findings)) == 2


def test_passed_muted_and_repeated_results_are_counted_as_skipped() -> None:
    doc = [_ocsf(1), _ocsf(1), _ocsf(2, "PASS"), _ocsf(3, status="Suppressed"), _ocsf(4, "MANUAL")]
    parsed = parse_report(json.dumps(doc).encode(), "prowler")
    assert len(list(parsed.findings)) == 2
    assert parsed._ctx.skipped == {"repeated result": 1, "status PASS": 1, "muted result": 1}
