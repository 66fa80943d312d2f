"""Nosey Parker (Praetorian's secret scanner) findings, as `noseyparker report --format jsonl` (one finding per
line) or `--format json` (an array of the same objects) writes them. Two generations:

    up to 0.16: {"type": "finding", "rule_name", "match_content": <secret>, "num_matches",
                 "matches": [{"provenance": [{"kind": "file", "path"} | {"kind": "git_repo", "repo_path",
                              "commit_provenance": {"commit_metadata": {...}, "blob_path"}}],
                              "location": {"source_span": {"start": {"line", "column"}}}, "snippet", ...}]}
    0.17 on:    {"finding_id", "rule_name", "rule_text_id", "groups": [<base64 capture groups>], "statuses",
                 "matches": [...the same, git provenance under "first_commit"...]}

One finding per secret and location: the matches of all records are folded by file, line and secret (a record
is one secret; the same secret matched by two rules at one place is one finding, as DefectDojo folds it). Records
reviewed as rejected (`statuses` only "reject") are counted as skipped. The secret — `match_content`, the decoded
`groups`, the snippet — is never copied: a masked form and a digest are kept. Severity is high (Nosey Parker rules
carry none). The asset is the REPOSITORY scanned (the report names only a local path: a per-tool placeholder). An
empty document (`{}` or `[]`) is a clean scan.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, iter_json_lines
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import parse_datetime, text
from ._static_common import SECRET_REMEDY, drop_empty, location, mask_secret, repository_asset, secret_digest


@register
class Noseyparker(ReportFormat):
    id = "noseyparker"
    scan_types = ("Nosey Parker Scan",)
    aliases = ("noseyparker", "nosey-parker")
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON Lines (or array) of Nosey Parker findings: rule_name, match_content|groups, matches[].provenance"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("json", "jsonl"):
            return 0.0
        prefix = "item." if sniff.json_root == "array" else ""
        if sniff.has_paths(f"{prefix}rule_name", f"{prefix}matches.item.provenance") and sniff.has_any_path(
            f"{prefix}match_content", f"{prefix}groups", f"{prefix}rule_text_id"
        ):
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        records: Iterator[Any]
        if head.kind == "json" and head.json_root == "array":
            records = iter_json(report, "item")
        elif head.kind in ("json", "jsonl") and head.json_root == "object":
            records = iter_json_lines(report)
        elif head.kind == "empty":
            return
        else:
            raise InvalidReport(f"{report.name}: not JSON Lines: not a Nosey Parker report")
        seen: set[tuple[str, str, str]] = set()
        for record in records:
            if record == {}:
                continue  # what Nosey Parker's JSON writer leaves for a scan without findings
            if not isinstance(record, dict) or "rule_name" not in record or not isinstance(record.get("matches"), list):
                raise InvalidReport(f"{report.name}: a record has no rule_name and matches: not a Nosey Parker finding")
            statuses = {text(s).lower() for s in member_list(record, "statuses")}
            if statuses == {"reject"}:
                ctx.skip("reviewed: rejected")
                continue
            secret = _secret(record)
            digest = secret_digest(secret)
            for match in record["matches"]:
                if not isinstance(match, dict):
                    raise InvalidReport(f"{report.name}: a match of {record['rule_name']!r} is not an object")
                path, commit = _provenance(match)
                line = text(
                    member_dict(member_dict(member_dict(match, "location"), "source_span"), "start").get("line")
                )
                key = (path, line, digest)
                if key in seen:
                    continue
                seen.add(key)
                yield _finding(ctx, record, secret, (path, line), commit)


def _secret(record: dict[str, Any]) -> str:
    if record.get("match_content") is not None:
        return text(record.get("match_content"))
    parts = []
    for group in member_list(record, "groups"):
        try:
            parts.append(base64.b64decode(str(group), validate=True).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            parts.append(str(group))
    return "\n".join(parts)


def _provenance(match: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The file of a match (a scanned file's path, else the blob path in git) and its commit metadata."""
    path, commit = "", {}
    for prov in member_list(match, "provenance"):
        if not isinstance(prov, dict):
            continue
        git = member_dict(prov, "first_commit") or member_dict(prov, "commit_provenance")
        if git:
            commit = member_dict(git, "commit_metadata")
            path = path or text(git.get("blob_path"))
        if prov.get("kind") == "file" and text(prov.get("path")):
            path = text(prov.get("path"))
    while path.startswith("./"):
        path = path[2:]
    return path, commit


def _finding(
    ctx: ParseContext, record: dict[str, Any], secret: str, place: tuple[str, str], commit: dict[str, Any]
) -> Finding:
    path, line = place
    rule = text(record.get("rule_name")) or "secret"
    commit_id = text(commit.get("commit_id"))
    stamp = text(commit.get("author_timestamp")).split(" ")[0]
    return Finding(
        asset=repository_asset(ctx, None, "noseyparker"),
        name=f"Hard-coded secret: {rule}",
        severity=Severity.HIGH,
        description=f"Nosey Parker rule {rule!r} matched a secret ({mask_secret(secret)}) in {path or 'the input'}"
        + (f", first seen in commit {commit_id}." if commit_id else "."),
        remedy=SECRET_REMEDY,
        location=location(path, line) or None,
        published=parse_datetime(int(stamp)) if stamp.isdigit() else None,
        details=drop_empty(
            {
                "rule": rule,
                "ruleId": text(record.get("rule_text_id")),
                "findingId": text(record.get("finding_id")),
                "file": path,
                "line": line,
                "commit": commit_id,
                "author": text(commit.get("author_name")),
                "statuses": member_list(record, "statuses"),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
            }
        ),
    )
