"""gosec (Go SAST) JSON: {"Golang errors", Issues: [{severity, confidence, cwe{id,url}, rule_id, details, file,
code, line, column}], Stats}. One finding per issue."""

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
from ._sca_common import cwe_id, text
from ._static_common import code_asset, drop_empty, location


@register
class Gosec(ReportFormat):
    id = "gosec"
    scan_types = ("Gosec Scanner",)
    aliases = ("gosec",)
    default_asset_type = AssetType.CODE
    recognises = "JSON object with Issues[] of rule_id/details/file/line/severity/confidence and Stats"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("Issues.item.rule_id", "Issues.item.details", "Issues.item.file"):
            return 0.9
        if sniff.has_paths("Issues", "Stats.found") and sniff.has_any_path("Stats.nosec", "Golang errors"):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for item in iter_json(report, "Issues.item"):
            if not isinstance(item, dict) or "rule_id" not in item:
                raise ValueError("a gosec issue has no rule_id")
            yield _finding(ctx, item)


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    rule = text(item.get("rule_id"))
    details = text(item.get("details"))
    path = text(item.get("file"))
    raw_cwe = item.get("cwe")
    cwe: dict[str, Any] = raw_cwe if isinstance(raw_cwe, dict) else {}
    code = text(item.get("code"))
    line = text(item.get("line")).split("-", 1)[0]
    return Finding(
        asset=code_asset(ctx, None, "gosec"),
        name=f"{rule}: {details}" if details else rule,
        severity=label(item.get("severity"), Severity.MEDIUM),
        description=(details or rule) + (f"\n\nCode:\n{code}" if code else ""),
        remedy=f"See https://securego.io/docs/rules/{rule.lower()}.html" if rule else "Review the flagged code.",
        cwes=[c for c in [cwe_id(cwe.get("id"))] if c],
        location=location(path, line) or path,
        details=drop_empty(
            {
                "ruleId": rule,
                "confidence": text(item.get("confidence")),
                "line": text(item.get("line")),
                "column": text(item.get("column")),
                "cweUrl": text(cwe.get("url")),
                "suppressed": bool(item.get("suppressions")) or None,
            }
        ),
    )
