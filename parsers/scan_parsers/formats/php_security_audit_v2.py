"""phpcs-security-audit v2 (FloeDesignTechnologies/phpcs-security-audit): PHP_CodeSniffer's JSON report
(`phpcs --standard=Security --report=json`) with the Security standard's sniffs.

Layout (PHP_CodeSniffer 3.x JSON report): {totals {errors, warnings, fixable}, files {<path>: {errors, warnings,
messages[] of {message, source, severity (1-10), fixable, type (ERROR | WARNING), line, column}}}}. The sniffs
of the standard are named Security.<Category>.<Sniff>.<Code> (v2) or PHPCS_SecurityAudit.<...> (v1 and some v2
installs).

One finding per message (each is one flagged line). Severity: ERROR = HIGH, WARNING = MEDIUM; a message below
PHP_CodeSniffer's default severity 5 is one level lower. The asset is the scanned code base (CODE, a placeholder:
the report names files, not the project); the file and line are the location. Files without messages are counted
as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json_members, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import objs
from ._sca_common import text
from ._static_common import code_asset, drop_empty, location

_LOWER = {Severity.HIGH: Severity.MEDIUM, Severity.MEDIUM: Severity.LOW}


@register
class PhpSecurityAuditV2(ReportFormat):
    id = "php_security_audit_v2"
    scan_types = ("PHP Security Audit v2",)
    aliases = ("phpcs-security-audit", "phpcs-security")
    default_asset_type = AssetType.CODE
    recognises = "phpcs --standard=Security --report=json: totals, files{path: {messages[] of Security.* sources}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "files" not in sniff.json_top_keys:
            return 0.0
        if not sniff.has_any_path("totals.errors", "totals.warnings"):
            return 0.0
        text_ = sniff.text.replace(" ", "")
        if '"source":"Security.' in text_ or '"source":"PHPCS_SecurityAudit.' in text_:
            return 0.9
        return 0.4  # a PHP_CodeSniffer report of another standard, or a clean security scan

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "phpcs-security-audit"
        asset = code_asset(ctx, None, "phpcs-security-audit")
        seen_file = False
        for path, entry in iter_json_members(report, "files"):
            seen_file = True
            if not isinstance(entry, dict) or not isinstance(entry.get("messages", []), list):
                raise InvalidReport(f"{report.name}: file {path} has no `messages` list: not a PHP_CodeSniffer report")
            messages = objs(entry.get("messages"))
            if not messages:
                ctx.skip("file without issues")
            for msg in messages:
                yield _finding(asset, str(path), msg)
        if not seen_file:
            data = load_json(report)  # nothing streamed: the document is small; it must still be a phpcs report
            if not isinstance(data, dict) or not isinstance(data.get("files"), dict | list) or "totals" not in data:
                raise InvalidReport(f"{report.name}: no `files` and `totals`: not a PHP_CodeSniffer JSON report")


def _finding(asset: Asset, path: str, msg: dict[str, Any]) -> Finding:
    source = text(msg.get("source"))
    message = text(msg.get("message")) or source
    severity = Severity.HIGH if text(msg.get("type")).upper() == "ERROR" else Severity.MEDIUM
    try:
        if int(msg.get("severity", 5)) < 5:
            severity = _LOWER.get(severity, severity)
    except (TypeError, ValueError):
        pass
    rule = source.rsplit(".", 2)[-2] if source.count(".") >= 2 else source
    return Finding(
        asset=asset,
        name=f"{rule}: {message}"[:255] if rule else message[:255],
        severity=severity,
        description=message + (f"\n\nSniff: {source}" if source else ""),
        remedy="Review the flagged code and validate, escape or replace the construct the sniff reports.",
        location=location(path, msg.get("line")) or path,
        details=drop_empty(
            {
                "source": source,
                "type": text(msg.get("type")),
                "phpcsSeverity": msg.get("severity"),
                "column": msg.get("column"),
                "fixable": msg.get("fixable") or None,
            }
        ),
    )
