"""Bandit (Python SAST) JSON (`bandit -f json`, every 1.x release): {errors, generated_at, metrics{<file>,
_totals}, results: [{test_id, test_name, filename, line_number, line_range, issue_severity, issue_confidence,
issue_text, code, more_info (1.5+), issue_cwe{id, link} (1.7.3+), col_offset / end_col_offset (1.7.5+)}]}.

One finding per result (DefectDojo folds none either). Severity is bandit's issue_severity (HIGH / MEDIUM / LOW;
UNDEFINED medium); the confidence is kept in details. The asset is the scanned code base (CODE placeholder:
bandit names no project). `# nosec` lines never reach `results` (bandit counts them in metrics only); a clean
scan is `results: []`. A document without a results list is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text
from ._static_common import code_asset, drop_empty, location


@register
class Bandit(ReportFormat):
    id = "bandit"
    scan_types = ("Bandit Scan",)
    aliases = ("bandit",)
    default_asset_type = AssetType.CODE
    recognises = "JSON object with results[] of test_id/issue_severity/issue_confidence and metrics._totals"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("results.item.test_id", "results.item.issue_severity", "results.item.issue_confidence"):
            return 0.9
        # a clean scan, or one whose per-file metrics fill the whole head: bandit's own metrics keys
        if {"generated_at", "metrics"} <= set(sniff.json_top_keys) and any(
            p.startswith("metrics.") and p.endswith(".CONFIDENCE.HIGH") for p in sniff.json_paths
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        count = 0
        for item in iter_json(report, "results.item"):
            count += 1
            if not isinstance(item, dict) or "test_id" not in item:
                raise ValueError("a bandit result has no test_id")
            yield _finding(ctx, item)
        if not count:
            require_list_member(report, ("results",), "a bandit JSON report")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    test_id = text(item.get("test_id"))
    test_name = text(item.get("test_name"))
    issue = text(item.get("issue_text"))
    path = text(item.get("filename"))
    cwe = item.get("issue_cwe")
    cwe_value = cwe.get("id") if isinstance(cwe, dict) else None
    code = text(item.get("code"))
    more_info = text(item.get("more_info"))
    return Finding(
        asset=code_asset(ctx, None, "bandit"),
        name=f"{test_id}: {test_name}" if test_name else test_id,
        severity=label(item.get("issue_severity"), Severity.MEDIUM),
        description=issue + (f"\n\nCode:\n{code}" if code else "") if issue else test_name or test_id,
        remedy=f"See {more_info}" if more_info else "Review the code flagged by bandit.",
        cwes=[c for c in [cwe_id(cwe_value)] if c and c != "CWE-0"],
        location=location(path, item.get("line_number")) or path,
        details=drop_empty(
            {
                "testId": test_id,
                "confidence": text(item.get("issue_confidence")),
                "lineRange": item.get("line_range"),
                "moreInfo": more_info,
            }
        ),
    )
