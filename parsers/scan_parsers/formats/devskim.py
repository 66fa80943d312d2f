"""Microsoft DevSkim (security linter) reports:

- SARIF 2.1.0, what `devskim analyze -I <dir> -O out.sarif` writes (1.x; the default output): runs[].tool.driver
  {name "devskim", rules[{id, name, shortDescription, fullDescription, help, helpUri,
  properties.DevSkimSeverity}]} and results[{ruleId, level, message, locations[].physicalLocation
  {artifactLocation.uri, region{startLine, snippet}}, properties{DevSkimSeverity, DevSkimConfidence, tags}}].
- The JSON of DevSkim 0.x (`devskim analyze <dir> out.json -f json`): an array of {filename, start_line,
  start_column, rule_id, rule_name, severity, confidence, description, recommendation, match}.

One finding per result location (a result without a location is one finding), on the CODE asset of the scanned
project (not named: a per-tool placeholder). Severity is DevSkim's own rating (Critical critical, Important high,
Moderate medium, BestPractice low, ManualReview info), else the SARIF level (error high, warning medium, note low).
Results SARIF marks as suppressed (`suppressions`) or of kind pass / notApplicable are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import text
from ._scan_common import cwes_in
from ._static_common import code_asset, drop_empty, location
from .sarif import driver_name

_DEVSKIM = {
    "critical": Severity.CRITICAL,
    "important": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "bestpractice": Severity.LOW,
    "manualreview": Severity.INFO,
}
_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW, "none": Severity.INFO}


@register
class Devskim(ReportFormat):
    id = "devskim"
    scan_types = ("DevSkim Scan",)
    aliases = ("devskim",)
    default_asset_type = AssetType.CODE
    recognises = "SARIF whose runs[].tool.driver.name is devskim, or DevSkim 0.x JSON (rule_id/rule_name/filename)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.json_root == "object" and "runs" in sniff.json_top_keys and driver_name(sniff) == "devskim":
            return 0.95  # above the generic SARIF reader: the driver names DevSkim
        if sniff.json_root == "array" and sniff.has_paths("item.rule_id", "item.rule_name", "item.filename"):
            return 0.8 if sniff.has_any_path("item.start_line", "item.match") else 0.0
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one result per match: DevSkim reports are small
        if isinstance(doc, list):
            for item in doc:
                if not isinstance(item, dict) or "rule_id" not in item:
                    raise InvalidReport(f"{report.name}: an issue has no rule_id: not a DevSkim JSON report")
                yield _legacy(ctx, item)
            return
        if not isinstance(doc, dict) or not isinstance(doc.get("runs"), list):
            raise InvalidReport(f"{report.name}: no `runs` array: not a DevSkim SARIF report")
        for run in doc["runs"]:
            if not isinstance(run, dict):
                raise InvalidReport(f"{report.name}: a SARIF run is not an object")
            rules = {
                text(r.get("id")): r
                for r in member_list(member_dict(member_dict(run, "tool"), "driver"), "rules")
                if isinstance(r, dict)
            }
            if not member_list(run, "results"):
                ctx.skip("run with no results")
            for result in member_list(run, "results"):
                if not isinstance(result, dict):
                    raise InvalidReport(f"{report.name}: a SARIF result is not an object")
                if member_list(result, "suppressions") or text(result.get("kind")).lower() in ("pass", "notapplicable"):
                    ctx.skip("suppressed" if member_list(result, "suppressions") else "not a problem")
                    continue
                rule = rules.get(text(result.get("ruleId")), {})
                places = [p for p in member_list(result, "locations") if isinstance(p, dict)] or [{}]
                for place in places:
                    yield _sarif(ctx, result, rule, place)


def _sarif(ctx: ParseContext, result: dict[str, Any], rule: dict[str, Any], place: dict[str, Any]) -> Finding:
    rule_id = text(result.get("ruleId")) or text(rule.get("id"))
    physical = member_dict(place, "physicalLocation")
    region = member_dict(physical, "region")
    uri = text(member_dict(physical, "artifactLocation").get("uri")).removeprefix("file://")
    rating = text(member_dict(result, "properties").get("DevSkimSeverity")) or text(
        member_dict(rule, "properties").get("DevSkimSeverity")
    )
    level = text(result.get("level")) or text(member_dict(rule, "defaultConfiguration").get("level"))
    severity = _DEVSKIM.get(rating.lower().replace(" ", ""), _LEVELS.get(level.lower(), Severity.MEDIUM))
    summary = text(member_dict(rule, "shortDescription").get("text")) or text(
        member_dict(result, "message").get("text")
    )
    full = text(member_dict(rule, "fullDescription").get("text"))
    snippet = text(member_dict(region, "snippet").get("text"))
    help_text = text(member_dict(rule, "help").get("text"))
    return Finding(
        asset=code_asset(ctx, None, "devskim"),
        name=f"{rule_id}: {summary}" if summary else rule_id or "DevSkim issue",
        severity=severity,
        description=(full or summary or rule_id) + (f"\n\nCode:\n{snippet}" if snippet else ""),
        remedy=help_text or (f"See {text(rule.get('helpUri'))}" if rule.get("helpUri") else ""),
        cwes=cwes_in(" ".join([full, *map(str, member_list(member_dict(rule, "properties"), "tags"))])),
        location=location(uri, region.get("startLine")) or None,
        details=drop_empty(
            {
                "ruleId": rule_id,
                "ruleName": text(rule.get("name")),
                "devskimSeverity": rating,
                "confidence": text(member_dict(result, "properties").get("DevSkimConfidence")),
                "tags": member_list(member_dict(result, "properties"), "tags"),
                "helpUri": text(rule.get("helpUri")),
            }
        ),
    )


def _legacy(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    rule_id = text(item.get("rule_id"))
    name = text(item.get("rule_name"))
    rating = text(item.get("severity"))
    match = text(item.get("match"))
    return Finding(
        asset=code_asset(ctx, None, "devskim"),
        name=f"{rule_id}: {name}" if name else rule_id,
        severity=_DEVSKIM.get(rating.lower().replace(" ", ""), Severity.MEDIUM),
        description=(text(item.get("description")) or name or rule_id) + (f"\n\nCode:\n{match}" if match else ""),
        remedy=text(item.get("recommendation")),
        location=location(text(item.get("filename")), item.get("start_line")) or None,
        details=drop_empty({"ruleId": rule_id, "devskimSeverity": rating, "confidence": text(item.get("confidence"))}),
    )
