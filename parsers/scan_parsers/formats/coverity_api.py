"""Coverity Connect REST API issue search, saved to a file: the response of `POST /api/v2/issues/search` (Coverity
Connect 2020.x and later): {viewContentsV1: {offset, totalRows, columns: [{name, label}], rows: [{cid,
displayType, displayImpact, status, firstDetected, owner, classification, severity, action, displayComponent,
displayCategory, displayFile, displayFunction, displayIssueKind, lastDetected, checker, occurrenceCount, cwe,
...}]}}. The columns are the view's, so any may be missing. A search with no match has an empty rows list.

One finding per CID, as DefectDojo imports them: issues of kind Security (or Various, both kinds) and Quality
issues in the "Resource leaks" category; the other Quality issues (null dereferences, unused values, ...) are not
security findings and are counted with ctx.skip. Severity is the checker's impact (High, Medium, Low; Audit info);
the `severity` column is a site-defined triage attribute and is only kept in details. Issues whose status is
Dismissed or Fixed are inactive, with the status and classification in details["status"]. The asset is the code
base (CODE, the view does not name the stream or project).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._static_common import code_asset, drop_empty

_SECURITY_KINDS = {"security", "various"}
_CLOSED = {"dismissed", "fixed"}


@register
class CoverityApi(ReportFormat):
    id = "coverity_api"
    scan_types = ("Coverity API",)
    aliases = ("coverity-connect", "coverity-api")
    default_asset_type = AssetType.CODE
    recognises = "Coverity Connect v2 issues search JSON: viewContentsV1{columns[], rows[] of cid/checker}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("viewContentsV1.rows") and sniff.has_any_path(
            "viewContentsV1.columns.item.name", "viewContentsV1.rows.item.cid"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "coverity")
        count = 0
        for row in iter_json(report, "viewContentsV1.rows.item"):
            count += 1
            if not isinstance(row, dict) or not (row.get("cid") or row.get("checker")):
                raise InvalidReport(f"{report.name}: a Coverity issue row has neither cid nor checker")
            if not _security_relevant(row):
                ctx.skip("quality issue other than a resource leak")
                continue
            yield _finding(asset, row)
        if not count:
            doc = load_json(report)
            view = doc.get("viewContentsV1") if isinstance(doc, dict) else None
            if not isinstance(view, dict) or not isinstance(view.get("rows"), list):
                raise InvalidReport(f"{report.name}: no viewContentsV1.rows list: not a Coverity Connect issue search")
            columns = view.get("columns")
            if isinstance(columns, list) and columns:
                # an empty view still lists its columns; they describe the view, they are not issues
                ctx.skip("column definition of an issue view without rows", len(columns))


def _security_relevant(row: dict[str, Any]) -> bool:
    kind = text(row.get("displayIssueKind")).lower()
    if kind in _SECURITY_KINDS:
        return True
    return text(row.get("displayCategory")).lower() == "resource leaks"


def _date(value: Any) -> datetime | None:
    # the view shows dates as MM/DD/YY; other locales' views write ISO dates
    try:
        return datetime.strptime(text(value), "%m/%d/%y").replace(tzinfo=UTC)
    except ValueError:
        return parse_datetime(value)


def _finding(asset: Asset, row: dict[str, Any]) -> Finding:
    cid = text(row.get("cid"))
    checker = text(row.get("checker"))
    kind = text(row.get("displayType")) or checker
    impact = text(row.get("displayImpact")).lower()
    status = text(row.get("status"))
    classification = text(row.get("classification"))
    closed = status.lower() in _CLOSED
    cwe = text(row.get("cwe"))
    return Finding(
        asset=asset,
        name=kind,
        severity=Severity.INFO if impact == "audit" else label(impact, Severity.MEDIUM),
        description=" / ".join(
            p for p in (kind, text(row.get("displayCategory")), text(row.get("displayFunction"))) if p
        ),
        remedy=f"See CID {cid} in Coverity Connect and fix the code the {checker or 'Coverity'} checker flagged.",
        cwes=[f"CWE-{cwe}"] if cwe.isdigit() and cwe != "0" else [],
        location=text(row.get("displayFile")) or None,
        published=_date(row.get("firstDetected")),
        active=not closed,
        details=drop_empty(
            {
                "cid": cid,
                "checker": checker,
                "category": text(row.get("displayCategory")),
                "issueKind": text(row.get("displayIssueKind")),
                "function": text(row.get("displayFunction")),
                "component": text(row.get("displayComponent")),
                "triageSeverity": text(row.get("severity")),
                "action": text(row.get("action")),
                "occurrences": row.get("occurrenceCount"),
                "status": f"{status.lower()} ({classification})"
                if closed and classification
                else status.lower()
                if closed
                else "",
            }
        ),
    )
