"""trufflehog3 JSON: a top-level array of hits. Current releases write {rule: {id, message, severity}, path, line,
secret, commit, ...}; older ones the TruffleHog 2 shape {path, reason, stringsFound, commitHash}. Old-shape hits are
folded per file and reason (one finding however many commits), as DefectDojo does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._static_common import (
    SECRET_REMEDY,
    drop_empty,
    location,
    mask_secret,
    repository_asset,
    secret_digest,
    strings_found_finding,
)


@register
class Trufflehog3(ReportFormat):
    id = "trufflehog3"
    scan_types = ("Trufflehog3 Scan",)
    aliases = ("trufflehog3",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of trufflehog3 hits: rule{id,message,severity}/path/secret, or path/reason/stringsFound"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.rule.id", "item.rule.message", "item.path") and sniff.has_any_path(
            "item.secret", "item.context"
        ):
            return 0.9
        # the old shape is shared with Rusty Hog, whose hits carry line numbers and file ids instead of a branch
        if sniff.has_paths("item.reason", "item.stringsFound", "item.path", "item.branch") and not sniff.has_any_path(
            "item.linenum", "item.new_line_num", "item.old_file_id"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        for item in iter_json(report, "item"):
            if not isinstance(item, dict):
                raise ValueError("a trufflehog3 report is an array of hit objects")
            if isinstance(item.get("rule"), dict):
                finding, key = _current(ctx, item)
            elif "reason" in item:
                finding, key = _legacy(ctx, item)
            else:
                raise ValueError("a hit has neither rule (trufflehog3) nor reason (legacy) fields")
            if key in seen:
                continue
            seen.add(key)
            yield finding


def _current(ctx: ParseContext, item: dict[str, Any]) -> tuple[Finding, tuple[str, ...]]:
    rule = item["rule"]
    rule_id = text(rule.get("id"))
    message = text(rule.get("message")) or rule_id or "secret"
    path = text(item.get("path"))
    secret = item.get("secret")
    commit = text(item.get("commit"))
    finding = Finding(
        asset=repository_asset(ctx, None, "trufflehog3"),
        name=f"Hard-coded secret: {message}",
        severity=label(rule.get("severity"), Severity.MEDIUM),
        description=f"trufflehog3 rule {rule_id} ({message}) matched a secret ({mask_secret(secret)}) in {path}"
        + (f" at commit {commit}." if commit else "."),
        remedy=SECRET_REMEDY,
        location=location(path, item.get("line")),
        published=parse_datetime(item.get("date")),
        details=drop_empty(
            {
                "ruleId": rule_id,
                "branch": text(item.get("branch")),
                "commit": commit,
                "author": text(item.get("author")),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
            }
        ),
    )
    return finding, (rule_id, path, text(item.get("line")), secret_digest(secret))


def _legacy(ctx: ParseContext, item: dict[str, Any]) -> tuple[Finding, tuple[str, ...]]:
    finding = strings_found_finding(ctx, item, "trufflehog3", "trufflehog3")
    path, reason = text(item.get("path")), text(item.get("reason")) or "secret"
    return finding, ("legacy", path, reason)
