"""ffuf (Fuzz Faster U Fool) 1.x/2.x JSON output (`-of json`): {commandline, time, results: [{input: {FUZZ...},
position, status, length, words, lines, content-type, redirectlocation, url, host, duration}], config: {url,
...}}.

Each result (a response that passed ffuf's matchers and filters) is one informational finding: the path found,
on the WEB asset of its host (see _content_discovery). ffuf's CSV/HTML/markdown outputs are not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._content_discovery import discovered
from ._sca_common import text


@register
class Ffuf(ReportFormat):
    id = "ffuf"
    scan_types = ("ffuf Scan",)
    aliases = ("ffuf",)
    default_asset_type = AssetType.WEB
    recognises = "ffuf JSON output: {commandline, results: [{input, status, length, url}], config}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "results" not in sniff.json_top_keys:
            return 0.0
        if sniff.has_any_path("results.item.input.FFUFHASH", "config.autocalibration") or '"ffuf ' in sniff.text:
            return 0.9
        if sniff.has_paths("commandline", "results.item.input", "results.item.redirectlocation"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = False
        for item in iter_json(report, "results.item"):
            seen = True
            if not isinstance(item, dict):
                raise InvalidReport(f"{report.name}: an entry of results is not an object")
            url = text(item.get("url"))
            yield discovered(
                ctx,
                "ffuf",
                url,
                status=item.get("status"),
                size=item.get("length"),
                redirect=text(item.get("redirectlocation")),
                content_type=text(item.get("content-type")),
                site=text(item.get("host")) or None,
            )
        if not seen:
            require_list_member(report, ("results",), "an ffuf JSON report")
