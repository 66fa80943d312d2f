"""cfn-lint (AWS CloudFormation linter) JSON, `cfn-lint -f json template.yaml` (0.x and 1.x): a top-level array of
matches {Rule{Id, Description, ShortDescription, Source}, Level (Error / Warning / Informational), Message,
Filename, Location{Start{LineNumber, ColumnNumber}, End, Path[]}, Id?, ParentId?}; a clean run is `[]`.

cfn-lint reports only rule violations (no passed checks), so every match is counted: one finding per match.
Severity from the level: Error high, Warning medium, Informational low (the rule id's E / W / I prefix when the
level is missing). Asset: the template file (BUILD); line and template path are the location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset, location

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "informational": Severity.LOW, "info": Severity.LOW}
_PREFIXES = {"E": Severity.HIGH, "W": Severity.MEDIUM, "I": Severity.LOW}


@register
class CfnLint(ReportFormat):
    id = "cfn_lint"
    scan_types = ("cfn-lint Scan",)
    aliases = ("cfn-lint", "cfnlint")
    default_asset_type = AssetType.BUILD
    recognises = "cfn-lint -f json: array of {Rule{Id, ShortDescription}, Level, Message, Filename, Location}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root == "array" and sniff.has_paths("item.Rule.Id", "item.Level", "item.Location"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for match in iter_json(report, "item"):
            rule = match.get("Rule") if isinstance(match, dict) else None
            if not isinstance(rule, dict) or not rule.get("Id"):
                raise InvalidReport(f"{report.name}: a match has no Rule.Id: not a cfn-lint JSON report")
            yield _finding(ctx, match, rule)


def _finding(ctx: ParseContext, match: dict[str, Any], rule: dict[str, Any]) -> Finding:
    rule_id = text(rule["Id"])
    filename = text(match.get("Filename"))
    loc = match.get("Location") or {}
    line = (loc.get("Start") or {}).get("LineNumber")
    path = "/".join(str(p) for p in loc.get("Path") or [])
    level = text(match.get("Level")).lower()
    message = text(match.get("Message"))
    return Finding(
        asset=build_asset(ctx, filename, "cfn-lint"),
        name=f"{rule_id}: {text(rule.get('ShortDescription')) or message}",
        severity=_LEVELS.get(level) or _PREFIXES.get(rule_id[:1], Severity.MEDIUM),
        description="\n\n".join(p for p in (message, text(rule.get("Description"))) if p) or rule_id,
        remedy=f"See {text(rule.get('Source'))}" if rule.get("Source") else "",
        location=location(filename, line) or None,
        details={k: v for k, v in {"rule": rule_id, "path": path, "level": text(match.get("Level"))}.items() if v},
    )
