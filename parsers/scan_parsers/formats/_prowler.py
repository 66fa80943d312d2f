"""What the Prowler formats share: one check result (whatever Prowler version wrote it) and how it becomes a finding on
a cloud asset, plus the readers of the outputs Prowler 3, 4 and 5 write (OCSF JSON, v3 JSON, the semicolon CSV of
v4.3+ with FINDING_UID and the v3 / early v4 one with FINDING_UNIQUE_ID). Prowler 2 (aws_prowler) has its own
readers and uses only `CheckResult` and `findings`.

One result is one check on one resource in one region (account, region, resource, message and finding uid tell them
apart; an exact repeat is read once). Which results are findings: FAIL; Prowler 2's WARNING (its "potential issue"
result); MANUAL (Prowler could not decide; informational, tagged, so someone looks); not PASS or INFO, and not
muted/suppressed ones (the user silenced them in Prowler): those are counted as skipped by status, except the PASS
rows of Prowler 2's CSV, which are inactive findings. Leaving a result out of a new/merge import is what closes an
earlier finding in Phoenix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag, fingerprint_of
from ..readers import iter_csv_columns, iter_json
from ..severity import label
from ..source import ReportInput
from ._sca_common import parse_datetime, text, unique
from ._scan_common import join_nonempty

#: Prowler provider -> Phoenix CLOUD providerType (Microsoft 365 lives in an Azure AD tenant).
_CLOUDS = {"aws": "AWS", "azure": "AZURE", "gcp": "GCP", "m365": "AZURE"}
_PROVIDER_IN_HEAD = re.compile(r'"(?:provider|Provider)"\s*:\s*"([A-Za-z0-9]+)"')
#: v4/v5 CSV columns that tell it apart from every other CSV.
CSV_COLUMNS = frozenset({"check_id", "check_title", "status", "provider", "finding_uid"})
#: The Prowler 3 CSV (`-M csv`, also 4.0-4.2): FINDING_UNIQUE_ID and the provider's own account/location columns.
V3_CSV_COLUMNS = frozenset({"check_id", "check_title", "status", "provider", "finding_unique_id"})


@dataclass(slots=True)
class CheckResult:
    check_id: str
    title: str
    status: str  # FAIL | PASS | MANUAL | INFO (| WARNING: Prowler 2), upper case
    message: str
    severity: str
    provider: str  # aws | azure | gcp | kubernetes | m365 | ...
    account: str
    region: str
    resource_uid: str = ""
    resource_name: str = ""
    resource_type: str = ""
    account_name: str = ""
    muted: bool = False
    description: str = ""
    risk: str = ""
    remediation: str = ""
    remediation_url: str = ""
    related_url: str = ""
    service: str = ""
    compliance: dict[str, Any] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    uid: str = ""
    time: str = ""

    @property
    def is_finding(self) -> bool:
        return not self.muted and self.status in ("FAIL", "MANUAL", "WARNING")

    @property
    def identity(self) -> tuple[str, ...]:
        return (self.check_id, self.account, self.region, self.resource_uid, self.message, self.uid)


def provider_of(head_text: str) -> str:
    """The provider named in a report's head ("aws", "azure", ...), lower case, or ""."""
    m = _PROVIDER_IN_HEAD.search(head_text)
    return m.group(1).lower() if m else ""


def cloud_asset(ctx: ParseContext, r: CheckResult) -> Asset:
    provider = _CLOUDS.get(r.provider)
    if provider is None:
        # Kubernetes (and providers without a cloud account): the cluster is the asset; the resource is the location
        cluster = r.account_name.removeprefix("context:").strip() or r.account
        return ctx.asset(
            AssetType.INFRA,
            {"hostname": cluster or f"{r.provider or 'prowler'}-cluster"},
            tags=[Tag(r.provider, "provider")] if r.provider else None,
            placeholder=not cluster,
        )
    region = r.region if r.region and not r.region.startswith("namespace:") else ""
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": provider,
            "providerAccountId": r.account or f"prowler-unknown-{r.provider}-account",
            "providerAccountName": r.account_name or None,
            "region": region or "global",
            "providerResourceId": r.resource_uid or None,
            # a type without a resource id (Prowler 2 CSV) describes the check, not the asset
            "resourceType": (r.resource_type or None) if r.resource_uid else None,
        },
        placeholder=not r.account,
    )


def _finding(ctx: ParseContext, r: CheckResult) -> Finding:
    manual = r.status == "MANUAL"
    severity = label(r.severity, Severity.MEDIUM)
    compliance = [f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in r.compliance.items() if v]
    tags = [Tag(c, "category") for c in r.categories if c]
    if manual:
        tags.append(Tag("manual", "status"))
    if r.service:
        tags.append(Tag(r.service, "service"))
    return Finding(
        asset=cloud_asset(ctx, r),
        name=r.title or r.check_id,
        severity=Severity.INFO if manual else severity,
        description=join_nonempty(r.message, r.description, f"Risk: {r.risk}" if r.risk else "") or r.title,
        remedy=join_nonempty(r.remediation, r.remediation_url, sep="\n") or r.related_url or "No remediation provided",
        location=r.resource_uid or r.resource_name or r.region or r.account or None,
        published=parse_datetime(r.time) if r.time else None,
        details={
            k: v
            for k, v in {
                "checkId": r.check_id,
                "status": r.status,
                "severity": r.severity if manual else None,
                "resourceName": r.resource_name,
                "resourceType": r.resource_type,
                "region": r.region,
                "relatedUrl": r.related_url,
                "compliance": compliance,
                "findingUid": r.uid,
            }.items()
            if v
        },
        tags=tags,
        fingerprint=r.uid or _fingerprint(r),
    )


def _fingerprint(r: CheckResult) -> str:
    """Without a finding uid or a resource, the message is what tells apart the items one check looked at (Prowler 2
    writes "User ann has ...", "User bob has ..."); with a resource the library's fingerprint is the stabler one."""
    if r.resource_uid:
        return ""
    return fingerprint_of(("prowler", r.provider, r.account, r.region, r.check_id, r.message))


def findings(ctx: ParseContext, results: Iterator[CheckResult], passed_inactive: bool = False) -> Iterator[Finding]:
    """Findings of the results, exact repeats (the same check on the same resource with the same message) once.
    A finding uid seen twice (redacted exports write "<finding_uid>" everywhere) is not an identity: those findings
    get the library's fingerprint instead. With `passed_inactive`, PASS results are inactive findings rather than
    skipped ones (Prowler 2's CSV, whose every row the mature suite counts)."""
    seen: set[tuple[str, ...]] = set()
    uids: set[str] = set()
    for r in results:
        closed = "passed" if passed_inactive and r.status == "PASS" and not r.muted else ""
        if not (r.is_finding or closed):
            ctx.skip("muted result" if r.muted else f"status {r.status or 'missing'}")
            continue
        if r.identity in seen:
            ctx.skip("repeated result")
            continue
        seen.add(r.identity)
        if r.uid in uids:
            r.uid = ""
        uids.add(r.uid)
        finding = _finding(ctx, r)
        if closed:
            finding.active = False
            finding.details["status"] = closed
        yield finding


# --- Prowler 3, 4 and 5 -----------------------------------------------------------------------------------------


def modern_results(report: ReportInput) -> Iterator[CheckResult]:
    """Results of a Prowler 3+ report: OCSF JSON (v4+), the v3 JSON list, or the v4+ semicolon CSV."""
    first = report.first_byte()
    if first == b"[":
        for item in iter_json(report, "item"):
            if not isinstance(item, dict):
                raise ValueError("an entry of the Prowler report is not an object")
            if "CheckID" in item:
                yield _v3(item)
            elif "finding_info" in item or "metadata" in item:
                yield _ocsf(item)
            else:
                raise InvalidReport(f"{report.name}: an entry is neither Prowler OCSF nor Prowler 3 JSON")
        return
    if first == b"{":
        raise InvalidReport(f"{report.name}: a JSON object, not the list Prowler 3+ writes")
    if _csv_header(report) >= V3_CSV_COLUMNS:
        for cells in iter_csv_columns(report, V3_CSV_COLUMNS, "Prowler 3"):
            yield _csv_v3(cells)
        return
    for cells in iter_csv_columns(report, CSV_COLUMNS, "Prowler"):
        yield _csv(cells)


def _csv_header(report: ReportInput) -> set[str]:
    first = report.read_head().decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return {c.strip().strip('"').lower() for c in first.split(delimiter)}


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [text(v) for v in value if text(v)]
    return [p.strip() for p in text(value).replace("|", ",").split(",") if p.strip()]


def _ocsf(x: dict[str, Any]) -> CheckResult:
    info = x.get("finding_info") or {}
    cloud = x.get("cloud") or {}
    account = cloud.get("account") or {}
    resources = [r for r in x.get("resources") or [] if isinstance(r, dict)]
    res = resources[0] if resources else {}
    unmapped = x.get("unmapped") or {}
    remediation = x.get("remediation") or {}
    provider = text(cloud.get("provider")).lower()
    if not provider and (text(res.get("type")).startswith("Kubernetes") or "namespace" in res):
        provider = "kubernetes"
    refs = [u for u in _list(remediation.get("references")) if u.startswith("http")]
    compliance = unmapped.get("compliance")
    return CheckResult(
        check_id=text((x.get("metadata") or {}).get("event_code")),
        title=text(info.get("title")),
        status=text(x.get("status_code")).upper(),
        message=text(x.get("status_detail")) or text(x.get("message")),
        severity=text(x.get("severity")),
        provider=provider,
        account=text(account.get("uid")),
        account_name=text(account.get("name")),
        region=text(res.get("region")) or text(cloud.get("region")),
        resource_uid=text(res.get("uid")),
        resource_name=text(res.get("name")),
        resource_type=text(res.get("type")),
        muted=text(x.get("status")).lower() == "suppressed",
        description=text(info.get("desc")),
        risk=text(x.get("risk_details")),
        remediation=text(remediation.get("desc")),
        remediation_url=refs[0] if refs else "",
        related_url=text(unmapped.get("related_url")),
        service=text((res.get("group") or {}).get("name")),
        compliance=compliance if isinstance(compliance, dict) else {},
        categories=_list(unmapped.get("categories")),
        uid=text(info.get("uid")),
        time=text(info.get("created_time_dt")) or text(x.get("time_dt")),
    )


def _v3(x: dict[str, Any]) -> CheckResult:
    recommendation = (x.get("Remediation") or {}).get("Recommendation") or {}
    compliance = x.get("Compliance")
    provider = text(x.get("Provider")).lower()
    return CheckResult(
        check_id=text(x.get("CheckID")),
        title=text(x.get("CheckTitle")),
        status=text(x.get("Status")).upper(),
        message=text(x.get("StatusExtended")),
        severity=text(x.get("Severity")),
        provider=provider,
        account=text(x.get("AccountId")) or text(x.get("Subscription")) or text(x.get("ProjectId")),
        region=text(x.get("Region")) or text(x.get("Location")),
        resource_uid=text(x.get("ResourceArn")) or text(x.get("ResourceId")),
        resource_name=text(x.get("ResourceName")) or text(x.get("ResourceId")),
        resource_type=text(x.get("ResourceType")),
        muted=bool(x.get("Muted")),
        description=text(x.get("Description")),
        risk=text(x.get("Risk")),
        remediation=text(recommendation.get("Text")),
        remediation_url=text(recommendation.get("Url")),
        related_url=text(x.get("RelatedUrl")),
        service=text(x.get("ServiceName")),
        compliance=compliance if isinstance(compliance, dict) else {},
        categories=_list(x.get("Categories")),
        uid=text(x.get("FindingUniqueId")),
        time=text(x.get("AssessmentStartTime")),
    )


def _csv(c: dict[str, str]) -> CheckResult:
    compliance: dict[str, Any] = {}
    for part in c.get("compliance", "").split("|"):
        key, sep, value = part.partition(":")
        if sep and value.strip():
            compliance[key.strip()] = value.strip()
    return CheckResult(
        check_id=c.get("check_id", ""),
        title=c.get("check_title", ""),
        status=c.get("status", "").upper(),
        message=c.get("status_extended", ""),
        severity=c.get("severity", ""),
        provider=c.get("provider", "").lower(),
        account=c.get("account_uid", ""),
        account_name=c.get("account_name", ""),
        region=c.get("region", ""),
        resource_uid=c.get("resource_uid", ""),
        resource_name=c.get("resource_name", ""),
        resource_type=c.get("resource_type", ""),
        muted=c.get("muted", "").lower() == "true",
        description=c.get("description", ""),
        risk=c.get("risk", ""),
        remediation=c.get("remediation_recommendation_text", ""),
        remediation_url=c.get("remediation_recommendation_url", ""),
        related_url=c.get("related_url", ""),
        service=c.get("service_name", ""),
        compliance=compliance,
        categories=unique(_list(c.get("categories", ""))),
        uid=c.get("finding_uid", ""),
        time=c.get("timestamp", ""),
    )


def _csv_v3(c: dict[str, str]) -> CheckResult:
    """A Prowler 3 CSV row: AWS writes ACCOUNT_ID / REGION / RESOURCE_ARN, Azure SUBSCRIPTION / TENANT_DOMAIN,
    GCP PROJECT_ID / LOCATION, with RESOURCE_ID (and RESOURCE_NAME) for all."""
    compliance: dict[str, Any] = {}
    for part in c.get("compliance", "").split("|"):
        key, sep, value = part.partition(":")
        if sep and value.strip():
            compliance[key.strip()] = value.strip()
    return CheckResult(
        check_id=c.get("check_id", ""),
        title=c.get("check_title", ""),
        status=c.get("status", "").upper(),
        message=c.get("status_extended", ""),
        severity=c.get("severity", ""),
        provider=c.get("provider", "").lower(),
        account=c.get("account_id", "") or c.get("subscription", "") or c.get("project_id", ""),
        account_name=c.get("account_name", "") or c.get("tenant_domain", ""),
        region=c.get("region", "") or c.get("location", ""),
        resource_uid=c.get("resource_arn", "") or c.get("resource_id", ""),
        resource_name=c.get("resource_name", "") or c.get("resource_id", ""),
        resource_type=c.get("resource_type", ""),
        muted=c.get("muted", "").lower() == "true",
        description=c.get("description", ""),
        risk=c.get("risk", ""),
        remediation=c.get("remediation_recommendation_text", ""),
        remediation_url=c.get("remediation_recommendation_url", ""),
        related_url=c.get("related_url", ""),
        service=c.get("service_name", ""),
        compliance=compliance,
        categories=unique(_list(c.get("categories", ""))),
        uid=c.get("finding_unique_id", ""),
        time=c.get("assessment_start_time", ""),
    )
