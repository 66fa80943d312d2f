"""KICS (Checkmarx IaC scanner) JSON (`kics scan --report-formats json`, results.json, 1.x / 2.x): {kics_version,
files_scanned, lines_scanned, queries_total, severity_counters, total_counter, start, end, paths, queries:
[{query_name, query_id, query_url, severity, platform, cloud_provider?, category, experimental, description,
description_id, cwe?, files: [{file_name, similarity_id, line, resource_type, resource_name, issue_type,
search_key, search_line, expected_value, actual_value, remediation?}]}], bill_of_materials? (with --bom)}.

One finding per file entry of a query, folded on query, file, line, issue type and values (DefectDojo folds the
same). Severity is the query's (CRITICAL in 2.x, HIGH, MEDIUM, LOW, INFO). The asset is the scanned file (BUILD).
Bill-of-materials entries (severity TRACE) are an inventory, not findings, and are counted with ctx.skip. A clean
scan has queries: []; a document without a queries list is refused.
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


@register
class Kics(ReportFormat):
    id = "kics"
    scan_types = ("KICS Scan",)
    aliases = ("kics",)
    default_asset_type = AssetType.BUILD
    recognises = "JSON object with queries[] (query_name, query_id, files[]) and KICS counters (queries_total, ...)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.has_paths("queries"):
            return 0.0
        if sniff.has_paths("queries.item.query_id", "queries.item.files"):
            return 0.9
        if sniff.has_any_path("queries_total", "files_scanned") and sniff.has_any_path(
            "severity_counters", "total_counter"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        count = 0
        for query in iter_json(report, "queries.item"):
            count += 1
            if not isinstance(query, dict) or "query_name" not in query:
                raise ValueError("a KICS query has no query_name")
            if text(query.get("severity")).upper() == "TRACE":
                ctx.skip("bill of materials entry", max(1, len(query.get("files") or [])))
                continue
            for entry in query.get("files") or []:
                key = (
                    text(query.get("query_id")),
                    text(entry.get("file_name")),
                    text(entry.get("line")),
                    text(entry.get("issue_type")),
                    text(entry.get("expected_value")),
                    text(entry.get("actual_value")),
                )
                if key not in seen:
                    seen.add(key)
                    yield _finding(ctx, query, entry)
                else:
                    ctx.skip("same result again")
        if not count:
            doc = load_json(report)
            if not (isinstance(doc, dict) and "queries" in doc and doc["queries"] in (None, [])):
                raise InvalidReport(f"{report.name}: no queries list: not a KICS JSON report")


def _finding(ctx: ParseContext, query: dict[str, Any], entry: dict[str, Any]) -> Finding:
    path = text(entry.get("file_name"))
    expected = text(entry.get("expected_value"))
    actual = text(entry.get("actual_value"))
    parts = [text(query.get("description")) or text(query.get("query_name"))]
    if actual:
        parts.append(f"Actual: {actual}")
    if expected:
        parts.append(f"Expected: {expected}")
    url = text(query.get("query_url"))
    return Finding(
        asset=build_asset(ctx, path, "kics"),
        name=text(query.get("query_name")),
        severity=label(query.get("severity"), Severity.MEDIUM),
        description="\n".join(parts),
        remedy=expected or (f"See {url}" if url else "Fix the configuration flagged by KICS."),
        location=location(path, entry.get("line")) or path,
        details=drop_empty(
            {
                "queryId": text(query.get("query_id")),
                "queryUrl": url,
                "platform": text(query.get("platform")),
                "category": text(query.get("category")),
                "issueType": text(entry.get("issue_type")),
                "searchKey": text(entry.get("search_key")),
                "similarityId": text(entry.get("similarity_id")),
            }
        ),
    )
