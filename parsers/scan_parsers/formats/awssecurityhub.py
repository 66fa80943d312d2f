"""AWS Security Hub findings in the AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08), in the shapes
they are exported in:

- `aws securityhub get-findings` output: {"Findings": [...], "NextToken": ...} (members in any order; pages
  concatenated by a script repeat Ids, which are read once);
- the console / SDK spelling {"findings": [...]};
- an EventBridge "Security Hub Findings - Imported/Custom Action" event: {"source": "aws.securityhub",
  "detail": {"findings": [...]}};
- a bare list of ASFF findings (DefectDojo's separate "ASFF" format): parsed when named, only a candidate in
  detection.

Every entry carries SchemaVersion, Id, ProductArn, AwsAccountId, Severity, Title and Resources[]; Security Hub
aggregates Config / Foundational Best Practices / CIS controls (with `Compliance`), GuardDuty, Inspector, Macie,
IAM Access Analyzer and third-party products (without `Compliance`) in this one shape.

Granularity: one finding per Security Hub finding and resource. A Phoenix finding belongs to one asset, so a
control that names three resources gives three findings (DefectDojo keeps one).

What is a finding follows the provider's own observation, as DefectDojo does: `RecordState` ARCHIVED (the
provider no longer sees it) and `Compliance.Status` PASSED (the control passes) are not findings, counted as
skipped: leaving them out of a new/merge import is what closes them in Phoenix. Everything else is a finding:
Compliance FAILED, WARNING and NOT_AVAILABLE, findings without Compliance at all, and every `Workflow.Status`
(NEW, NOTIFIED, SUPPRESSED, RESOLVED; the older `WorkflowState` too). The workflow is an analyst's triage, not an
observation: a RESOLVED finding whose record is still ACTIVE and whose control still fails is still there; it is
kept and tagged with its workflow status, like SUPPRESSED ones.

Severity: `Severity.Label` (then `FindingProviderFields.Severity.Label`), else the `Normalized` 0-100 bands of the
ASFF documentation, else `Original`; INFORMATIONAL is info.

Assets: ECR images become CONTAINER assets, every other resource a CLOUD asset (providerType AWS, the
account, the resource's region (or "global"), its ARN/Id and type; a non-default partition is kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cvss_score, cwe_id, ecr_container_attributes, parse_datetime, remedy, text, unique

_LISTS = ("Findings", "findings")
_EVENT_LISTS = ("findings", "Findings")
#: ASFF Severity.Normalized (0-100) bands, from the ASFF documentation.
_NORMALIZED = ((90, Severity.CRITICAL), (70, Severity.HIGH), (40, Severity.MEDIUM), (1, Severity.LOW))


@register
class AwsSecurityHub(ReportFormat):
    id = "awssecurityhub"
    scan_types = ("AWS Security Hub Scan",)
    aliases = ("securityhub", "security-hub", "aws-security-hub")
    default_asset_type = AssetType.CLOUD
    phoenix_scan_type = "AWS Security Hub Scan"
    recognises = "AWS Security Hub get-findings JSON: Findings[] in ASFF (SchemaVersion, ProductArn, AwsAccountId)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        for key in (*_LISTS, *(f"detail.{k}" for k in _EVENT_LISTS)):
            if sniff.has_paths(f"{key}.item.SchemaVersion", f"{key}.item.ProductArn") or sniff.has_paths(
                f"{key}.item.AwsAccountId", f"{key}.item.GeneratorId"
            ):
                return 0.9
        # A bare list of ASFF findings is DefectDojo's separate "ASFF" format: a candidate, not a claim.
        if sniff.has_paths("item.SchemaVersion", "item.ProductArn"):
            return 0.3
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        yield from asff_findings(report, ctx, _entries(report))


def asff_findings(report: ReportInput, ctx: ParseContext, entries: Iterator[Any]) -> Iterator[Finding]:
    """The findings of a stream of ASFF entries (also the bare list of the asff format): one finding per entry and
    resource; passed and archived entries are inactive findings, repeated entries counted as skipped."""
    seen: set[tuple[str, str]] = set()
    for item in entries:
        if not isinstance(item, dict):
            raise ValueError("an ASFF entry is not an object")
        if not (item.get("Id") and item.get("AwsAccountId") and "Resources" in item):
            raise InvalidReport(f"{report.name}: a finding lacks Id, AwsAccountId or Resources: not ASFF")
        closed = _closed(item)
        resources = [r for r in item.get("Resources") or [] if isinstance(r, dict)] or [{}]
        for resource in resources:
            key = (text(item["Id"]), text(resource.get("Id")))
            if key in seen:
                ctx.skip("finding Id repeated in the export")
                continue
            seen.add(key)
            finding = _finding(ctx, item, resource, len(resources) > 1)
            if closed:
                finding.active = False
                finding.details["status"] = closed
            yield finding


def _entries(report: ReportInput) -> Iterator[Any]:
    if report.first_byte() == b"[":
        yield from iter_json(report, "item")
        return
    found = False
    detail: Any = None
    for header, name, item in iter_groups(report, "", _LISTS):
        if name is not None:
            found = True
            yield item
        else:
            detail = header.get("detail")
    if found:
        return
    if isinstance(detail, dict):
        # An EventBridge event: the findings are in `detail` (an event holds at most 100 findings).
        for key in _EVENT_LISTS:
            if isinstance(detail.get(key), list):
                yield from detail[key]
                return
    require_list_member(report, _LISTS, "an AWS Security Hub export")


def _workflow(item: dict[str, Any]) -> str:
    return text((item.get("Workflow") or {}).get("Status")) or text(item.get("WorkflowState"))


def _closed(item: dict[str, Any]) -> str:
    """Why an entry is closed (an inactive finding), or "" when it is open."""
    if text(item.get("RecordState")).upper() == "ARCHIVED":
        return "record state ARCHIVED"
    if text((item.get("Compliance") or {}).get("Status")).upper() == "PASSED":
        return "compliance status PASSED"
    return ""


def _severity(sev: dict[str, Any], provider: dict[str, Any]) -> Severity:
    if sev.get("Label"):
        return label(sev["Label"], Severity.INFO)
    if provider.get("Label"):
        return label(provider["Label"], Severity.INFO)
    normalized = sev.get("Normalized")
    if isinstance(normalized, int | float) and not isinstance(normalized, bool):
        return next((s for floor, s in _NORMALIZED if normalized >= floor), Severity.INFO)
    return label(sev.get("Original"), Severity.INFO)


def _asset(ctx: ParseContext, item: dict[str, Any], resource: dict[str, Any]) -> Asset:
    account = text(item.get("AwsAccountId"))
    region = text(resource.get("Region")) or text(item.get("Region"))
    details = resource.get("Details") or {}
    ecr = details.get("AwsEcrContainerImage")
    if resource.get("Type") == "AwsEcrContainerImage" and isinstance(ecr, dict):
        return ctx.asset(
            AssetType.CONTAINER,
            ecr_container_attributes(
                account,
                registry=text(ecr.get("RegistryId")),
                region=region,
                repository=text(ecr.get("RepositoryName")),
                tags=[t for t in ecr.get("ImageTags") or [] if t],
                digest=text(ecr.get("ImageDigest")),
                origin="aws-security-hub",
            ),
        )
    ec2 = details.get("AwsEc2Instance") or {}
    partition = text(resource.get("Partition"))
    return ctx.asset(
        AssetType.CLOUD,
        {
            # aws, aws-cn and aws-us-gov are all AWS; Security Hub only reports on AWS resources
            "providerType": "AWS",
            "providerAccountId": account,
            "region": region or "global",
            "providerResourceId": text(resource.get("Id")) or None,
            "resourceType": text(resource.get("Type")) or None,
            "vpc": text(ec2.get("VpcId")) or None,
            "subnet": text(ec2.get("SubnetId")) or None,
            "partition": partition if partition and partition != "aws" else None,
        },
    )


def _vulnerability_fields(item: dict[str, Any]) -> tuple[list[str], float | None, Package | None, str]:
    vulns = [v for v in item.get("Vulnerabilities") or [] if isinstance(v, dict)]
    ids = unique(text(v.get("Id")) for v in vulns)
    score = next(
        (cvss_score(c.get("BaseScore")) for v in vulns for c in v.get("Cvss") or [] if isinstance(c, dict)), None
    )
    packages = [p for v in vulns for p in v.get("VulnerablePackages") or [] if isinstance(p, dict)]
    if not packages:
        return ids, score, None, ""
    first = packages[0]
    fixed = unique(text(p.get("FixedInVersion")) for p in packages if p.get("Name") == first.get("Name"))
    package = Package(
        text(first.get("Name")),
        text(first.get("Version")) or None,
        fixed,
        None,
        text(first.get("PackageManager")) or None,
    )
    return ids, score, package, remedy(package.name, package.version, fixed)


def _finding(ctx: ParseContext, item: dict[str, Any], resource: dict[str, Any], several: bool) -> Finding:
    product = text(item.get("ProductName")) or text(
        (item.get("ProductFields") or {}).get("aws/securityhub/ProductName")
    )
    compliance = item.get("Compliance") or {}
    workflow = _workflow(item)
    record_state = text(item.get("RecordState"))
    status = text(compliance.get("Status"))
    recommendation = (item.get("Remediation") or {}).get("Recommendation") or {}
    advice = text(recommendation.get("Text"))
    if advice == "None Provided":
        advice = ""
    ids, score, package, fix = _vulnerability_fields(item)
    title = text(item.get("Title")) or text(item.get("GeneratorId")) or "AWS Security Hub finding"
    url = text(recommendation.get("Url"))
    fix_text = "\n".join(p for p in (advice or fix, url) if p)
    tags = [Tag(product, "product")] if product else []
    if workflow.upper() in ("SUPPRESSED", "RESOLVED"):
        tags.append(Tag(workflow.lower(), "status"))
    finding_id = text(item.get("Id"))
    return Finding(
        asset=_asset(ctx, item, resource),
        name=title,
        severity=_severity(item.get("Severity") or {}, (item.get("FindingProviderFields") or {}).get("Severity") or {}),
        description=text(item.get("Description")) or title,
        remedy=fix_text or "No remediation provided",
        score=score,
        reference_ids=ids,
        cwes=unique(cwe_id(c) for c in (item.get("ProductFields") or {}).get("CWE", "").split(",") if c.strip()),
        location=text(resource.get("Id")) or None,
        package=package,
        published=parse_datetime(item.get("FirstObservedAt") or item.get("CreatedAt")),
        details={
            k: v
            for k, v in {
                "id": finding_id,
                "generatorId": item.get("GeneratorId"),
                "productArn": item.get("ProductArn"),
                "types": item.get("Types"),
                "complianceStatus": status,
                "securityControlId": compliance.get("SecurityControlId"),
                "relatedRequirements": compliance.get("RelatedRequirements"),
                "workflowStatus": workflow,
                "recordState": record_state,
                "lastObservedAt": item.get("LastObservedAt"),
                "sourceUrl": item.get("SourceUrl"),
                "resourceTags": resource.get("Tags"),
            }.items()
            if v not in (None, "", [], {})
        },
        tags=tags,
        fingerprint=f"{finding_id}|{text(resource.get('Id'))}" if several else finding_id,
    )
