"""Semgrep Pro / AppSec Platform findings JSON: what the Semgrep web API's findings search
(`GET /api/v1/deployments/{slug}/findings`) returns, saved to a file: {findings: [{id, rule_name, rule_message,
severity, confidence, state, status, triage_state, repository{name, url}, location{file_path, line, column,
end_line, end_column}, rule{name, message, cwe_names, owasp_names, vulnerability_classes}, assistant{autofix,
guidance}, line_of_code_url, ...}]}. A saved page with no findings is {"findings": []}.

The CLI report (`semgrep --json`, results[] of check_id/path/start/extra) is the `semgrep` format; this one is told
apart by its findings[] of rule_name/location.file_path. One finding per API finding (each has its own id).
Severity: the platform's critical / high / medium / low. The asset is the repository the finding names (CODE).
Findings the platform reports fixed, removed, ignored or muted (status, state or triage_state) are inactive:
counted, never imported as open.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._static_common import code_asset, drop_empty, location
from .semgrep import _cwes, _strings

_CLOSED = {"fixed", "removed", "ignored", "muted", "provisionally_ignored", "false_positive", "acceptable_risk"}


@register
class SemgrepPro(ReportFormat):
    id = "semgrep_pro"
    scan_types = ("Semgrep Pro JSON Report",)
    aliases = ("semgrep-pro", "semgrep-app", "semgrep-platform")
    default_asset_type = AssetType.CODE
    recognises = "Semgrep platform API findings[] with rule_name, location.file_path, severity"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("findings.item.rule_name", "findings.item.location.file_path"):
            return 0.9
        if sniff.has_paths("findings.item.rule.cwe_names", "findings.item.match_based_id"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        count = 0
        for item in iter_json(report, "findings.item"):
            count += 1
            yield _finding(ctx, report, item)
        if not count:
            require_list_member(report, ("findings",), "a Semgrep platform findings export")


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _closed(item: dict[str, Any]) -> str:
    for key in ("status", "state", "triage_state"):
        value = text(item.get(key)).lower()
        if value in _CLOSED:
            return f"{key} {value}"
    return ""


def _finding(ctx: ParseContext, report: ReportInput, item: Any) -> Finding:
    if not isinstance(item, dict) or not (item.get("rule_name") or isinstance(item.get("rule"), dict)):
        raise InvalidReport(f"{report.name}: a Semgrep platform finding has no rule_name or rule")
    rule = _obj(item.get("rule"))
    where = _obj(item.get("location"))
    repo = _obj(item.get("repository"))
    assistant = _obj(item.get("assistant"))
    guidance = _obj(assistant.get("guidance"))
    autofix = _obj(assistant.get("autofix"))
    name = text(item.get("rule_name")) or text(rule.get("name"))
    path = text(where.get("file_path"))
    line = where.get("line")
    fix = text(autofix.get("fix_code"))
    advice = text(guidance.get("summary"))
    status = _closed(item)
    return Finding(
        asset=code_asset(ctx, repo.get("name") or repo.get("url"), "semgrep"),
        name=name,
        severity=label(item.get("severity"), Severity.MEDIUM),
        description=text(item.get("rule_message")) or text(rule.get("message")) or name,
        remedy=advice or (f"Suggested fix:\n{fix}" if fix else "Review the code Semgrep flagged."),
        cwes=_cwes(rule.get("cwe_names")),
        location=location(path, line) or path or None,
        published=parse_datetime(item.get("created_at")),
        active=not status,
        details=drop_empty(
            {
                "id": text(item.get("id")),
                "path": path,
                "line": line,
                "endLine": where.get("end_line"),
                "url": text(item.get("line_of_code_url")),
                "confidence": text(item.get("confidence")),
                "owasp": _strings(rule.get("owasp_names")),
                "ref": text(item.get("ref")),
                "status": status,
            }
        ),
    )
