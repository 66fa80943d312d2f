"""dirsearch JSON report (`--format=json`), both layouts:

* dirsearch 0.4.3+: {info: {args, time}, results: [{url, status, content-length, content-type, redirect}]}
* older releases: {"http://host:port/": [{path, status, content-length, redirect}], ...} keyed by target.

Each found path is one informational finding on the WEB asset of its host (see _content_discovery).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._content_discovery import discovered
from ._sca_common import text
from ._web_fold import join_url


@register
class Dirsearch(ReportFormat):
    id = "dirsearch"
    scan_types = ("Dirsearch Scan",)
    aliases = ("dirsearch",)
    default_asset_type = AssetType.WEB
    recognises = "dirsearch JSON: {info: {args}, results: [{url, status, content-length}]} or {target: [{path...}]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("info.args", "results") and "dirsearch" in sniff.text:
            return 0.9
        keys = sniff.json_top_keys
        if (
            keys
            and all(k.startswith(("http://", "https://")) for k in keys)
            and any(p.endswith(".item.content-length") for p in sniff.json_paths)
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # a list of paths per target: small
        if not isinstance(doc, dict):
            raise InvalidReport(f"{report.name}: the JSON root is not an object: not a dirsearch report")
        if "results" in doc or "info" in doc:
            results = doc.get("results")
            if not isinstance(results, list):
                raise InvalidReport(f"{report.name}: no `results` list: not a dirsearch JSON report")
            for item in results:
                yield _finding(ctx, item, text(item.get("url")) if isinstance(item, dict) else "", report.name)
            return
        for target, items in doc.items():
            if not str(target).startswith(("http://", "https://")) or not isinstance(items, list):
                raise InvalidReport(f"{report.name}: neither `results` nor targets: not a dirsearch JSON report")
            for item in items:
                path = text(item.get("path")) if isinstance(item, dict) else ""
                yield _finding(
                    ctx, item, join_url(str(target), path if path.startswith("/") else f"/{path}"), report.name
                )


def _finding(ctx: ParseContext, item: Any, url: str, name: str) -> Finding:
    if not isinstance(item, dict) or not url:
        raise InvalidReport(f"{name}: a dirsearch result without a URL or path")
    return discovered(
        ctx,
        "dirsearch",
        url,
        status=item.get("status"),
        size=item.get("content-length"),
        redirect=text(item.get("redirect")),
        content_type=text(item.get("content-type")),
    )
