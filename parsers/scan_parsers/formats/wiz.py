"""Wiz CSV exports, both documented layouts (column names are matched without case, spaces or underscores, so
"Issue ID", "IssueID" and "issue_id" are one column):

- the Issues export (Issues > Export to CSV): Created At, Title, Severity, Status, Description, Resource Type,
  Resource external ID, Subscription ID, Control ID, Issue ID, Remediation Recommendation, Resource Platform,
  Cloud Provider URL, Wiz URL, ... One finding per row (issue).
- the Vulnerability Findings export, which carries the SCA / host / container-image vulnerabilities: ID, WizURL,
  Name (the CVE), CVSSSeverity, VendorSeverity, FindingStatus, DetailedName (the package), Version, FixedVersion,
  LocationPath, DetectionMethod, AssetID, AssetName, AssetRegion, ProviderUniqueId, CloudPlatform,
  SubscriptionExternalId, SubscriptionName, ... One finding per row (vulnerability of a package on an asset).

As DefectDojo reads them, every row is a finding whatever its status (a resolved row is tagged with its status).
The asset is the CLOUD resource the row names, keyed by its subscription (account) and external / provider id.
Wiz does not always name the cloud provider, so it is taken from the platform, then the cloud-provider URL, then the
shape of the subscription id (12 digits: AWS; a GUID: Azure). Severity is Wiz's word (Vendor severity before the
CVSS severity for vulnerabilities); unknown words are info.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, remedy, split_versions, unique

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
#: Issues export: required, and at least one of the Wiz-specific columns.
_ISSUES = {"title", "severity", "issueid"}
_ISSUES_MARKS = {"resourceexternalid", "controlid", "wizurl", "resourcevertexid", "remediationrecommendation"}
#: Vulnerability findings export.
_VULNS = {"name", "detailedname"}
_VULNS_MARKS = {"vendorseverity", "cvssseverity", "wizurl", "findingstatus", "provideruniqueid", "assetid"}


def _norm(column: str) -> str:
    return _NOT_ALNUM.sub("", column.strip().strip('"').lower())


def _layout(columns: set[str]) -> str | None:
    if columns >= _ISSUES and columns & _ISSUES_MARKS:
        return "issues"
    if columns >= _VULNS and columns & _VULNS_MARKS:
        return "vulnerabilities"
    return None


def _provider(row: dict[str, str]) -> str | None:
    platform = (row.get("resourceplatform") or row.get("cloudplatform") or "").upper()
    for name, key in (("AWS", "AWS"), ("AZURE", "AZURE"), ("GCP", "GCP"), ("GOOGLE", "GCP")):
        if name in platform:
            return key
    url = row.get("cloudproviderurl", "").lower()
    if "aws.amazon" in url:
        return "AWS"
    if "azure" in url:
        return "AZURE"
    if "cloud.google" in url:
        return "GCP"
    subscription = row.get("subscriptionid", "") or row.get("subscriptionexternalid", "")
    if subscription.isdigit() and len(subscription) == 12:
        return "AWS"
    if _GUID.match(subscription):
        return "AZURE"
    return None


@register
class Wiz(ReportFormat):
    id = "wiz"
    scan_types = ("Wiz Scan",)
    aliases = ("wiz",)
    default_asset_type = AssetType.CLOUD
    recognises = (
        "Wiz CSV: the Issues export (Title, Severity, Issue ID, Resource external ID, Control ID) or the"
        " Vulnerability Findings export (Name, DetailedName, VendorSeverity, FindingStatus, WizURL)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and _layout({_norm(c) for c in sniff.csv_header}):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        lines = report.read_head(65536).decode("utf-8-sig", errors="replace").splitlines()[:1]
        delimiter = max((",", ";", "\t"), key=lines[0].count) if lines else ","
        columns = {_norm(c) for c in next(csv.reader(lines, delimiter=delimiter), [])}
        layout = _layout(columns)
        if layout is None:
            if not lines:
                return
            raise InvalidReport(
                f"{report.name}: CSV header is neither the Wiz Issues export (Title, Severity, Issue ID, ...) nor the"
                " Vulnerability Findings export (Name, DetailedName, VendorSeverity, ...)"
            )
        make = _finding if layout == "issues" else _vulnerability
        for row in iter_csv(report, delimiter=delimiter):
            yield make(ctx, {_norm(k): (v or "").strip() for k, v in row.items() if k})


def _cloud_asset(
    ctx: ParseContext, row: dict[str, str], account: str, *, region: str, resource_id: str, rtype: str
) -> Asset:
    provider = _provider(row)
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": provider or "AWS",
            "providerAccountId": account or "unknown",
            # Phoenix requires a region for Azure; issues on global resources (identities, ...) have none.
            "region": region or ("global" if provider == "AZURE" else None),
            "providerAccountName": row.get("subscriptionname"),
            "providerResourceId": resource_id,
            "resourceType": rtype,
        },
        placeholder=not (account and provider),
    )


def _vulnerability(ctx: ParseContext, row: dict[str, str]) -> Finding:
    account = row.get("subscriptionexternalid") or row.get("subscriptionid", "")
    resource_id = row.get("provideruniqueid") or row.get("assetid") or row.get("assetname", "")
    asset = _cloud_asset(
        ctx, row, account, region=row.get("assetregion", ""), resource_id=resource_id, rtype=row.get("assettype", "")
    )
    vid = row.get("name", "")
    pkg = row.get("detailedname", "")
    version = row.get("version", "")
    fixed = split_versions(row.get("fixedversion"))
    status = row.get("findingstatus") or row.get("status", "")
    severity_word = row.get("vendorseverity") or row.get("cvssseverity") or row.get("severity", "")
    path = row.get("locationpath", "")
    return Finding(
        asset=asset,
        name=f"{pkg}: {vid}" if pkg and vid else (vid or pkg or "Wiz vulnerability"),
        severity=label(severity_word, Severity.INFO),
        description=row.get("description") or f"{vid} in {pkg} {version}".strip(),
        remedy=row.get("remediation") or remedy(pkg, version, fixed),
        reference_ids=unique([*cves_in(vid), *([] if cves_in(vid) else [vid])]),
        location=f"{path}: {pkg}@{version}" if path else (f"{pkg}@{version}" if version else pkg or None),
        package=Package(pkg, version or None, fixed) if pkg else None,
        published=parse_datetime(row.get("firstdetected")),
        details={
            k: v
            for k, v in {
                "findingId": row.get("id"),
                "status": status,
                "hasExploit": row.get("hasexploit"),
                "hasCisaKevExploit": row.get("hascisakevexploit"),
                "detectionMethod": row.get("detectionmethod"),
                "assetName": row.get("assetname"),
                "cloudPlatform": row.get("cloudplatform"),
                "wizUrl": row.get("wizurl"),
                "link": row.get("link"),
                "projects": row.get("projects"),
                "resolutionReason": row.get("resolutionreason"),
            }.items()
            if v
        },
        tags=[Tag(status.lower(), "status")] if status else [],
        fingerprint=row.get("id", ""),
    )


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    account = row.get("subscriptionid", "")
    asset = _cloud_asset(
        ctx,
        row,
        account,
        region=row.get("resourceregion", ""),
        resource_id=row.get("resourceexternalid", ""),
        rtype=row.get("resourcetype", ""),
    )
    title = row.get("title", "") or "Wiz issue"
    status = row.get("status", "")
    return Finding(
        asset=asset,
        name=title,
        severity=label(row.get("severity"), Severity.INFO),
        description=row.get("description") or title,
        remedy=row.get("remediationrecommendation") or "No remediation provided",
        location=row.get("resourcename") or row.get("resourceexternalid") or None,
        published=parse_datetime(row.get("createdat")),
        details={
            k: v
            for k, v in {
                "issueId": row.get("issueid"),
                "controlId": row.get("controlid"),
                "status": status,
                "resolution": row.get("resolution"),
                "resourceType": row.get("resourcetype"),
                "resourcePlatform": row.get("resourceplatform"),
                "kubernetesCluster": row.get("kubernetescluster"),
                "kubernetesNamespace": row.get("kubernetesnamespace"),
                "wizUrl": row.get("wizurl"),
                "projects": row.get("projectnames"),
            }.items()
            if v
        },
        tags=[Tag(status.lower(), "status")] if status else [],
        fingerprint=row.get("issueid", ""),
    )
