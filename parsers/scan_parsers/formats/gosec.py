"""gosec (Go SAST) JSON (`gosec -fmt=json`, 1.x / 2.x): {"Golang errors", Issues: [{severity, confidence,
cwe{id, url} (2.x), rule_id, details, file, code, line ("12" or "12-14"), column, nosec, suppressions[]}],
Stats{files, lines, nosec, found}}. A clean scan is Issues: [] (or null).

One finding per rule, file and line (DefectDojo folds the same title, file and line: gosec repeats an issue for
each package a file belongs to, e.g. a test package). Severity is gosec's severity (HIGH / MEDIUM / LOW); the
confidence is kept in details. The asset is the scanned code base (CODE placeholder). Issues suppressed in the
source (`#nosec` kept with -track-suppressions: nosec true or suppressions[]) are counted with ctx.skip.
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
        seen: set[tuple[str, str, str, str]] = set()
        count = 0
        for item in iter_json(report, "Issues.item"):
            count += 1
            if not isinstance(item, dict) or not ("rule_id" in item or "details" in item):
                raise ValueError("a gosec issue has neither rule_id nor details")
            if item.get("nosec") is True or item.get("suppressions"):
                ctx.skip("suppressed (#nosec)")
                continue
            key = (text(item.get("rule_id")), text(item.get("details")), text(item.get("file")), text(item.get("line")))
            if key in seen:
                ctx.skip("same issue again (another package)")
                continue
            seen.add(key)
            yield _finding(ctx, item)
        if not count:
            doc = load_json(report)
            if not (isinstance(doc, dict) and "Issues" in doc and doc["Issues"] in (None, [])):
                raise InvalidReport(f"{report.name}: no Issues list: not a gosec JSON report")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    details = text(item.get("details"))
    rule = text(item.get("rule_id"))
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
            }
        ),
    )
