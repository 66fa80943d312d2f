"""httpx (ProjectDiscovery HTTP prober) JSON Lines output (`-json` / `-j`, httpx 1.x): one line per probed URL,
{timestamp, url, input, host, port, scheme, method, path, status_code, content_length, content_type, title,
webserver, tech: [...], a: [IPs], cdn_name, failed, knowledgebase...}.

Each live URL httpx reports is one informational finding on the WEB asset of its host, named after the path
like the content-discovery formats (see _content_discovery), with the title, server and technologies it saw in
details. Lines with "failed": true (the probe got no response) are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json_lines
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._content_discovery import discovered
from ._sca_common import text


@register
class Httpx(ReportFormat):
    id = "httpx"
    scan_types = ("httpx Scan",)
    aliases = ("httpx",)
    default_asset_type = AssetType.WEB
    recognises = 'httpx JSON Lines: {"url", "input", "status_code", "webserver", "tech", ...} per line'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("jsonl", "json") or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        if (
            {"url", "input"} <= keys
            and ({"status_code", "status-code"} & keys)
            and ({"knowledgebase", "webserver", "scheme", "a", "tech"} & keys)
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for n, item in enumerate(iter_json_lines(report), 1):
            if not isinstance(item, dict) or not (item.get("url") or item.get("input")):
                raise InvalidReport(f"{report.name}: line {n} is not an httpx result (no url)")
            if item.get("failed") is True:
                ctx.skip("probe failed")
                continue
            url = text(item.get("url")) or text(item.get("input"))
            found = discovered(
                ctx,
                "httpx",
                url,
                status=item.get("status_code", item.get("status-code")),
                size=item.get("content_length", item.get("content-length")),
                content_type=text(item.get("content_type", item.get("content-type"))),
                redirect=text(item.get("location")),
            )
            found.remedy = ""
            found.details.update(
                {
                    k: v
                    for k, v in {
                        "title": text(item.get("title")),
                        "webserver": text(item.get("webserver")),
                        "tech": [text(t) for t in item.get("tech") or []][:50],
                        "ips": [text(a) for a in item.get("a") or []][:20],
                        "cdn": text(item.get("cdn_name")),
                    }.items()
                    if v
                }
            )
            yield found
