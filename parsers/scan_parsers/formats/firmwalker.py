"""Firmwalker (craigz28/firmwalker) text report, `./firmwalker.sh <extracted firmware dir> [out.txt]`
(firmwalker.txt): sections headed "***<title>***" ("***Firmware Directory***" naming the directory searched,
"***Search for password files***", "***Search for SSL related files***", "***Search for patterns in files***",
...), each with sub-searches headed "##################################### <pattern>" or
"-------------------- <word> --------------------", under which every line is a match (a file path; for
"Unix-MD5 hashes" the hash itself).

One finding per match of a search (section, pattern, line). Listings of a directory ("***List etc/ssl
directory***") and the firmware directory line are context, counted as skipped. Severity by search: password files
and password hashes high; SSL and SSH key material and secret-word patterns medium; everything else (configuration
and database files, scripts, binaries, web servers, IP addresses, URLs, e-mails) info. A password hash is masked,
never copied. The asset is the BUILD firmware that was walked (its directory).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._static_common import mask_secret, secret_digest

_SECTION = re.compile(r"^\*{3}(.+?)\*{3}\s*$")
_PATTERN = re.compile(r"^#{10,}\s*(.*?)\s*$|^-{5,}\s*(.*?)\s*-{5,}\s*$")
_FIRST = re.compile(r"\A\s*\*{3}Firmware Directory\*{3}\s*$", re.M)
_SEARCH = re.compile(r"^\*{3}Search for [^*]+\*{3}\s*$", re.M)
_HIGH = ("password files", "unix-md5 hashes")
_MEDIUM = ("ssl related files", "ssh related files", "patterns in files")


def _severity(section: str) -> Severity:
    s = section.lower()
    if any(k in s for k in _HIGH):
        return Severity.HIGH
    if any(k in s for k in _MEDIUM):
        return Severity.MEDIUM
    return Severity.INFO


@register
class Firmwalker(ReportFormat):
    id = "firmwalker"
    scan_types = ("Firmwalker Scan",)
    default_asset_type = AssetType.BUILD
    recognises = "firmwalker.sh text report: ***Firmware Directory*** then ***Search for ...*** sections"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind in ("text", "csv") and _FIRST.search(sniff.text) and _SEARCH.search(sniff.text):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        section, pattern, asset = "", "", None
        sections = 0
        with report.open() as f:
            for raw in text_stream(f):
                line = raw.strip()
                if not line:
                    continue
                head = _SECTION.match(line)
                if head:
                    section, pattern = head.group(1).strip(), ""
                    sections += 1
                    continue
                sub = _PATTERN.match(line)
                if sub:
                    pattern = (sub.group(1) or sub.group(2) or "").strip()
                    continue
                if not section:
                    raise InvalidReport(f"{report.name}: text before the first ***section***: not a firmwalker report")
                if section.lower() == "firmware directory":
                    asset = ctx.asset(AssetType.BUILD, {"buildFile": line, "origin": "firmwalker"})
                    ctx.meta.target = line
                    ctx.skip("the firmware directory searched")
                    continue
                if section.lower().startswith("list "):
                    ctx.skip("directory listing line")
                    continue
                if asset is None:
                    asset = ctx.asset(
                        AssetType.BUILD, {"buildFile": "firmware", "origin": "firmwalker"}, placeholder=True
                    )
                yield _finding(asset, section, pattern, line)
        if not sections:
            raise InvalidReport(f"{report.name}: no ***section*** headings: not a firmwalker report")


def _finding(asset: Asset, section: str, pattern: str, line: str) -> Finding:
    search = section.removeprefix("Search for ").strip()
    hashed = "md5 hash" in section.lower()
    shown = mask_secret(line) if hashed else line
    what = f"{search} ({pattern})" if pattern else search
    return Finding(
        asset=asset,
        name=f"Firmware {what}",
        severity=_severity(section),
        description=f"firmwalker's search for {what} matched {shown} in the firmware.",
        remedy="Review the file: remove credentials, keys and debugging tools from the firmware image before release.",
        location=f"password hash {secret_digest(line)}" if hashed else line,
        details={"section": section, "pattern": pattern} if pattern else {"section": section},
    )
