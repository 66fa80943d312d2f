"""Bearer CLI security report JSON, as `bearer scan --report security --format json` writes it (v1.x):

    {"critical": [...], "high": [...], "medium": [...], "low": [...], "warning": [...]}

each finding {id (rule), title, description (markdown), documentation_url, cwe_ids: ["79"], line_number,
filename, full_filename, category_groups, source/sink {start, end, column, content}, snippet, code_extract,
fingerprint, old_fingerprint}. Severity levels without findings are left out, so a clean scan is `{}`.

One finding per entry; the severity is the level it is filed under ("warning", Bearer's lowest level, is low). The
asset is the CODE base scanned (the report does not name it: a per-tool placeholder). Bearer's own `fingerprint`
is kept as the finding's identity. The privacy and dataflow reports are different documents and are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json_members
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text
from ._static_common import code_asset, drop_empty, location

_LEVELS = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "warning": Severity.LOW,
}


@register
class BearerCli(ReportFormat):
    id = "bearer_cli"
    scan_types = ("Bearer CLI",)
    aliases = ("bearer",)
    default_asset_type = AssetType.CODE
    recognises = "JSON object keyed by severity (critical/high/...) of findings with id, cwe_ids, fingerprint"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.json_top_keys:
            return 0.0
        if not set(sniff.json_top_keys) <= set(_LEVELS):
            return 0.0
        for level in sniff.json_top_keys:
            item = f"{level}.item"
            if sniff.has_paths(f"{item}.id", f"{item}.cwe_ids", f"{item}.line_number"):
                return 0.95 if sniff.contains("docs.bearer.com") or sniff.has_paths(f"{item}.fingerprint") else 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for level, items in iter_json_members(report, ""):
            severity = _LEVELS.get(str(level).lower())
            if severity is None or not isinstance(items, list):
                raise InvalidReport(
                    f"{report.name}: member {level!r} is not a severity list: not a Bearer security report"
                )
            for item in items:
                if not isinstance(item, dict) or "id" not in item:
                    raise InvalidReport(f"{report.name}: a {level} finding has no rule id")
                yield _finding(ctx, severity, item)


def _finding(ctx: ParseContext, severity: Severity, item: dict[str, Any]) -> Finding:
    rule = text(item.get("id"))
    path = text(item.get("full_filename") or item.get("filename"))
    snippet = text(item.get("code_extract") or item.get("snippet"))
    docs = text(item.get("documentation_url"))
    description = text(item.get("description"))
    cwes = [c for c in (cwe_id(v) for v in item.get("cwe_ids") or []) if c]
    return Finding(
        asset=code_asset(ctx, None, "bearer"),
        name=text(item.get("title")) or rule,
        severity=severity,
        description=(description or rule) + (f"\n\nCode:\n{snippet}" if snippet else ""),
        remedy=f"See {docs}" if docs else "Review the code Bearer flagged.",
        cwes=list(dict.fromkeys(cwes)),
        location=location(path, item.get("line_number")) or None,
        fingerprint=text(item.get("fingerprint")),
        details=drop_empty(
            {
                "ruleId": rule,
                "documentationUrl": docs,
                "categoryGroups": item.get("category_groups"),
                "parentLine": item.get("parent_line_number"),
                "oldFingerprint": text(item.get("old_fingerprint")),
            }
        ),
    )
