"""CodeChecker JSON (`CodeChecker parse --export json <results>`, report format version 1, CodeChecker 6.17+):
{version: 1, reports: [{file{id, path, original_path}, line, column, message, checker_name, severity,
report_hash, analyzer_name, category, type, review_status, detection_status?, source_code_comments,
bug_path_events, notes, macro_expansions, ...}]}. A clean run is {"version": 1, "reports": []}: that exact pair
of members is CodeChecker's, so it is claimed even when empty.

One finding per report. Severity is the checker's CodeChecker severity: CRITICAL, HIGH, MEDIUM, LOW as named,
STYLE and UNSPECIFIED info. Reports reviewed false_positive, intentional or suppressed, and reports whose
detection_status is resolved or off, are inactive: counted, never imported as open. The asset is the code base
(CODE; the export does not name the project, so reports share a placeholder).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import code_asset, drop_empty, location

_SEVERITY = {"style": Severity.INFO, "unspecified": Severity.INFO}
_REVIEWED_AWAY = {"false_positive", "intentional", "suppressed"}
_GONE = {"resolved", "off"}


@register
class CodeChecker(ReportFormat):
    id = "codechecker"
    scan_types = ("Codechecker Report native",)
    aliases = ("codechecker",)
    default_asset_type = AssetType.CODE
    recognises = "CodeChecker parse --export json: {version, reports[] of checker_name/analyzer_name/report_hash}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("reports.item.checker_name", "reports.item.file.path") and sniff.has_any_path(
            "reports.item.analyzer_name", "reports.item.report_hash", "reports.item.bug_path_events"
        ):
            return 0.9
        if set(sniff.json_top_keys) == {"version", "reports"} and not sniff.has_any_path("reports.item"):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "codechecker")
        count = 0
        for item in iter_json(report, "reports.item"):
            count += 1
            yield _finding(report, asset, item)
        if not count:
            require_list_member(report, ("reports",), "a CodeChecker JSON export")


def _status(item: dict[str, Any]) -> str:
    review = text(item.get("review_status")).lower()
    if review in _REVIEWED_AWAY:
        return f"reviewed {review}"
    detection = text(item.get("detection_status")).lower()
    if detection in _GONE:
        return f"detection {detection}"
    return ""


def _finding(report: ReportInput, asset: Asset, item: Any) -> Finding:
    if not isinstance(item, dict) or not item.get("checker_name"):
        raise InvalidReport(f"{report.name}: a CodeChecker report has no checker_name")
    checker = text(item["checker_name"])
    file_ = item.get("file")
    where: dict[str, Any] = file_ if isinstance(file_, dict) else {}
    path = text(where.get("original_path")) or text(where.get("path"))
    line = item.get("line")
    word = text(item.get("severity")).lower()
    status = _status(item)
    message = text(item.get("message"))
    return Finding(
        asset=asset,
        name=f"{checker}: {message}"[:255] if message else checker,
        severity=_SEVERITY.get(word) or label(word, Severity.INFO),
        description=message or checker,
        remedy=f"Review the code the {text(item.get('analyzer_name')) or 'CodeChecker'} checker {checker} flagged.",
        location=location(path, line) or None,
        active=not status,
        details=drop_empty(
            {
                "checker": checker,
                "analyzer": text(item.get("analyzer_name")),
                "category": text(item.get("category")),
                "reportHash": text(item.get("report_hash")),
                "path": path,
                "line": line,
                "column": item.get("column"),
                "reviewStatus": text(item.get("review_status")),
                "status": status,
            }
        ),
    )
