"""Secretlint JSON, as `secretlint --format json` writes it (v3 to v9): an array with one entry per linted file

    [{"filePath": "/src/app/aws-config.ini", "sourceContent": <the whole file>, "sourceContentType": "text",
      "messages": [{"type": "message", "ruleId": "@secretlint/secretlint-rule-aws", "ruleParentId"?,
                    "messageId": "AWSSecretAccessKey", "message": "found AWS Secret Access Key: ****",
                    "range": [29, 69], "loc": {"start": {"line", "column"}, "end": {...}},
                    "severity": "error|warning|info", "docsUrl", "data": {"KEY": "****"}}]}]

One finding per message (a secret a rule found in a file), at the file and start line. Files without messages
are counted as skipped. Secretlint masks secrets in `message` and `data` by default but not with
`--no-maskSecrets`, and `sourceContent` is the file itself: sourceContent is never read, and every `data` value is
masked wherever it appears in the message. Severity: error high, warning medium, info low. The asset is the
REPOSITORY scanned (not named: a per-tool placeholder). ESLint's JSON (filePath/messages with numeric severity and
errorCount) is a different tool and is not claimed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import text
from ._static_common import SECRET_REMEDY, drop_empty, location, mask_secret, repository_asset, secret_digest

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "info": Severity.LOW}


@register
class Secretlint(ReportFormat):
    id = "secretlint"
    scan_types = ("Secretlint Scan",)
    aliases = ("secretlint",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of files with filePath, sourceContentType and messages[] of @secretlint rules"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if not sniff.has_paths("item.filePath", "item.messages") or sniff.has_any_path("item.errorCount"):
            return 0.0
        if sniff.has_any_path("item.sourceContentType") or sniff.contains('"@secretlint/'):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for entry in iter_json(report, "item"):
            seen += 1
            if not isinstance(entry, dict) or "filePath" not in entry or not isinstance(entry.get("messages"), list):
                raise InvalidReport(f"{report.name}: an entry has no filePath and messages: not a secretlint report")
            if not entry["messages"]:
                ctx.skip("file without secrets")
            for message in entry["messages"]:
                if not isinstance(message, dict):
                    raise InvalidReport(f"{report.name}: a message of {entry['filePath']!r} is not an object")
                yield _finding(ctx, text(entry.get("filePath")), message)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of secretlint results")


def _finding(ctx: ParseContext, path: str, message: dict[str, Any]) -> Finding:
    data = member_dict(message, "data")
    values = sorted((text(v) for v in data.values() if text(v)), key=len, reverse=True)
    shown = text(message.get("message"))
    for value in values:
        if value.strip("*"):  # already masked by secretlint when only stars
            shown = shown.replace(value, mask_secret(value))
    rule = text(message.get("ruleId"))
    kind = text(message.get("messageId")) or rule.rsplit("secretlint-rule-", 1)[-1] or "secret"
    start = member_dict(member_dict(message, "loc"), "start")
    docs = text(message.get("docsUrl"))
    return Finding(
        asset=repository_asset(ctx, None, "secretlint"),
        name=f"Hard-coded secret: {kind}",
        severity=_LEVELS.get(text(message.get("severity")).lower(), Severity.HIGH),
        description=f"{shown or kind} in {path}.",
        remedy=SECRET_REMEDY + (f" See {docs}" if docs else ""),
        location=location(path, start.get("line")) or path or None,
        details=drop_empty(
            {
                "ruleId": rule,
                "messageId": text(message.get("messageId")),
                "file": path,
                "range": member_list(message, "range"),
                "secretDigest": secret_digest("\n".join(values)) if values else "",
            }
        ),
    )
