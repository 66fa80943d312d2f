"""tfsec (Terraform scanner) JSON (`tfsec --format json`), every layout it has had:

- tfsec 0.x (< 0.40): {results: [{rule_id (AWS002...), link, location{filename, start_line, end_line},
  description, severity ERROR / WARNING / INFO}]};
- tfsec 0.40-0.63: adds legacy_rule_id, rule_description, rule_provider, rule_service, impact, resolution,
  links[], resource and, with `--include-passed` / `--include-ignored`, status "passed" / "ignored" / "failed";
- tfsec >= 1.0 (defsec): rule_id AVD-..., long_id, warning, status as a number (0 failed, 1 passed,
  2 ignored), severity CRITICAL / HIGH / MEDIUM / LOW.
A clean scan writes {"results": null}.

One finding per rule, file and line range (tfsec reports a rule once per matching block, once per module
instance; DefectDojo folds those on the same provider, rule, file, start and end line). Passed and ignored results
are counted with ctx.skip. Severity: CRITICAL/HIGH/MEDIUM/LOW as named, ERROR high, WARNING medium, INFO info.
The asset is the Terraform file (BUILD). tfsec's SARIF, JUnit, checkstyle and CSV outputs are not read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset, drop_empty, location

#: tfsec's result status: strings in 0.x, defsec's scan.Status numbers in 1.x
_STATUSES = {
    "0": "failed",
    "failed": "failed",
    "1": "passed",
    "passed": "passed",
    "2": "ignored",
    "ignored": "ignored",
}


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
        ) and sniff.has_any_path(
            "results.item.rule_description",
            "results.item.rule_provider",
            "results.item.link",
            "results.item.long_id",
            "results.item.legacy_rule_id",
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        count = 0
        for item in iter_json(report, "results.item"):
            count += 1
            if not isinstance(item, dict) or "rule_id" not in item:
                raise InvalidReport(f"{report.name}: a tfsec result has no rule_id")
            status = _STATUSES.get(text(item.get("status")).lower(), "failed")
            if status != "failed":
                ctx.skip(f"result {status}")
                continue
            loc = item.get("location") or {}
            key = (
                text(item.get("rule_provider")),
                text(item.get("rule_id")),
                text(loc.get("filename")),
                text(loc.get("start_line")),
                text(loc.get("end_line")),
            )
            if key in seen:
                ctx.skip("same rule on the same lines (folded)")
                continue
            seen.add(key)
            yield _finding(ctx, item, loc)
        if not count:
            doc = load_json(report)
            if not (isinstance(doc, dict) and "results" in doc and doc["results"] in (None, [])):
                raise InvalidReport(f"{report.name}: no results list: not a tfsec JSON report")


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
