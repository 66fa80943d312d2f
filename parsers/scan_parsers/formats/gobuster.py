"""Gobuster 3.x `dir` mode output file (`-o`): one line per found path, as gobuster prints them:

    /admin                (Status: 301) [Size: 169] [--> http://host/admin/]
    http://host/admin     (Status: 301) [Size: 169]        (with -e, expanded URLs)
    /admin (Status: 301)                                  (gobuster 3.0/3.1, no size)

Each line is one informational finding (see _content_discovery). Without -e the file does not name the site, so
the findings share a per-tool placeholder WEB asset. dns/vhost mode lines ("Found: sub.example.com") are not
paths and are counted as skipped; an empty file is a scan that found nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._content_discovery import discovered

_LINE = re.compile(r"^(\S+)\s+\(Status:\s*(\d{3})\)(?:\s*\[Size:\s*(\d+)\])?(?:\s*\[-->\s*([^\]]+)\])?\s*$")
_FOUND = re.compile(r"^Found:\s+\S+")


@register
class Gobuster(ReportFormat):
    id = "gobuster"
    scan_types = ("Gobuster Scan",)
    aliases = ("gobuster",)
    default_asset_type = AssetType.WEB
    recognises = "gobuster dir output: lines of `/path (Status: 200) [Size: N]`"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("text", "csv"):
            return 0.0
        lines = [line.strip() for line in sniff.text.splitlines()[:50] if line.strip()]
        if lines and all(_LINE.match(line) for line in lines[:-1]) and _LINE.match(lines[0]):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        with report.open() as f:
            for n, raw in enumerate(text_stream(f), 1):
                line = raw.strip()
                if not line:
                    continue
                m = _LINE.match(line)
                if m is None:
                    if _FOUND.match(line):
                        ctx.skip("dns or vhost result")
                        continue
                    raise InvalidReport(f"{report.name}: line {n} is not a gobuster `path (Status: N)` line")
                path, status, size, redirect = m.groups()
                yield discovered(
                    ctx,
                    "gobuster",
                    path,
                    status=int(status),
                    size=int(size) if size else None,
                    redirect=(redirect or "").strip(),
                    site=path if "://" in path else None,
                )
