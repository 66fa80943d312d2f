"""Amazon Inspector (v2) findings JSON (`aws inspector2 list-findings` or the console export): {findings: [{type,
severity, title, awsAccountId, resources, packageVulnerabilityDetails | codeVulnerabilityDetails |
networkReachabilityDetails, inspectorScore, status, ...}]}. One finding per entry, streamed.

ECR images become CONTAINER assets; every other resource (EC2 instance, Lambda function, ...) a CLOUD asset.
Closed findings are kept (DefectDojo counts them) and carry their status in details and a `status` tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, cwe_id, ecr_container_attributes, parse_datetime, remedy, text, unique


@register
class AwsInspector2(ReportFormat):
    id = "aws_inspector2"
    scan_types = ("AWS Inspector2 Scan",)
    aliases = ("inspector", "inspector2", "aws-inspector")
    default_asset_type = AssetType.CLOUD
    recognises = "Amazon Inspector v2 findings JSON: findings[] with findingArn, awsAccountId, resources, type"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("findings.item.findingArn", "findings.item.awsAccountId"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = False
        for item in iter_json(report, "findings.item"):
            seen = True
            if not isinstance(item, dict):
                raise ValueError("an entry of `findings` is not an object")
            yield _finding(ctx, item)
        if not seen:
            require_list_member(report, ("findings",), "an Amazon Inspector v2 export")


def _asset(ctx: ParseContext, account: str, resource: dict[str, Any]) -> Asset:
    details = resource.get("details") or {}
    region = text(resource.get("region"))
    ecr = details.get("awsEcrContainerImage")
    if resource.get("type") == "AWS_ECR_CONTAINER_IMAGE" and isinstance(ecr, dict):
        return ctx.asset(
            AssetType.CONTAINER,
            ecr_container_attributes(
                account,
                registry=text(ecr.get("registry")),
                region=region,
                repository=text(ecr.get("repositoryName")),
                tags=[t for t in ecr.get("imageTags") or [] if t],
                digest=text(ecr.get("imageHash")),
                origin="aws-inspector2",
            ),
        )
    ec2 = details.get("awsEc2Instance") or {}
    lam = details.get("awsLambdaFunction") or {}
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": "AWS",
            "providerAccountId": account or "unknown",
            "region": region,
            "providerResourceId": text(resource.get("id")),
            "vpc": text(ec2.get("vpcId")) or text((lam.get("vpcConfig") or {}).get("vpcId")),
            "subnet": text(ec2.get("subnetId")),
            "resourceType": text(resource.get("type")),
        },
        placeholder=not account,
    )


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    account = text(item.get("awsAccountId"))
    resources = [r for r in item.get("resources") or [] if isinstance(r, dict)]
    asset = _asset(ctx, account, resources[0] if resources else {})
    kind = text(item.get("type"))
    pkg_details = item.get("packageVulnerabilityDetails") or {}
    code = item.get("codeVulnerabilityDetails") or {}
    status = text(item.get("status"))
    recommendation = text((item.get("remediation") or {}).get("recommendation", {}).get("text"))
    if recommendation == "None Provided":
        recommendation = ""
    package: Package | None = None
    location: str | None = None
    fix = ""
    vid = text(pkg_details.get("vulnerabilityId"))
    packages = [p for p in pkg_details.get("vulnerablePackages") or [] if isinstance(p, dict)]
    if packages:
        first = packages[0]
        fixed = [text(p.get("fixedInVersion")) for p in packages if text(p.get("fixedInVersion"))][:1]
        package = Package(
            text(first.get("name")),
            text(first.get("version")) or None,
            fixed,
            None,
            text(first.get("packageManager")) or None,
        )
        location = text(first.get("filePath")) or f"{package.name}@{package.version or ''}"
        fix = remedy(package.name, package.version, fixed)
    file_path = code.get("filePath") or {}
    if file_path:
        location = (
            f"{text(file_path.get('filePath')) or text(file_path.get('fileName'))}:{file_path.get('startLine', '')}"
        )
    score = cvss_score(item.get("inspectorScore"))
    if score is None:
        score = next((cvss_score(c.get("baseScore")) for c in pkg_details.get("cvss") or [] if c), None)
    cwes = unique(cwe_id(c) for c in code.get("cwes") or [])
    return Finding(
        asset=asset,
        name=vid or text(item.get("title")) or kind,
        severity=label(item.get("severity"), Severity.INFO),
        description=text(item.get("description")) or text(item.get("title")) or kind,
        remedy=recommendation or fix or "No remediation provided",
        score=score,
        reference_ids=unique([vid, *(pkg_details.get("relatedVulnerabilities") or [])]),
        cwes=cwes,
        location=location or (text(resources[0].get("id")) if resources else None),
        package=package,
        published=parse_datetime(item.get("firstObservedAt")),
        details={
            k: v
            for k, v in {
                "title": item.get("title"),
                "type": kind,
                "status": status,
                "findingArn": item.get("findingArn"),
                "fixAvailable": item.get("fixAvailable"),
                "exploitAvailable": item.get("exploitAvailable"),
                "epss": (item.get("epss") or {}).get("score"),
                "vendorSeverity": pkg_details.get("vendorSeverity"),
                "sourceUrl": pkg_details.get("sourceUrl"),
                "detector": code.get("detectorName"),
                "lastObservedAt": item.get("lastObservedAt"),
            }.items()
            if v not in (None, "", [])
        },
        tags=[Tag(status.lower(), "status")] if status else [],
        fingerprint=text(item.get("findingArn")),
    )
