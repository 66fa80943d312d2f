"""Rootkit Hunter log (`rkhunter --check`, /var/log/rkhunter.log, 1.4.x): lines prefixed with the time, opened by
"Running Rootkit Hunter version <v> on <host>", one line per check with its result in brackets ("Checking ...
[ OK ]", "[ Not found ]", "[ None found ]", "[ Found ]", "[ Skipped ]", "[ Warning ]"), "Warning:" lines and
indented lines that explain a warning, "Info:" lines, a "System checks summary", and "Info: End date is ..." last.

rkhunter reports every problem (rootkit, suspect file, weak configuration) as a check with the result Warning.
Counting rule: one finding per check line with `[ Warning ]`, the warning text that follows (up to the next check
or Info line) as its description; every other check result is counted with ctx.skip by its name. Severity:
checks about rootkits, trojans, malware or backdoors are high, other warnings medium. Asset: the host named in the
header (INFRA). The log is complete once rkhunter has written the end date; a log without it was cut off (or the run
aborted) and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import infra_asset

_PREFIX = re.compile(r"^\[\d{2}:\d{2}:\d{2}\] ?")
_CHECK = re.compile(r"^(?P<check>\S.*?)\s+\[ (?P<result>[A-Za-z][A-Za-z ]*?) \]\s*$")
_HEADER = re.compile(r"Running Rootkit Hunter version (?P<version>\S+) on (?P<host>\S+)")
_SERIOUS = re.compile(r"rootkit|trojan|malware|backdoor|sniffer|hidden|suckit", re.I)


@dataclass
class _Warning:
    check: str
    lines: list[str] = field(default_factory=list)


@register
class Rkhunter(ReportFormat):
    id = "rkhunter"
    scan_types = ("rkhunter Scan",)
    aliases = ("rkhunter", "rootkit-hunter")
    default_asset_type = AssetType.INFRA
    recognises = "rkhunter.log: [hh:mm:ss] lines from 'Running Rootkit Hunter version ... on <host>'"

    def detect(self, sniff: Sniff) -> float:
        # the "[hh:mm:ss]" prefix makes the sniffer try JSON first, so the kind may be json, text or csv
        if sniff.kind in ("text", "csv", "json") and not sniff.json_paths and _HEADER.search(sniff.text[:4096]):
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        host = ""
        ended = False
        warnings: list[_Warning] = []
        current: _Warning | None = None
        with report.open() as f:
            for raw in text_stream(f):
                line = _PREFIX.sub("", raw.rstrip("\r\n"))
                header = _HEADER.search(line)
                if header and not host:
                    host = header["host"]
                    ctx.meta.extra["rkhunterVersion"] = header["version"]
                ended = ended or line.startswith("Info: End date is")
                check = _CHECK.match(line.strip())
                if check:
                    current = None
                    if check["result"].lower() == "warning":
                        current = _Warning(check["check"].removeprefix("Warning: ").strip())
                        warnings.append(current)
                    else:
                        ctx.skip(f"check {check['result'].lower()}")
                elif current is not None and line.strip() and not line.startswith("Info:"):
                    current.lines.append(line.strip().removeprefix("Warning: "))
                elif line.startswith("Info:"):
                    current = None
        if not host:
            raise InvalidReport(f"{report.name}: no 'Running Rootkit Hunter version' line: not an rkhunter log")
        if not ended:
            raise InvalidReport(
                f"{report.name}: no 'Info: End date is' line: the rkhunter log is cut off or incomplete"
            )
        ctx.meta.target = host
        asset = infra_asset(ctx, "rkhunter", hostname=host)
        for warning in warnings:
            yield _finding(asset, warning)


def _finding(asset: Asset, warning: _Warning) -> Finding:
    text = " ".join([warning.check, *warning.lines])
    return Finding(
        asset=asset,
        name=warning.check[:255],
        severity=Severity.HIGH if _SERIOUS.search(text) else Severity.MEDIUM,
        description="\n".join([f"{warning.check}: Warning", *warning.lines]),
        remedy="Check the finding on the host (see the rkhunter log); update rkhunter's file properties "
        "(rkhunter --propupd) only once the change is known to be legitimate.",
        details={"check": warning.check},
    )
