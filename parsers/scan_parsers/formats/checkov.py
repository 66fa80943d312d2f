"""Checkov (IaC and SCA scanner) JSON (`checkov -o json`, 1.x-3.x): one report object {check_type, results:
{passed_checks, failed_checks, skipped_checks, parsing_errors}, summary: {passed, failed, skipped, parsing_errors,
resource_count, checkov_version}} or an array of them (one per framework: terraform, kubernetes, dockerfile,
secrets, sca_package, ...); when nothing was scanned checkov prints the summary object alone.

One finding per failed check (SCA package checks included: their vulnerability_details carry the CVE data).
Severity is the check's severity (set only with a Prisma Cloud API key; else medium). The asset is the scanned file
(BUILD). Passed checks and skipped checks (`checkov:skip` suppressions, --skip-check) are counted with ctx.skip
from the summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text
from ._static_common import build_asset, drop_empty, location


@register
class Checkov(ReportFormat):
    id = "checkov"
    scan_types = ("Checkov Scan",)
    aliases = ("checkov",)
    default_asset_type = AssetType.BUILD
    recognises = "JSON object (or array of them) with check_type, results.failed_checks[] and summary.checkov_version"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        prefix = "item." if sniff.json_root == "array" else ""
        if sniff.has_paths(f"{prefix}check_type", f"{prefix}results") and sniff.has_any_path(
            f"{prefix}summary.checkov_version", f"{prefix}results.failed_checks", f"{prefix}results.passed_checks"
        ):
            return 0.9
        # what checkov prints when nothing was scanned: the summary alone
        if sniff.json_root == "object" and sniff.has_paths("checkov_version", "failed", "passed"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json":
            raise ValueError("a checkov report is a JSON document")
        base = "item." if head.json_root == "array" else ""
        for check in iter_json(report, f"{base}results.failed_checks.item"):
            if not isinstance(check, dict) or "check_id" not in check:
                raise ValueError("a failed check has no check_id")
            yield _finding(ctx, check)
        summaries = list(iter_json(report, f"{base}summary"))
        if not summaries and head.json_root == "object" and "checkov_version" in head.json_top_keys:
            return  # the summary alone: nothing was scanned
        if not summaries and not any(True for _ in iter_json(report, f"{base}results")):
            raise ValueError("no results nor summary: not a checkov report")
        for summary in summaries:
            if isinstance(summary, dict):
                for field, reason in (("passed", "check passed"), ("skipped", "check skipped (suppressed)")):
                    n = summary.get(field)
                    if isinstance(n, int) and n > 0:
                        ctx.skip(reason, n)


def _finding(ctx: ParseContext, check: dict[str, Any]) -> Finding:
    check_id = text(check.get("check_id"))
    name = text(check.get("check_name")) or check_id
    path = text(check.get("file_path"))
    lines = check.get("file_line_range") or []
    resource = text(check.get("resource"))
    guideline = text(check.get("guideline"))
    description = text(check.get("description")) or name
    return Finding(
        asset=build_asset(ctx, path, "checkov"),
        name=f"{check_id}: {name}" if check_id and name != check_id else name,
        severity=label(check.get("severity"), Severity.MEDIUM),
        description=description + (f"\n\nResource: {resource}" if resource else ""),
        remedy=f"See {guideline}" if guideline else f"Fix the resource so that check {check_id} passes.",
        cwes=[c for c in (cwe_id(v) for v in _cwes(check)) if c],
        location=location(path, lines[0] if isinstance(lines, list) and lines else None) or path,
        details=drop_empty(
            {
                "checkId": check_id,
                "resource": resource,
                "lineRange": lines,
                "checkClass": text(check.get("check_class")),
                "guideline": guideline,
                "bcCheckId": text(check.get("bc_check_id")),
            }
        ),
    )


def _cwes(check: dict[str, Any]) -> list[Any]:
    value = check.get("cwe") or (check.get("vulnerability_details") or {}).get("cwe")
    if isinstance(value, list):
        return value
    return [value] if value else []
