"""Cobalt.io pentest findings CSV, the export of a pentest's findings:

    Token,Tag,Title,Type,CreatedAt,BrowserUrl,HttpRequest,CriticalityJustification,Description,StepsToReproduce,
    ToolsUsed,SuggestedFix,RequestParams,Prerequisites,AssignedTo,EvaluatedResult,ReportUrl,ReportedBy,
    ResearcherUrl,RefKey

One finding per row (a pentester's finding). The export names no severity column: a Severity, Criticality or
Impact column, where an export has one, is read as Cobalt's label (critical, high, medium, low, informational);
without one a finding is informational, its criticality explained in CriticalityJustification. A State column,
where present, with a closed state (valid_fix, wont_fix, invalid, out_of_scope) keeps the row as a finding with
`active=False`. The asset is the finding's BrowserUrl: a WEB asset for its host,
a Cobalt WEB placeholder when the row has none. A header-only export is a pentest with no findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import target_asset
from ._sca_common import parse_datetime
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_REQUIRED = frozenset({"token", "title", "type", "browserurl", "stepstoreproduce", "suggestedfix"})
_CLOSED = frozenset({"valid_fix", "wont_fix", "invalid", "out_of_scope", "closed", "fixed"})


@register
class Cobalt(ReportFormat):
    id = "cobalt"
    scan_types = ("Cobalt.io Scan",)
    aliases = ("cobalt-csv",)
    default_asset_type = AssetType.WEB
    recognises = "Cobalt.io findings CSV (Token, Tag, Title, Type, BrowserUrl, StepsToReproduce, SuggestedFix, RefKey)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED | {"criticalityjustification"}:
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Cobalt.io findings export"):
            yield _finding(ctx, row)


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    title = row.get("title") or row.get("type") or f"Cobalt finding {row.get('token', '')}"
    rating = row.get("severity") or row.get("criticality") or row.get("impact")
    state = row.get("state", "").lower().replace(" ", "_").replace("'", "")
    url = row.get("browserurl", "")
    return Finding(
        asset=target_asset(ctx, "cobalt", url, "url"),
        name=title[:255],
        severity=label(rating, Severity.INFO) if rating else Severity.INFO,
        description=join_nonempty(
            row.get("description", ""),
            f"Steps to reproduce:\n{row['stepstoreproduce']}" if row.get("stepstoreproduce") else "",
            f"Prerequisites:\n{row['prerequisites']}" if row.get("prerequisites") else "",
            f"Criticality:\n{row['criticalityjustification']}" if row.get("criticalityjustification") else "",
            f"HTTP request:\n{row['httprequest']}" if row.get("httprequest") else "",
        )
        or title,
        remedy=row.get("suggestedfix", ""),
        location=url or None,
        published=parse_datetime(row.get("createdat")),
        active=state not in _CLOSED,
        details=drop_empty(
            {
                "token": row.get("token"),
                "refKey": row.get("refkey"),
                "type": row.get("type"),
                "tag": row.get("tag"),
                "status": state,
                "tools": row.get("toolsused"),
                "reportUrl": row.get("reporturl"),
                "researcher": row.get("reportedby"),
            }
        ),
    )
