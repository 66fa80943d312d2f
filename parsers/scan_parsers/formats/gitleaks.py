"""Gitleaks JSON (`gitleaks detect -f json` / `--report-format json`): a top-level array of leaks, in
- the v8 shape: {RuleID, Description, StartLine, EndLine, Match, Secret, File, Commit, Author, Date, Tags[],
  Fingerprint, Entropy, Link?};
- the v4-v7 shape: {rule, line, lineNumber, offender, offenderEntropy?, commit, repo, leakURL, commitMessage,
  author, email, file, date, tags "a, b", operation};
- the v1-v3 shape: {line, commit, offender, reason (the rule), commitMsg, author, file, repo / repoURL, time}.
An empty scan is `[]` (v8) or `null` (v7).

One finding per rule, file, line and secret: the same leak seen in several commits is one finding (DefectDojo
folds them the same way). Secrets are high severity; the asset is the repository (REPOSITORY; the v7 `repo`, else
a placeholder). Gitleaks leaves allow-listed and .gitleaksignore'd leaks out of the report: nothing to skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._static_common import drop_empty, location, mask_secret, repository_asset, secret_digest

_V8_KEYS = ("item.RuleID", "item.File", "item.StartLine")
_LEGACY_KEYS = ("item.rule", "item.offender", "item.commitMessage")
_OLDEST_KEYS = ("item.reason", "item.offender", "item.commit")


@register
class Gitleaks(ReportFormat):
    id = "gitleaks"
    scan_types = ("Gitleaks Scan",)
    aliases = ("gitleaks",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of leaks with RuleID/File/StartLine/Secret (v8) or rule/offender/commitMessage (v7)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths(*_V8_KEYS) and sniff.has_any_path("item.Secret", "item.Match"):
            return 0.9
        if sniff.has_paths(*_LEGACY_KEYS) or sniff.has_paths(*_OLDEST_KEYS):
            return 0.9
        if sniff.has_paths("item.rule", "item.offender", "item.file"):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, ...]] = set()
        for item in iter_json(report, "item"):
            if not isinstance(item, dict):
                raise ValueError("a gitleaks report is an array of leak objects")
            legacy = "rule" in item or ("reason" in item and "offender" in item)
            finding = _v8(ctx, item) if "RuleID" in item else _legacy(ctx, item) if legacy else None
            if finding is None:
                raise ValueError("a leak has neither RuleID (gitleaks 8) nor rule (gitleaks 7)")
            key = (finding.asset.key, finding.name, finding.location or "", finding.details.get("secretDigest", ""))
            if key in seen:
                continue
            seen.add(key)
            yield finding


def _v8(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    rule = text(item.get("RuleID"))
    path = text(item.get("File"))
    secret = item.get("Secret") or item.get("Match")
    what = text(item.get("Description")) or rule
    return Finding(
        asset=repository_asset(ctx, None, "gitleaks"),
        name=f"Hard-coded secret: {what}" if what else "Hard-coded secret",
        severity=Severity.HIGH,
        description=f"Gitleaks rule {rule} matched a secret ({mask_secret(secret)}) in {path}."
        + (f" Commit {text(item.get('Commit'))}." if item.get("Commit") else ""),
        remedy="Revoke and rotate the secret, then remove it from the code and its history.",
        location=location(path, item.get("StartLine")),
        published=parse_datetime(item.get("Date")),
        fingerprint=text(item.get("Fingerprint")),
        details=drop_empty(
            {
                "ruleId": rule,
                "file": path,
                "line": item.get("StartLine"),
                "commit": text(item.get("Commit")),
                "author": text(item.get("Author")),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
                "entropy": item.get("Entropy"),
            }
        ),
        tags=[Tag(value=t, key="gitleaks") for t in (item.get("Tags") or []) if isinstance(t, str) and t],
    )


def _legacy(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    rule = text(item.get("rule")) or text(item.get("reason"))
    path = text(item.get("file"))
    secret = item.get("offender")
    repo = text(item.get("repo")) or text(item.get("repoURL"))
    return Finding(
        asset=repository_asset(ctx, repo if repo not in ("", ".") else None, "gitleaks"),
        name=f"Hard-coded secret: {rule}" if rule else "Hard-coded secret",
        severity=Severity.HIGH,
        description=f"Gitleaks rule {rule} matched a secret ({mask_secret(secret)}) in {path}."
        + (f" Commit {text(item.get('commit'))}." if item.get("commit") else ""),
        remedy="Revoke and rotate the secret, then remove it from the code and its history.",
        location=location(path, item.get("lineNumber")),
        published=parse_datetime(item.get("date") or item.get("time")),
        details=drop_empty(
            {
                "rule": rule,
                "file": path,
                "commit": text(item.get("commit")),
                "author": text(item.get("author")),
                "leakUrl": text(item.get("leakURL")),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
            }
        ),
        tags=[Tag(value=t.strip(), key="gitleaks") for t in text(item.get("tags")).split(",") if t.strip()],
    )
