"""Amazon Inspector v2: package and code findings, ECR vs EC2 assets, closed status, broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ECR = {
    "type": "AWS_ECR_CONTAINER_IMAGE",
    "id": "arn:aws:ecr:us-east-1:012345678901:repository/app/sha256:c6",
    "region": "us-east-1",
    "details": {
        "awsEcrContainerImage": {
            "imageHash": "sha256:c6",
            "imageTags": ["2.3.0"],
            "registry": "012345678901",
            "repositoryName": "app",
        }
    },
}
EC2 = {
    "type": "AWS_EC2_INSTANCE",
    "id": "i-0b22",
    "region": "eu-west-1",
    "details": {"awsEc2Instance": {"vpcId": "vpc-1", "subnetId": "subnet-1"}},
}


def _finding(resource: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "awsAccountId": "012345678901",
        "findingArn": f"arn:aws:inspector2:us-east-1:0:finding/{kw.pop('n', 1)}",
        "description": "leak",
        "severity": "MEDIUM",
        "status": "ACTIVE",
        "title": "CVE-2021-3744 - linux",
        "type": "PACKAGE_VULNERABILITY",
        "inspectorScore": 5.5,
        "resources": [resource],
        "firstObservedAt": "2024-02-02T16:30:33.045000+01:00",
        "packageVulnerabilityDetails": {
            "vulnerabilityId": "CVE-2021-3744",
            "vulnerablePackages": [
                {"name": "linux", "version": "4.19.118", "fixedInVersion": "0:4.19.232-1", "packageManager": "OS"}
            ],
        },
        "remediation": {"recommendation": {"text": "None Provided"}},
        **kw,
    }


def test_package_finding_on_ecr_image_and_ec2_instance() -> None:
    doc = {"findings": [_finding(ECR), _finding(EC2, n=2, status="CLOSED", severity="HIGH")]}
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="inspector.json")).id == "aws_inspector2"
    image, instance = list(parse_report(data).findings)
    assert (image.name, image.severity, image.score) == ("CVE-2021-3744", Severity.MEDIUM, 5.5)
    assert image.remedy == "Update linux from 4.19.118 to 0:4.19.232-1"
    assert image.published is not None and image.published.hour == 15  # converted to UTC
    assert image.asset.type is AssetType.CONTAINER
    assert image.asset.attributes["imageName"] == "012345678901.dkr.ecr.us-east-1.amazonaws.com/app:2.3.0"
    assert instance.asset.type is AssetType.CLOUD
    assert instance.asset.attributes["providerType"] == "AWS"
    assert instance.asset.attributes["region"] == "eu-west-1" and instance.asset.attributes["vpc"] == "vpc-1"
    assert instance.details["status"] == "CLOSED" and instance.tags[0].value == "closed"
    assert instance.fingerprint.endswith("finding/2")


def test_code_vulnerability() -> None:
    code = _finding(
        EC2,
        type="CODE_VULNERABILITY",
        title="CWE-117,93 - Log injection",
        severity="HIGH",
        codeVulnerabilityDetails={
            "cwes": ["CWE-117", "CWE-93"],
            "detectorName": "log-injection",
            "filePath": {"filePath": "app/handler.py", "startLine": 12},
        },
        remediation={"recommendation": {"text": "Sanitize input."}},
    )
    del code["packageVulnerabilityDetails"]
    (f,) = list(parse_report(json.dumps({"findings": [code]}).encode(), "inspector").findings)
    assert f.name == "CWE-117,93 - Log injection" and f.cwes == ["CWE-117", "CWE-93"]
    assert f.location == "app/handler.py:12" and f.remedy == "Sanitize input."


@pytest.mark.parametrize("data", [b'{"other": 1}', b'{"findings": [{"findingArn": "x", ', b'{"findings": [1]}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "aws_inspector2").findings)
