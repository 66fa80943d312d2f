"""ESLint JSON (`eslint -f json`, ESLint 2.x to 9.x; what eslint-plugin-security and similar rule sets report): an
array with one entry per linted file {filePath, messages: [{ruleId, severity 1|2, message, line, column, endLine,
endColumn, nodeType, messageId?, fatal?, fix?, suggestions?}], suppressedMessages? (8.x+), errorCount,
fatalErrorCount? (7.x+), warningCount, fixableErrorCount, fixableWarningCount, source?, usedDeprecatedRules?}.
A run over no files is `[]`.

Told apart from secretlint's JSON, which is also an array of {filePath, messages}: ESLint entries carry the
errorCount/warningCount tallies and numeric severities; secretlint's carry sourceContentType and word severities.

One finding per message. Severity: 2 (error) high, 1 (warning) medium. Not findings, counted with ctx.skip: files
without messages, messages marked `fatal` (a file ESLint could not parse: no rule ran on it) and suppressed
messages (eslint-disable comments). The asset is the code base (CODE; the report does not name the project).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_list
from ._sca_common import text
from ._static_common import code_asset, drop_empty, location

_LEVELS = {2: Severity.HIGH, 1: Severity.MEDIUM, 0: Severity.INFO}


@register
class Eslint(ReportFormat):
    id = "eslint"
    scan_types = ("ESLint Scan",)
    aliases = ("eslint",)
    default_asset_type = AssetType.CODE
    recognises = "JSON array of files with filePath, messages[] and errorCount/warningCount tallies"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.filePath", "item.messages") and sniff.has_any_path(
            "item.errorCount", "item.warningCount", "item.fixableErrorCount"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "eslint")
        seen = 0
        for entry in iter_json(report, "item"):
            seen += 1
            if not isinstance(entry, dict) or "filePath" not in entry or not isinstance(entry.get("messages"), list):
                raise InvalidReport(f"{report.name}: an entry has no filePath and messages: not an ESLint report")
            yield from _file(ctx, report, asset, entry)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of ESLint results")


def _file(ctx: ParseContext, report: ReportInput, asset: Asset, entry: dict[str, Any]) -> Iterator[Finding]:
    path = text(entry["filePath"])
    messages = entry["messages"]
    suppressed = len(member_list(entry, "suppressedMessages"))
    if suppressed:
        ctx.skip("suppressed by an eslint-disable comment", suppressed)
    if not messages:
        ctx.skip("file without messages")
    for message in messages:
        if not isinstance(message, dict):
            raise InvalidReport(f"{report.name}: a message of {path!r} is not an object")
        if message.get("fatal") is True or not message.get("ruleId"):
            ctx.skip("file ESLint could not parse (fatal error, no rule ran)")
            continue
        yield _finding(asset, path, message)


def _finding(asset: Asset, path: str, message: dict[str, Any]) -> Finding:
    rule = text(message["ruleId"])
    line = message.get("line")
    severity = message.get("severity")
    return Finding(
        asset=asset,
        name=rule,
        severity=_LEVELS.get(severity, Severity.MEDIUM) if isinstance(severity, int) else Severity.MEDIUM,
        description=text(message.get("message")) or rule,
        remedy=f"Review the code the ESLint rule {rule} flagged"
        + (" (eslint --fix can correct it)." if message.get("fix") else "."),
        location=location(path, line) or path or None,
        details=drop_empty(
            {
                "rule": rule,
                "path": path,
                "line": line,
                "column": message.get("column"),
                "endLine": message.get("endLine"),
                "nodeType": text(message.get("nodeType")),
            }
        ),
    )
