"""Orca Security alerts, as the Orca console exports them and as the Orca API serves them:

- CSV export: "OrcaScore, Title, Category, Inventory, Inventory.Name, CloudAccount, CloudAccount.Name, Source,
  Status, CreatedAt, LastSeen, Labels" (Labels a JSON list; further columns such as Description, Recommendation,
  RiskLevel, AlertId or CloudAccount.CloudProvider are read when present);
- JSON export: a list of the same alerts as objects ({"OrcaScore", "Title", "Inventory": {"Name"}, "CloudAccount":
  {"Name"}, ...});
- API (`GET /api/alerts`, `orca-cli` alert queries): {"data": [{"alert_id", "type_string", "category",
  "asset_name", "asset_unique_id", "asset_type", "cloud_provider", "account_name", "state": {"status",
  "orca_score", "risk_level", "created_at", "last_seen"}, "data": {"title", "details", "recommendation"}}]}.

One finding per alert. Severity: Orca's risk level when given (critical, high, medium, low, informational), else
the OrcaScore on Orca's 0-10 scale with the CVSS bands. Closed, dismissed and resolved alerts are inactive findings;
snoozed ones are kept, tagged. Asset: the cloud resource (CLOUD: the inventory item, its account and, when named,
the cloud provider and asset type).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import iter_csv_columns, iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cvss_score, parse_datetime, text, unique

_CLOSED = ("closed", "dismissed", "resolved")
_REQUIRED = frozenset({"orcascore", "title", "status"})
_PROVIDERS = {"aws": "AWS", "azure": "AZURE", "gcp": "GCP", "google": "GCP", "alibaba": "ALIBABA", "oci": "OCI"}


@register
class OrcaSecurity(ReportFormat):
    id = "orca_security"
    scan_types = ("Orca Security Alerts",)
    aliases = ("orca", "orca-security")
    default_asset_type = AssetType.CLOUD
    recognises = "Orca Security alerts: CSV/JSON export with OrcaScore, Title, Inventory, CloudAccount; or API data[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            return 0.9 if sniff.csv_columns >= _REQUIRED else 0.0
        if sniff.kind != "json":
            return 0.0
        if sniff.has_paths("item.OrcaScore", "item.Title"):
            return 0.9
        if sniff.has_any_path("data.item.state.orca_score") or sniff.has_paths(
            "data.item.alert_id", "data.item.asset_unique_id"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        first = report.first_byte()
        if first == b"[":
            for alert in iter_json(report, "item"):
                yield from _emit(ctx, report, _export_alert(alert))
        elif first == b"{":
            found = False
            for alert in iter_json(report, "data.item"):
                found = True
                yield from _emit(ctx, report, _api_alert(alert))
            if not found:
                require_list_member(report, ("data",), "an Orca Security alert list")
        else:
            for row in iter_csv_columns(report, _REQUIRED, "Orca Security alert export"):
                yield from _emit(ctx, report, _csv_alert(row))


def _labels(value: Any) -> list[str]:
    if isinstance(value, list):
        return [text(v) for v in value if text(v)]
    raw = text(value)
    if raw.startswith("["):
        try:
            parsed = orjson.loads(raw)
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [text(v) for v in parsed if text(v)]
    return [p.strip() for p in raw.split(",") if p.strip()]


def _csv_alert(row: dict[str, str]) -> dict[str, Any]:
    return {
        "title": row.get("title"),
        "score": row.get("orcascore"),
        "risk": row.get("risklevel") or row.get("severity"),
        "category": row.get("category"),
        "resource": row.get("inventory.name") or row.get("source"),
        "resource_type": row.get("inventory.type") or row.get("assettype"),
        "account": row.get("cloudaccount.name"),
        "provider": row.get("cloudaccount.cloudprovider") or row.get("cloudprovider"),
        "status": row.get("status"),
        "created": row.get("createdat"),
        "last_seen": row.get("lastseen"),
        "labels": _labels(row.get("labels")),
        "description": row.get("description") or row.get("details"),
        "recommendation": row.get("recommendation"),
        "id": row.get("alertid") or row.get("id"),
    }


def _export_alert(alert: Any) -> dict[str, Any]:
    if not isinstance(alert, dict):
        raise InvalidReport("an Orca alert is not an object")
    inventory: dict[str, Any] = alert.get("Inventory") or {}
    account: dict[str, Any] = alert.get("CloudAccount") or {}
    return {
        "title": alert.get("Title"),
        "score": alert.get("OrcaScore"),
        "risk": alert.get("RiskLevel") or alert.get("Severity"),
        "category": alert.get("Category"),
        "resource": inventory.get("Name") or alert.get("Source"),
        "resource_type": inventory.get("Type"),
        "account": account.get("Name"),
        "provider": account.get("CloudProvider"),
        "status": alert.get("Status"),
        "created": alert.get("CreatedAt"),
        "last_seen": alert.get("LastSeen"),
        "labels": _labels(alert.get("Labels")),
        "description": alert.get("Description") or alert.get("Details"),
        "recommendation": alert.get("Recommendation"),
        "id": alert.get("AlertId") or alert.get("Id"),
    }


def _api_alert(alert: Any) -> dict[str, Any]:
    if not isinstance(alert, dict):
        raise InvalidReport("an Orca alert is not an object")
    state: dict[str, Any] = alert.get("state") or {}
    data: dict[str, Any] = alert.get("data") or {}
    return {
        "title": data.get("title") or alert.get("type_string") or alert.get("title"),
        "score": state.get("orca_score") or state.get("score"),
        "risk": state.get("risk_level") or state.get("severity"),
        "category": alert.get("category"),
        "resource": alert.get("asset_name") or alert.get("asset_unique_id"),
        "resource_id": alert.get("asset_unique_id"),
        "resource_type": alert.get("asset_type_string") or alert.get("asset_type"),
        "account": alert.get("account_name") or alert.get("cloud_account_id"),
        "provider": alert.get("cloud_provider"),
        "status": state.get("status"),
        "created": state.get("created_at"),
        "last_seen": state.get("last_seen"),
        "labels": _labels(alert.get("labels")),
        "description": data.get("details") or alert.get("description"),
        "recommendation": data.get("recommendation"),
        "id": alert.get("alert_id"),
    }


def _emit(ctx: ParseContext, report: ReportInput, alert: dict[str, Any]) -> Iterator[Finding]:
    title = text(alert.get("title"))
    if not title:
        raise InvalidReport(f"{report.name}: an alert has no title: not an Orca Security alert export")
    status = text(alert.get("status")).lower()
    finding = _finding(ctx, alert, title, status)
    if status in _CLOSED:
        # Closed in Orca: an inactive finding (counted as the export holds it, never imported as open).
        finding.active = False
        finding.details["status"] = status
    yield finding


def _asset(ctx: ParseContext, alert: dict[str, Any]) -> Asset:
    resource = text(alert.get("resource"))
    account = text(alert.get("account"))
    provider = text(alert.get("provider")).lower()
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": _PROVIDERS.get(provider, provider.upper() or None),
            "providerAccountId": account or None,
            "providerResourceId": text(alert.get("resource_id")) or resource or None,
            "resourceName": resource or None,
            "resourceType": text(alert.get("resource_type")) or None,
            "origin": "orca" if not (resource or account) else None,
        },
        placeholder=not (resource or account),
    )


def _finding(ctx: ParseContext, alert: dict[str, Any], title: str, status: str) -> Finding:
    score = cvss_score(alert.get("score"))
    risk = text(alert.get("risk"))
    if risk:
        severity = label(risk.replace("imminent compromise", "critical").replace("hazardous", "high"))
    elif score is not None:
        severity = from_cvss(score)
    else:
        severity = Severity.MEDIUM
    description = text(alert.get("description"))
    labels = alert.get("labels") or []
    tags = [Tag(status, "status")] if status == "snoozed" else []
    tags += [Tag(v, "label") for v in labels[:20]]
    return Finding(
        asset=_asset(ctx, alert),
        name=title,
        severity=severity,
        description=description
        or f"{title} ({text(alert.get('category')) or 'Orca alert'}) on "
        f"{text(alert.get('resource')) or 'a cloud resource'}.",
        remedy=text(alert.get("recommendation")) or "No remediation provided",
        score=score,
        reference_ids=unique(cves_in(f"{title} {description}")),
        location=text(alert.get("resource")) or None,
        published=parse_datetime(alert.get("created")),
        details={
            k: v
            for k, v in {
                "alertId": text(alert.get("id")),
                "category": text(alert.get("category")),
                "orcaScore": alert.get("score"),
                "status": status,
                "lastSeen": text(alert.get("last_seen")),
            }.items()
            if v not in (None, "")
        },
        tags=tags,
    )
