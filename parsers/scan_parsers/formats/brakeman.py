"""Brakeman (Ruby on Rails static analysis) JSON (`brakeman -f json`, 3.x to 6.x): {scan_info{app_path,
rails_version, security_warnings, checks_performed, brakeman_version, ...}, warnings: [{warning_type, warning_code,
fingerprint, check_name, message, file, line, link, code, render_path, location, user_input, confidence, cwe_id?}],
ignored_warnings: [...], errors: [...], obsolete: [...]}. A clean scan has an empty warnings list.

One finding per warning. Brakeman has no severity, only a confidence (High, Medium, Weak), which is mapped to
high, medium and low as Brakeman's own reports rank warnings by it. Warnings silenced in brakeman.ignore
(`ignored_warnings`) are counted with ctx.skip. The asset is the Rails application (CODE, scan_info.app_path).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import text, unique
from ._static_common import code_asset, drop_empty, location

_CONFIDENCE = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "weak": Severity.LOW, "low": Severity.LOW}


@register
class Brakeman(ReportFormat):
    id = "brakeman"
    scan_types = ("Brakeman Scan",)
    aliases = ("brakeman",)
    default_asset_type = AssetType.CODE
    recognises = "brakeman -f json: scan_info{app_path, checks_performed} and warnings[] of warning_type/check_name"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("warnings.item.warning_type", "warnings.item.check_name"):
            return 0.9
        if sniff.has_paths("scan_info.app_path", "scan_info.checks_performed", "warnings"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        asset = code_asset(ctx, head.json_string("scan_info.app_path"), "brakeman")
        count = 0
        for item in iter_json(report, "warnings.item"):
            count += 1
            yield _finding(report, asset, item)
        if not count:
            require_list_member(report, ("warnings",), "a Brakeman JSON report")
        ignored = sum(1 for _ in iter_json(report, "ignored_warnings.item"))
        if ignored:
            ctx.skip("ignored in brakeman.ignore", ignored)


def _finding(report: ReportInput, asset: Asset, item: Any) -> Finding:
    if not isinstance(item, dict) or not (item.get("warning_type") or item.get("check_name")):
        raise InvalidReport(f"{report.name}: a Brakeman warning has no warning_type")
    kind = text(item.get("warning_type")) or text(item.get("check_name"))
    message = text(item.get("message"))
    path, line = text(item.get("file")), item.get("line")
    code = text(item.get("code"))
    link = text(item.get("link"))
    cwe = item.get("cwe_id")
    cwes = unique(f"CWE-{c}" for c in (cwe if isinstance(cwe, list) else [cwe]) if isinstance(c, int))
    return Finding(
        asset=asset,
        name=kind,
        severity=_CONFIDENCE.get(text(item.get("confidence")).lower(), Severity.MEDIUM),
        description=message + (f"\n\nCode: {code}" if code else "") or kind,
        remedy=f"See {link}" if link else "Review the code Brakeman flagged.",
        cwes=cwes,
        location=location(path, line) or None,
        details=drop_empty(
            {
                "checkName": text(item.get("check_name")),
                "warningCode": item.get("warning_code"),
                "fingerprint": text(item.get("fingerprint")),
                "path": path,
                "line": line,
                "confidence": text(item.get("confidence")),
                "userInput": text(item.get("user_input")),
                "link": link,
            }
        ),
    )
