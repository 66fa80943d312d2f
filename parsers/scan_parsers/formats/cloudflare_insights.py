"""Cloudflare Security Center insights, in the two forms Cloudflare gives them:

- the API (`GET /accounts/{account_id}/security-center/insights`, also per zone): the envelope {success, errors,
  result: {issues: [issue], count, page, per_page}} or the bare list of issues, an issue being {id, issue_class,
  issue_type, severity (Low, Moderate, Critical), subject, payload, timestamp, since, dismissed, resolve_link,
  resolve_text};
- the dashboard's CSV export (Security Center > Security Insights > Export): severity, issue_class, subject,
  issue_type, scan_performed_on, status, insight, detection_method, risk, recommended_action.

One finding per insight: one issue class on one subject (a domain, a DNS record, an account). A dismissed insight
(JSON `dismissed`, CSV status other than Active) is counted but inactive. Severity is Cloudflare's (Moderate is
medium). The asset is the WEB subject (its host name or address).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns, iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._scan_common import web_asset
from ._static_common import drop_empty

_CSV_REQUIRED = frozenset({"severity", "issue_class", "subject", "issue_type"})
_ORIGIN = "cloudflare"


@register
class CloudflareInsights(ReportFormat):
    id = "cloudflare_insights"
    scan_types = ("Cloudflare Insights",)
    aliases = ("cloudflare-security-insights", "cloudflare-security-center")
    default_asset_type = AssetType.WEB
    recognises = "Cloudflare Security Center insights: API JSON issues[] of {issue_class, issue_type, subject} or CSV"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            columns = sniff.csv_columns
            if columns >= _CSV_REQUIRED and columns & {"scan_performed_on", "recommended_action", "insight"}:
                return 0.9
            return 0.0
        if sniff.kind != "json":
            return 0.0
        for item in ("item.", "result.issues.item."):
            if sniff.has_paths(item + "issue_class", item + "issue_type", item + "subject"):
                return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        first = report.first_byte()
        if first == b"[":
            yield from self._json(report, ctx, "item")
        elif first == b"{":
            yield from self._json(report, ctx, "result.issues.item")
        else:
            yield from self._csv(report, ctx)

    def _json(self, report: ReportInput, ctx: ParseContext, prefix: str) -> Iterator[Finding]:
        issues = 0
        for issue in iter_json(report, prefix):
            issues += 1
            if not isinstance(issue, dict) or not issue.get("issue_class"):
                raise InvalidReport(f"{report.name}: an insight has no issue_class: not a Cloudflare insights export")
            closed = issue.get("dismissed") is True
            yield _finding(
                ctx,
                issue,
                status="dismissed" if closed else "",
                when=issue.get("timestamp"),
                remedy=text(issue.get("resolve_text")),
                link=text(issue.get("resolve_link")),
            )
        if not issues and prefix != "item":
            doc = load_json(report)
            result = doc.get("result") if isinstance(doc, dict) else None
            if not isinstance(result, dict) or not isinstance(result.get("issues", []), list) or not result:
                raise InvalidReport(f"{report.name}: no result.issues list: not a Cloudflare insights API response")

    def _csv(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _CSV_REQUIRED, "Cloudflare insights"):
            status = row.get("status", "")
            yield _finding(
                ctx,
                row,
                status=status if status and status.lower() != "active" else "",
                when=row.get("scan_performed_on"),
                remedy=row.get("recommended_action", ""),
                link="",
            )


def _finding(ctx: ParseContext, issue: dict[str, Any], *, status: str, when: Any, remedy: str, link: str) -> Finding:
    issue_class = text(issue.get("issue_class"))
    subject = text(issue.get("subject"))
    issue_type = text(issue.get("issue_type")).replace("_", " ")
    title = issue_class.replace("_", " ") if issue_class.islower() else issue_class
    details = drop_empty(
        {
            "id": text(issue.get("id")),
            "issueType": issue_type,
            "since": text(issue.get("since")),
            "payload": issue.get("payload") if isinstance(issue.get("payload"), dict) else None,
            "risk": text(issue.get("risk")),
            "detectionMethod": text(issue.get("detection_method")),
            "resolveLink": link,
        }
    )
    if status:
        details["status"] = status
    description = text(issue.get("insight")) or f"Cloudflare Security Center: {title} ({issue_type}) on {subject}."
    return Finding(
        asset=web_asset(ctx, _ORIGIN, subject),
        name=title or "Cloudflare insight",
        severity=label(issue.get("severity"), Severity.INFO),
        description=description,
        remedy=remedy or (f"See {link}" if link else "Follow the insight's guidance in Cloudflare Security Center."),
        location=subject or None,
        published=parse_datetime(when),
        details=details,
        active=not status,
    )
