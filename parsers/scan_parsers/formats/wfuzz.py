"""wfuzz 3.x JSON output (`wfuzz -f <file>,json` / `-o json`): an array of the results that passed its filters,
[{chars, code, payload, lines, location, method, post_data, server, url, words}].

Each result is one informational finding: the path found, on the WEB asset of its host (see _content_discovery),
with the HTTP status (missing in some outputs), size, redirect and server. A result repeated for the same method
and URL (wfuzz writes one per payload that reached it) folds into the first and is counted as skipped. The payload
is not copied: it holds the raw request with its headers.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, fingerprint_of
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._content_discovery import discovered
from ._sca_common import text


@register
class Wfuzz(ReportFormat):
    id = "wfuzz"
    scan_types = ("WFuzz JSON report",)
    aliases = ("wfuzz",)
    default_asset_type = AssetType.WEB
    recognises = "wfuzz JSON: [{chars, code, payload, lines, location, method, url, words}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.url", "item.payload", "item.chars", "item.words", "item.lines"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        count = 0
        for item in iter_json(report, "item"):
            count += 1
            if not isinstance(item, dict) or "url" not in item or not ({"chars", "words", "payload"} & set(item)):
                raise InvalidReport(f"{report.name}: an entry without url, chars and words: not a wfuzz JSON report")
            url, method = text(item.get("url")), text(item.get("method")).upper() or "GET"
            if (method, url) in seen:
                ctx.skip("result repeated for the same method and URL")
                continue
            seen.add((method, url))
            finding = discovered(
                ctx,
                "wfuzz",
                url,
                status=item.get("code"),
                size=item.get("chars"),
                redirect=text(item.get("location")),
            )
            finding.details.update(
                {k: v for k, v in {"method": method, "server": text(item.get("server"))}.items() if v}
            )
            finding.fingerprint = fingerprint_of(["wfuzz", finding.asset.key, finding.name, method, url])
            yield finding
        if not count and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of wfuzz results")
