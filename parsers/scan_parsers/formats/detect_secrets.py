"""Yelp detect-secrets baseline JSON, as `detect-secrets scan > .secrets.baseline` writes it (1.x; 0.x the same
results map with `exclude` / `word_list` members instead of `filters_used`):

    {"version": "1.4.0", "plugins_used": [{"name": "AWSKeyDetector"}, ...], "filters_used": [...],
     "results": {"<file>": [{"type": "Secret Keyword", "filename": "<file>", "hashed_secret": "<sha1>",
                             "is_verified": false, "line_number": 12, "is_secret"?: false}]},
     "generated_at": "2021-05-19T10:45:24Z"}

One finding per potential secret; the baseline never holds the secret itself, only its SHA-1 (kept as the
identity). Entries audited as not a secret (`is_secret: false`, set by `detect-secrets audit`) are counted as
skipped. Severity is high, critical when detect-secrets verified the secret as live. The asset is the REPOSITORY
scanned (the baseline does not name it: a per-tool placeholder). A baseline with an empty `results` map is a clean
scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json_members, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import SECRET_REMEDY, drop_empty, location, repository_asset


@register
class DetectSecrets(ReportFormat):
    id = "detect_secrets"
    scan_types = ("Detect-secrets Scan",)
    aliases = ("detect-secrets", "secrets-baseline")
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON baseline with plugins_used[] and a results map of file -> [{type, hashed_secret, line_number}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        if "plugins_used" in keys and sniff.has_any_path("plugins_used.item.name"):
            return 0.95
        if any(p.startswith("results.") and p.endswith(".item.hashed_secret") for p in sniff.json_paths):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        files = 0
        for path, entries in iter_json_members(report, "results"):
            files += 1
            if not isinstance(entries, list):
                raise InvalidReport(f"{report.name}: results[{path!r}] is not a list of potential secrets")
            for entry in entries:
                if not isinstance(entry, dict) or "type" not in entry:
                    raise InvalidReport(f"{report.name}: a potential secret in {path!r} has no type")
                if entry.get("is_secret") is False:
                    ctx.skip("audited: not a secret")
                    continue
                yield _finding(ctx, str(path), entry)
        if not files:
            doc = load_json(report)  # no results: the baseline is small
            if not isinstance(doc, dict) or not isinstance(doc.get("results"), dict):
                raise InvalidReport(f"{report.name}: no `results` map: not a detect-secrets baseline")


def _finding(ctx: ParseContext, path: str, entry: dict[str, Any]) -> Finding:
    kind = text(entry.get("type")) or "secret"
    path = text(entry.get("filename")) or path
    verified = entry.get("is_verified") is True
    return Finding(
        asset=repository_asset(ctx, None, "detect-secrets"),
        name=f"Hard-coded secret: {kind}",
        severity=Severity.CRITICAL if verified else Severity.HIGH,
        description=f"detect-secrets found a potential {kind} in {path}"
        + (" and verified that it is live." if verified else "."),
        remedy=SECRET_REMEDY,
        location=location(path, entry.get("line_number")) or path,
        details=drop_empty(
            {
                "type": kind,
                "file": path,
                "line": entry.get("line_number"),
                "hashedSecret": text(entry.get("hashed_secret")),
                "verified": verified or None,
            }
        ),
    )
