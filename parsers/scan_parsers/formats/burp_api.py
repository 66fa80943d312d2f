"""Burp Suite Enterprise / Burp REST API scan JSON: {task_id, scan_status, scan_metrics, issue_events: [{id, type:
"issue_found", issue: {name, type_index, origin, path, severity, confidence, description, issue_background,
remediation_background, evidence: [...]}}]}.

One finding per issue event, as DefectDojo reports them (the API already lists one event per issue and path).
Evidence holds base64 request/response segments: never copied into findings. Origins are WEB assets. Severity:
info, low, medium, high. Not findings (counted as skipped): events of another type than issue_found and issues
whose severity is false_positive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import cwes_in, join_nonempty, strip_html, web_asset
from .burp import burp_severity, is_false_positive


@register
class BurpApi(ReportFormat):
    id = "burp_api"
    scan_types = ("Burp REST API",)
    aliases = ("burp-api", "burp-rest-api", "burp-enterprise")
    default_asset_type = AssetType.WEB
    recognises = "Burp REST API scan JSON: issue_events[] of {type: issue_found, issue: {type_index, origin, ...}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("issue_events.item.issue.type_index", "issue_events.item.issue.serial_number"):
            return 0.9
        if sniff.has_paths("issue_events", "scan_metrics", "task_id"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if b'"issue_events"' not in report.read_head():
            raise InvalidReport(f"{report.name}: no issue_events member: not a Burp REST API scan report")
        for event in iter_json(report, "issue_events.item"):
            if not isinstance(event, dict) or not isinstance(event.get("issue"), dict):
                raise InvalidReport(f"{report.name}: an issue_events entry has no issue object")
            kind = event.get("type", "issue_found")
            if kind != "issue_found":
                ctx.skip(f"issue event {kind}")
                continue
            if is_false_positive(str(event["issue"].get("severity") or "")):
                ctx.skip("severity false_positive")
                continue
            yield _finding(ctx, event["issue"], str(event.get("id") or ""))


def _finding(ctx: ParseContext, issue: dict[str, Any], event_id: str) -> Finding:
    origin = str(issue.get("origin") or "")
    path = str(issue.get("path") or "")
    background = str(issue.get("issue_background") or "")
    return Finding(
        asset=web_asset(ctx, "burp-api", origin or None),
        name=str(issue.get("name") or f"Burp issue type {issue.get('type_index')}"),
        severity=burp_severity(str(issue.get("severity") or "")),
        description=join_nonempty(strip_html(issue.get("description")), strip_html(background))
        or str(issue.get("name") or ""),
        remedy=join_nonempty(strip_html(issue.get("remediation")), strip_html(issue.get("remediation_background"))),
        cwes=cwes_in(str(issue.get("vulnerability_classifications") or "")),
        location=(origin.rstrip("/") + path) if origin else (path or None),
        details={
            "typeIndex": issue.get("type_index"),
            "serialNumber": issue.get("serial_number"),
            "confidence": issue.get("confidence"),
            "eventId": event_id,
            "evidenceTypes": [e.get("type") for e in issue.get("evidence") or [] if isinstance(e, dict)][:10],
        },
    )
