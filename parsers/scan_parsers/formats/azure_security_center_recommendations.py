"""Azure Security Center / Microsoft Defender for Cloud recommendations, the CSV the portal writes with
"Download CSV report" on the Recommendations blade (also what Azure Resource Graph queries of
`securityresources | where type == "microsoft.security/assessments"` are exported as): "exportedTimestamp,
subscriptionId, subscriptionName, resourceGroup, resourceType, resourceName, resourceId, recommendationId,
recommendationName, recommendationDisplayName, description, remediationSteps, severity, state,
notApplicableReason, firstEvaluationDate, statusChangeDate, controls, azurePortalRecommendationLink,
nativeCloudAccountId".

One finding per row whose state is Unhealthy: a recommendation on one resource. Healthy and NotApplicable rows
are assessments that passed or do not apply; they are counted as skipped. Severity: the recommendation's
High/Medium/Low. Asset: the Azure resource (CLOUD: provider AZURE, the subscription, the resource id and type,
its resource group).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime

_REQUIRED = frozenset({"subscriptionid", "resourceid", "recommendationid", "recommendationdisplayname", "state"})


@register
class AzureSecurityCenterRecommendations(ReportFormat):
    id = "azure_security_center_recommendations"
    scan_types = ("Azure Security Center Recommendations Scan",)
    aliases = ("azure-security-center", "defender-for-cloud", "asc-recommendations")
    default_asset_type = AssetType.CLOUD
    recognises = "Defender for Cloud recommendations CSV: subscriptionId, resourceId, recommendationId, state, ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Azure Security Center recommendations"):
            state = row.get("state", "")
            if state.lower() != "unhealthy":
                ctx.skip(f"state {state.lower() or 'missing'}")
                continue
            yield _finding(ctx, row)


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    asset = ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": "AZURE",
            "providerAccountId": row.get("subscriptionid"),
            "providerResourceId": row.get("resourceid"),
            "resourceType": row.get("resourcetype"),
            "resourceGroup": row.get("resourcegroup"),
            "resourceName": row.get("resourcename"),
        },
    )
    name = row.get("recommendationdisplayname") or row.get("recommendationname") or row["recommendationid"]
    link = row.get("azureportalrecommendationlink", "")
    steps = row.get("remediationsteps", "")
    return Finding(
        asset=asset,
        name=name,
        severity=label(row.get("severity"), Severity.MEDIUM),
        description=row.get("description") or name,
        remedy="\n".join(p for p in (steps, link) if p) or "No remediation provided",
        location=row.get("resourceid") or None,
        published=parse_datetime(row.get("firstevaluationdate")),
        details={
            k: v
            for k, v in {
                "recommendationId": row.get("recommendationid"),
                "subscriptionName": row.get("subscriptionname"),
                "controls": row.get("controls"),
                "statusChangeDate": row.get("statuschangedate"),
                "nativeCloudAccountId": row.get("nativecloudaccountid"),
            }.items()
            if v
        },
        tags=[Tag(row["subscriptionname"], "subscription")] if row.get("subscriptionname") else [],
    )
