"""cfn_nag (Stelligent) JSON: `cfn_nag_scan --input-path <dir|file> --output-format json` writes an array of
{filename, file_results{failure_count, violations[]}}; `cfn_nag --output-format json` (one template on stdin)
writes a single file_results object. A violation is {id (Fxx / Wxx), name, type (FAIL / WARN), message,
logical_resource_ids[], line_numbers[], element_types[]}.

cfn_nag lists only violations, never passed rules. Counting rule: one finding per violation and logical resource
it names (a rule broken by two resources is two findings, each at its own line); a violation naming no resource
is one finding. Severity: FAIL high, WARN medium. Asset: the template file (BUILD).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset, location

_TYPES = {"FAIL": Severity.HIGH, "WARN": Severity.MEDIUM}


@register
class CfnNag(ReportFormat):
    id = "cfn_nag"
    scan_types = ("cfn-nag Scan",)
    aliases = ("cfn-nag", "cfnnag")
    default_asset_type = AssetType.BUILD
    recognises = "cfn_nag JSON: [{filename, file_results{failure_count, violations[]}}] or one file_results object"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root == "array" and sniff.has_paths("item.filename", "item.file_results"):
            return 0.9
        if sniff.json_root == "object" and sniff.has_paths("failure_count", "violations"):
            return 0.8 if sniff.has_any_path("violations.item.logical_resource_ids") else 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        files = [{"filename": "", "file_results": doc}] if isinstance(doc, dict) else doc
        if not isinstance(files, list):
            raise InvalidReport(f"{report.name}: not a cfn_nag JSON report (an array of file results)")
        for entry in files:
            results = entry.get("file_results") if isinstance(entry, dict) else None
            if not isinstance(results, dict) or not isinstance(results.get("violations", []), list):
                raise InvalidReport(f"{report.name}: an entry has no file_results.violations: not a cfn_nag report")
            filename = text(entry.get("filename"))
            if not results.get("violations"):
                ctx.skip("template with no violation")
            for violation in results.get("violations") or []:
                if not isinstance(violation, dict) or "id" not in violation:
                    raise InvalidReport(f"{report.name}: a cfn_nag violation has no id")
                yield from _findings(ctx, filename, violation)


def _findings(ctx: ParseContext, filename: str, violation: dict[str, Any]) -> Iterator[Finding]:
    resources = [text(r) for r in violation.get("logical_resource_ids") or []] or [""]
    lines = violation.get("line_numbers") or []
    rule_id = text(violation["id"])
    message = text(violation.get("message"))
    kind = text(violation.get("type")).upper()
    for i, resource in enumerate(resources):
        line = lines[i] if i < len(lines) else (lines[0] if lines else None)
        yield Finding(
            asset=build_asset(ctx, filename, "cfn_nag"),
            name=f"{rule_id}: {message}" if message else rule_id,
            severity=_TYPES.get(kind, Severity.MEDIUM),
            description=f"{message}\n\nResource: {resource}" if resource else message or rule_id,
            location=" ".join(p for p in (location(filename, line), resource) if p) or None,
            details={
                k: v
                for k, v in {"rule": rule_id, "ruleName": text(violation.get("name")), "resource": resource}.items()
                if v
            },
        )
