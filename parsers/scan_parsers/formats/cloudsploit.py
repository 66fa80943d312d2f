"""CloudSploit (Aqua's open-source cloud security scanner) results: `./index.js --json=<file>` writes a JSON list of
results, one per plugin, resource and region: [{"plugin", "category", "title", "description", "resource",
"region", "status": "OK" | "WARN" | "FAIL" | "UNKNOWN", "message", "compliance"?}] (the same records appear with
`--console=none` in CSV as "category, title, description, resource, region, statusWord, message").

One finding per FAIL or WARN result. OK results are passed checks and UNKNOWN ones could not be evaluated (no
permission, service not enabled): both are counted as skipped. Severity: FAIL is high, WARN medium (CloudSploit
rates results, not plugins). Asset: the cloud resource (CLOUD: the provider from the ARN or resource id, the
account and region, the resource id); results on "N/A" (no resource) belong to the region of the cloud account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_csv_columns, iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text

_STATUS = {"FAIL": Severity.HIGH, "WARN": Severity.MEDIUM}
_ARN = re.compile(r"^arn:aws[\w-]*:[^:]*:[^:]*:(\d*):")
_CSV_REQUIRED = frozenset({"category", "title", "resource", "region", "statusword", "message"})


@register
class CloudSploit(ReportFormat):
    id = "cloudsploit"
    scan_types = ("Cloudsploit Scan",)
    aliases = ("cloudsploit-scan",)
    default_asset_type = AssetType.CLOUD
    recognises = "CloudSploit JSON: list of {plugin, category, title, resource, region, status, message}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("item.plugin", "item.status", "item.region", "item.resource"):
            return 0.85
        if sniff.kind == "csv" and sniff.csv_columns >= _CSV_REQUIRED:
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"[":
            rows: Iterator[Any] = iter_json(report, "item")
        elif report.first_byte() == b"{":
            raise InvalidReport(f"{report.name}: a JSON object: CloudSploit writes a list of results")
        else:
            rows = (
                {**r, "status": r.get("statusword")} for r in iter_csv_columns(report, _CSV_REQUIRED, "CloudSploit")
            )
        for result in rows:
            if (
                not isinstance(result, dict)
                or not (result.get("title") or result.get("plugin"))
                or not result.get("status")
            ):
                raise InvalidReport(f"{report.name}: a result lacks its title or status: not a CloudSploit result")
            status = text(result["status"]).upper()
            if status not in _STATUS:
                ctx.skip(f"status {status.lower()}")
                continue
            yield _finding(ctx, result, status)


def _asset(ctx: ParseContext, result: dict[str, Any]) -> Asset:
    resource = text(result.get("resource"))
    region = text(result.get("region"))
    if resource.upper() in ("", "N/A"):
        resource = ""
    m = _ARN.match(resource)
    provider = "AWS" if m else ("AZURE" if resource.lower().startswith("/subscriptions/") else None)
    if provider is None and (resource.startswith("projects/") or "googleapis.com" in resource):
        provider = "GCP"
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": provider,
            "providerAccountId": (m.group(1) if m else None) or None,
            "region": region or "global",
            "providerResourceId": resource or None,
            "origin": "cloudsploit" if not resource else None,
        },
        placeholder=not resource,
    )


def _finding(ctx: ParseContext, result: dict[str, Any], status: str) -> Finding:
    title = text(result.get("title")) or text(result.get("plugin"))
    message = text(result.get("message"))
    description = text(result.get("description"))
    compliance = result.get("compliance")
    return Finding(
        asset=_asset(ctx, result),
        name=title,
        severity=_STATUS[status],
        description="\n\n".join(p for p in (message, description) if p) or title,
        remedy=text(result.get("recommended_action"))
        or f"Address the {text(result.get('category'))} check: {description or title}",
        location=text(result.get("resource")) or None,
        details={
            k: v
            for k, v in {
                "plugin": text(result.get("plugin")),
                "category": text(result.get("category")),
                "status": status,
                "compliance": compliance if isinstance(compliance, (str, list, dict)) else None,
            }.items()
            if v
        },
    )
