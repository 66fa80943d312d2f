"""Talisman (ThoughtWorks' pre-commit/pre-push secret guard) scan report JSON, as `talisman --scan` writes it to
talisman_report/talisman_reports/data/report.json (1.x):

    {"summary": {"types": {"filecontent", "filesize", "filename", "warnings", "ignores"}},
     "results": [{"filename": "README.md",
                  "failure_list": [{"type": "filecontent|filename|filesize", "message", "commits": [..],
                                    "severity": "low|medium|high"}],
                  "warning_list": [...the same...], "ignore_list": [...the same...]}]}

One finding per file and detection type (file content, file name, file size), folding that file's failures and
warnings (detections under the severity threshold) of the type; its severity is the highest of them. Entries of
`ignore_list` (silenced by .talismanrc) are counted as skipped. Talisman's file-content messages quote the matched
text ("Potential secret pattern : aws_secret=..."): only the message kind and digests of the matches are kept. The
asset is the REPOSITORY scanned (not named: a per-tool placeholder). `results: []` is a clean scan.
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
from ._json_fields import member_list
from ._sca_common import text, unique
from ._static_common import SECRET_REMEDY, drop_empty, repository_asset, secret_digest

_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
_TITLES = {
    "filecontent": "Potential secret in file content",
    "filename": "File name matches a sensitive-file pattern",
    "filesize": "File larger than the size limit",
}


@register
class Talisman(ReportFormat):
    id = "talisman"
    scan_types = ("Talisman Scan",)
    aliases = ("talisman",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON with summary.types and results[] of filename/failure_list/warning_list/ignore_list"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("results.item.filename", "results.item.failure_list"):
            return 0.95
        if sniff.has_any_path("summary.types.filecontent", "summary.types.filename") and sniff.has_any_path(
            "summary.types.ignores", "summary.types.filesize"
        ):
            return 0.9  # a clean scan: Talisman's summary counters
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for result in iter_json(report, "results.item"):
            seen += 1
            if not isinstance(result, dict) or "filename" not in result:
                raise InvalidReport(f"{report.name}: a result has no filename: not a Talisman report")
            ignored = member_list(result, "ignore_list")
            if ignored:
                ctx.skip("ignored by .talismanrc", len(ignored))
            groups: dict[str, list[dict[str, Any]]] = {}
            for entry in member_list(result, "failure_list") + member_list(result, "warning_list"):
                if isinstance(entry, dict):
                    groups.setdefault(text(entry.get("type")) or "filecontent", []).append(entry)
            for kind, entries in groups.items():
                yield _finding(ctx, text(result.get("filename")), kind, entries)
        if not seen:
            doc = load_json(report)  # no results: small
            if not isinstance(doc, dict) or not isinstance(doc.get("results", []), list) or "summary" not in doc:
                raise InvalidReport(f"{report.name}: no `results` list: not a Talisman report")


def _finding(ctx: ParseContext, path: str, kind: str, entries: list[dict[str, Any]]) -> Finding:
    severity = max((label(e.get("severity"), Severity.MEDIUM) for e in entries), key=_ORDER.index)
    content = kind == "filecontent"
    messages = [text(e.get("message")) for e in entries]
    # "Potential secret pattern : <match>": the words before the colon say what kind, the rest is the secret
    kinds = unique(m.split(":", 1)[0].strip() for m in messages) if content else unique(messages)
    commits = unique(c for e in entries for c in member_list(e, "commits"))
    return Finding(
        asset=repository_asset(ctx, None, "talisman"),
        name=_TITLES.get(kind, f"Talisman {kind} check failed"),
        severity=severity,
        description=f"Talisman flagged {path} ({len(entries)} detection(s)): " + "; ".join(kinds),
        remedy=SECRET_REMEDY if content else "Remove the file from the repository or allow it in .talismanrc.",
        location=path or None,
        details=drop_empty(
            {
                "type": kind,
                "file": path,
                "commits": commits[:50],
                "matchDigests": [secret_digest(m) for m in messages] if content else [],
            }
        ),
    )
