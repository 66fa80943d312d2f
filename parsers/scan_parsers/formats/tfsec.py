"""tfsec (Terraform scanner) JSON: {results: [{rule_id, long_id?, rule_description, rule_provider, impact,
resolution, links, description, severity, status?, location: {filename, start_line, end_line}}]}.

One finding per rule, file and start line (tfsec reports a rule once per matching block; DefectDojo folds those
on the same line); passed results (`--include-passed`) are not findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset, drop_empty, location


@register
class Tfsec(ReportFormat):
    id = "tfsec"
    scan_types = ("TFSec Scan",)
    aliases = ("tfsec",)
    default_asset_type = AssetType.BUILD
    recognises = "JSON object with results[] of rule_id/severity/location.filename and rule_description or link"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths(
            "results.item.rule_id", "results.item.location.filename", "results.item.location.start_line"
        ) and sniff.has_any_path("results.item.rule_description", "results.item.rule_provider", "results.item.link"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, str, str]] = set()
        for item in iter_json(report, "results.item"):
            if not isinstance(item, dict) or "rule_id" not in item:
                raise ValueError("a tfsec result has no rule_id")
            if text(item.get("status")).lower() == "passed":
                continue
            loc = item.get("location") or {}
            key = (text(item.get("rule_id")), text(loc.get("filename")), text(loc.get("start_line")))
            if key in seen:
                continue
            seen.add(key)
            yield _finding(ctx, item, loc)


def _finding(ctx: ParseContext, item: dict[str, Any], loc: dict[str, Any]) -> Finding:
    rule = text(item.get("long_id")) or text(item.get("rule_id"))
    path = text(loc.get("filename"))
    links = [text(x) for x in item.get("links") or [] if x] or ([text(item["link"])] if item.get("link") else [])
    summary = text(item.get("rule_description")) or text(item.get("description")) or rule
    description = text(item.get("description"))
    impact = text(item.get("impact"))
    body = "\n\n".join(p for p in (description, f"Impact: {impact}" if impact else "") if p)
    resolution = text(item.get("resolution"))
    return Finding(
        asset=build_asset(ctx, path, "tfsec"),
        name=f"{rule}: {summary}" if summary != rule else rule,
        severity=label(item.get("severity"), Severity.MEDIUM),
        description=body or summary,
        remedy=resolution or (f"See {links[0]}" if links else "Fix the Terraform configuration flagged by tfsec."),
        location=location(path, loc.get("start_line")) or path,
        details=drop_empty(
            {
                "ruleId": text(item.get("rule_id")),
                "legacyRuleId": text(item.get("legacy_rule_id")),
                "provider": text(item.get("rule_provider")),
                "service": text(item.get("rule_service")),
                "resource": text(item.get("resource")),
                "endLine": loc.get("end_line"),
                "links": links[:10],
            }
        ),
    )
