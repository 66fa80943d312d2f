"""Wiz Issues CSV export: Created At, Title, Severity, Status, Description, Resource Type, Resource external ID,
Subscription ID, Control ID, Issue ID, Remediation Recommendation, ... One finding per row (issue).

Issues are about cloud resources: each row's resource becomes a CLOUD asset keyed by its subscription (account)
and external ID. Wiz does not name the cloud provider in a column, so it is taken from the resource platform,
then the cloud-provider URL, then the shape of the subscription id (12 digits: AWS; a GUID: Azure).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime

_REQUIRED = {"title", "severity", "status", "resource type", "resource external id", "issue id", "control id"}
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _provider(row: dict[str, str]) -> str | None:
    platform = row.get("Resource Platform", "").upper()
    for name, key in (("AWS", "AWS"), ("AZURE", "AZURE"), ("GCP", "GCP"), ("GOOGLE", "GCP")):
        if name in platform:
            return key
    url = row.get("Cloud Provider URL", "").lower()
    if "aws.amazon" in url:
        return "AWS"
    if "azure" in url:
        return "AZURE"
    if "cloud.google" in url:
        return "GCP"
    subscription = row.get("Subscription ID", "")
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
    recognises = "Wiz Issues CSV: Title, Severity, Status, Resource Type, Resource external ID, Issue ID, Control ID"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        header = report.read_head(65536).decode("utf-8-sig", errors="replace").splitlines()[:1]
        if not {c.strip().lower() for c in next(csv.reader(header), [])} >= _REQUIRED:
            raise ValueError("CSV header lacks the Wiz Issues columns (Title, Severity, Resource external ID, ...)")
        for row in iter_csv(report, delimiter=","):
            yield _finding(ctx, {k.strip(): (v or "").strip() for k, v in row.items() if k})


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    provider = _provider(row)
    account = row.get("Subscription ID", "")
    region = row.get("Resource Region", "")
    asset = ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": provider or "AWS",
            "providerAccountId": account or "unknown",
            # Phoenix requires a region for Azure; issues on global resources (identities, ...) have none.
            "region": region or ("global" if provider == "AZURE" else None),
            "providerAccountName": row.get("Subscription Name"),
            "providerResourceId": row.get("Resource external ID"),
            "resourceType": row.get("Resource Type"),
        },
        placeholder=not (account and provider),
    )
    title = row.get("Title", "") or "Wiz issue"
    status = row.get("Status", "")
    return Finding(
        asset=asset,
        name=title,
        severity=label(row.get("Severity"), Severity.INFO),
        description=row.get("Description") or title,
        remedy=row.get("Remediation Recommendation") or "No remediation provided",
        location=row.get("Resource Name") or row.get("Resource external ID") or None,
        published=parse_datetime(row.get("Created At")),
        details={
            k: v
            for k, v in {
                "issueId": row.get("Issue ID"),
                "controlId": row.get("Control ID"),
                "status": status,
                "resolution": row.get("Resolution"),
                "resourceType": row.get("Resource Type"),
                "resourcePlatform": row.get("Resource Platform"),
                "kubernetesCluster": row.get("Kubernetes Cluster"),
                "kubernetesNamespace": row.get("Kubernetes Namespace"),
                "wizUrl": row.get("Wiz URL"),
                "projects": row.get("Project Names"),
            }.items()
            if v
        },
        tags=[Tag(status.lower(), "status")] if status else [],
        fingerprint=row.get("Issue ID", ""),
    )
