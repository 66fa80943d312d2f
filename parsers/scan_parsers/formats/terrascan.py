"""Terrascan (IaC scanner) JSON: {results: {violations: [{rule_name, rule_id, description, severity, category,
resource_name, resource_type, file, line}] | null, skipped_violations, scan_errors, scan_summary}}.
One finding per violation; skipped violations are not findings."""

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
class Terrascan(ReportFormat):
    id = "terrascan"
    scan_types = ("Terrascan Scan",)
    aliases = ("terrascan",)
    default_asset_type = AssetType.BUILD
    recognises = "JSON object results{violations[], scan_summary{policies_validated, ...}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("results.violations.item.rule_name", "results.violations.item.rule_id"):
            return 0.9
        if sniff.has_paths("results.violations", "results.scan_summary.policies_validated"):
            return 0.9
        # a clean scan whose null violations were left out: the summary is terrascan's own
        if sniff.has_paths("results.scan_summary.policies_validated", "results.scan_summary.violated_policies"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        for item in iter_json(report, "results.violations.item"):
            if not isinstance(item, dict) or "rule_id" not in item:
                raise ValueError("a terrascan violation has no rule_id")
            key = (text(item.get("rule_id")), text(item.get("file")), text(item.get("line")), _resource(item))
            if key in seen:
                ctx.skip("the same violation again")
                continue
            seen.add(key)
            yield _finding(ctx, item)


def _resource(item: dict[str, Any]) -> str:
    return ".".join(p for p in (text(item.get("resource_type")), text(item.get("resource_name"))) if p)


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    rule_id = text(item.get("rule_id"))
    rule_name = text(item.get("rule_name")) or rule_id
    path = text(item.get("file"))
    description = text(item.get("description")) or rule_name
    resource = _resource(item)
    return Finding(
        asset=build_asset(ctx, path, "terrascan"),
        name=f"{rule_name}: {description}" if description != rule_name else rule_name,
        severity=label(item.get("severity"), Severity.MEDIUM),
        description=description + (f"\n\nResource: {resource}" if resource else ""),
        remedy=f"Fix {resource or 'the resource'} so that policy {rule_id} ({rule_name}) passes.",
        location=location(path, item.get("line")) or path,
        details=drop_empty(
            {
                "ruleId": rule_id,
                "ruleName": rule_name,
                "category": text(item.get("category")),
                "resource": resource,
                "planRoot": text(item.get("plan_root")),
            }
        ),
    )
