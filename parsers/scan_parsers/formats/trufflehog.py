"""TruffleHog JSON Lines: one secret per line. Version 3 (`--json`: SourceMetadata, DetectorName, Verified, Raw)
and version 2 (path, reason, stringsFound, commitHash). A v3 finding is one detector hit at one file, line and
commit; v2 hits are folded per file and reason, as DefectDojo does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json_lines, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
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
class Trufflehog(ReportFormat):
    id = "trufflehog"
    scan_types = ("Trufflehog Scan",)
    aliases = ("trufflehog",)
    default_asset_type = AssetType.REPOSITORY
    recognises = (
        "JSON Lines of TruffleHog results: SourceMetadata/DetectorName/Verified (v3) or path/reason/stringsFound"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("json", "jsonl") or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("SourceMetadata", "DetectorName") and sniff.has_any_path("Raw", "Redacted", "Verified"):
            return 0.9
        if sniff.has_paths("reason", "stringsFound", "path") and sniff.has_any_path("commitHash", "branch"):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "empty":
            return
        docs: Iterator[Any] = iter([load_json(report)]) if head.kind == "json" else iter_json_lines(report)
        seen: set[tuple[str, ...]] = set()
        for doc in docs:
            if not isinstance(doc, dict):
                raise ValueError("each TruffleHog line must be a JSON object")
            if "DetectorName" in doc or "SourceMetadata" in doc:
                finding, key = _v3(ctx, doc)
            elif "reason" in doc:
                finding, key = _v2(ctx, doc)
            else:
                raise ValueError("a line has neither DetectorName (TruffleHog 3) nor reason (TruffleHog 2)")
            if key in seen:
                continue
            seen.add(key)
            yield finding


def _source(doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = (doc.get("SourceMetadata") or {}).get("Data") or {}
    for kind, meta in data.items():
        if isinstance(meta, dict):
            return kind, meta
    return "", {}


def _repo_name(ctx: ParseContext, meta: dict[str, Any]) -> Asset:
    repo = text(meta.get("repository")).removesuffix(".git")
    return repository_asset(ctx, repo, "trufflehog")


def _v3(ctx: ParseContext, doc: dict[str, Any]) -> tuple[Finding, tuple[str, ...]]:
    kind, meta = _source(doc)
    detector = text(doc.get("DetectorName")) or "unknown detector"
    verified = bool(doc.get("Verified"))
    path = text(meta.get("file") or meta.get("path"))
    line = meta.get("line")
    secret = doc.get("Raw") or doc.get("Redacted")
    commit = text(meta.get("commit"))
    state = "verified (the credential works)" if verified else "not verified"
    finding = Finding(
        asset=_repo_name(ctx, meta),
        name=f"Hard-coded secret: {detector}",
        severity=Severity.CRITICAL if verified else Severity.HIGH,
        description=f"TruffleHog's {detector} detector found a secret ({mask_secret(secret)}), {state}, "
        f"in {path or kind or 'the scanned source'}" + (f" at commit {commit}." if commit else "."),
        remedy=SECRET_REMEDY,
        location=location(path, line) or text(meta.get("link")) or None,
        published=parse_datetime(_git_time(meta.get("timestamp"))),
        details=drop_empty(
            {
                "detector": detector,
                "verified": verified,
                "source": text(doc.get("SourceName")) or kind,
                "commit": commit,
                "link": text(meta.get("link")),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
            }
        ),
    )
    return finding, (finding.asset.key, detector, path, text(line), commit, secret_digest(secret))


def _git_time(value: Any) -> str:
    # git's "2022-06-16 10:17:40 -0700 -0700": keep the date, time and first offset
    parts = text(value).split()
    if len(parts) >= 3:
        offset = parts[2]
        return f"{parts[0]}T{parts[1]}{offset[:3]}:{offset[3:]}"
    return text(value)


def _v2(ctx: ParseContext, doc: dict[str, Any]) -> tuple[Finding, tuple[str, ...]]:
    finding = strings_found_finding(ctx, doc, "trufflehog", "TruffleHog")
    path, reason = text(doc.get("path")), text(doc.get("reason")) or "secret"
    return finding, (finding.asset.key, path, reason)
