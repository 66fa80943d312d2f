"""Rusty Hog (New Relic's secret scanners, 1.x) JSON: an array of hits; every hog writes `stringsFound` (the
matched strings) and `reason` (the rule), plus where it looked:

    Choctaw Hog (git):           path, commit, commitHash, date, diff, old_file_id, new_file_id,
                                 old_line_num, new_line_num, parent_commit_hash
    Duroc Hog (files):           path, linenum, diff
    Berkshire Hog (S3):          path|key, bucket, linenum, diff
    Essex Hog (Confluence):      page_id, url
    Gottingen Hog (JIRA):        issue_id, url, location ("Issue Description", a comment)
    Hante Hog (Slack):           channel_id, ts, url
    Ankamali Hog (Google Drive): g_drive_id, path, web_link, linenum, diff

One finding per hit. Severity is high (the hogs rate nothing). Hits in repositories and files go to the REPOSITORY
asset scanned (not named: a per-tool placeholder); hits in Confluence, JIRA, Slack or Google Drive go to the WEB
asset of the site their URL names. `stringsFound` and `diff` hold the secret: only digests of the strings are kept.
An empty array is a clean scan. The truffleHog 2 document (with `branch`) is the trufflehog / trufflehog3 format.
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
from ._sca_common import parse_datetime, text
from ._scan_common import web_asset
from ._static_common import SECRET_REMEDY, drop_empty, location, repository_asset, secret_digest

#: Keys that only one hog writes, each enough to tell a Rusty Hog hit from truffleHog's.
_HOG_KEYS = {
    "new_line_num": "Choctaw Hog",
    "old_file_id": "Choctaw Hog",
    "parent_commit_hash": "Choctaw Hog",
    "linenum": "Duroc Hog",
    "bucket": "Berkshire Hog",
    "page_id": "Essex Hog",
    "issue_id": "Gottingen Hog",
    "channel_id": "Hante Hog",
    "g_drive_id": "Ankamali Hog",
}


@register
class RustyHog(ReportFormat):
    id = "rusty_hog"
    scan_types = ("Choctaw Hog Scan", "Duroc Hog Scan", "Essex Hog Scan", "Gottingen Hog Scan", "Rusty Hog Scan")
    aliases = ("rusty-hog", "choctaw_hog", "duroc_hog", "essex_hog", "gottingen_hog", "berkshire_hog", "hante_hog")
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of Rusty Hog hits: stringsFound, reason and a hog's place (path/linenum, page_id, ...)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if not sniff.has_paths("item.stringsFound", "item.reason") or sniff.has_any_path("item.branch"):
            return 0.0
        return 0.85 if sniff.has_any_path(*(f"item.{k}" for k in _HOG_KEYS)) else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for hit in iter_json(report, "item"):
            seen += 1
            if not isinstance(hit, dict) or "reason" not in hit or not isinstance(hit.get("stringsFound"), list):
                raise InvalidReport(f"{report.name}: a hit has no reason and stringsFound: not a Rusty Hog report")
            yield _finding(ctx, hit)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of Rusty Hog hits")


def _hog(hit: dict[str, Any]) -> str:
    return next((hog for key, hog in _HOG_KEYS.items() if key in hit), "Rusty Hog")


def _place(ctx: ParseContext, hit: dict[str, Any]) -> tuple[Asset, str]:
    url = text(hit.get("url")) or text(hit.get("web_link"))
    if url and not text(hit.get("commitHash")):
        where = text(hit.get("issue_id")) or text(hit.get("page_id")) or text(hit.get("path")) or url
        if hit.get("location"):
            where += f" ({text(hit.get('location'))})"
        return web_asset(ctx, "rusty_hog", url), where
    path = text(hit.get("path")) or text(hit.get("key"))
    if hit.get("bucket"):
        path = f"s3://{text(hit.get('bucket'))}/{path.lstrip('/')}"
    line = hit.get("linenum") or hit.get("new_line_num") or hit.get("old_line_num")
    return repository_asset(ctx, None, "rusty_hog"), location(path, line)


def _finding(ctx: ParseContext, hit: dict[str, Any]) -> Finding:
    reason = text(hit.get("reason")) or "secret"
    strings = [text(s) for s in member_list(hit, "stringsFound")]
    hog = _hog(hit)
    asset, where = _place(ctx, hit)
    commit = text(hit.get("commitHash"))
    return Finding(
        asset=asset,
        name=f"Hard-coded secret: {reason}",
        severity=Severity.HIGH,
        description=f"{hog} found {len(strings)} string(s) matching {reason!r} in {where or 'the scanned source'}"
        + (f", commit {commit}." if commit else "."),
        remedy=SECRET_REMEDY,
        location=where or None,
        published=parse_datetime(hit.get("date")),
        details=drop_empty(
            {
                "hog": hog,
                "reason": reason,
                "commitHash": commit,
                "url": text(hit.get("url")) or text(hit.get("web_link")),
                "secretDigests": [secret_digest(s) for s in strings[:20]],
            }
        ),
    )
