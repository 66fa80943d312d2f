"""humble (rfc-st) HTTP headers analyzer JSON export (`humble -u <url> -o json`, humble 1.x): an object of numbered
sections, "[0. Info]" {Date, URL}, "[HTTP Response Headers]" {...}, and the result lists "[1. Missing HTTP
Security Headers]", "[2. Fingerprint HTTP Response Headers]", "[3. Deprecated HTTP Response Headers/Protocols and
Insecure Values]", "[4. Empty HTTP Response Headers Values]" (then browser-compatibility links, not results).

One finding per entry of the result lists: a missing security header (low), a fingerprinting header (info), a
deprecated header or insecure value (low), an empty header (info). humble writes "Nothing to report, all seems OK!"
for a section without results; those are counted as skipped (passed). Asset: WEB, the analysed URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import web_asset

_SECTION = re.compile(r"^\[(\d+)\.\s*(.+?)\]$")
#: result section number -> (what a finding is, severity)
_KINDS = {
    "1": ("Missing HTTP security header", Severity.LOW),
    "2": ("Fingerprinting HTTP response header", Severity.INFO),
    "3": ("Deprecated HTTP response header or insecure value", Severity.LOW),
    "4": ("Empty HTTP response header value", Severity.INFO),
}
_NOTHING = re.compile(r"^nothing to report", re.I)


@register
class Humble(ReportFormat):
    id = "humble"
    scan_types = ("Humble Json Importer",)
    aliases = ("humble",)
    default_asset_type = AssetType.WEB
    recognises = 'humble JSON: {"[0. Info]": {URL}, "[1. Missing HTTP Security Headers]": [...], ...}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        sections = [k for k in sniff.json_top_keys if _SECTION.match(k)]
        if any(k.startswith("[0.") for k in sections) and any(k.startswith("[1.") for k in sections):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        sections: dict[str, tuple[str, object]] = {}
        for key, value in (doc if isinstance(doc, dict) else {}).items():
            m = _SECTION.match(key)
            if m:
                sections[m.group(1)] = (m.group(2), value)
        info = sections.get("0", ("", {}))[1]
        if not isinstance(info, dict) or not any(n in sections for n in _KINDS):
            raise InvalidReport(f"{report.name}: no humble sections ([0. Info], [1. Missing ...]): not a humble report")
        url = text(info.get("URL"))
        asset = web_asset(ctx, "humble", url or None)
        for number, (kind, severity) in _KINDS.items():
            title, entries = sections.get(number, ("", []))
            for entry in entries if isinstance(entries, list) else []:
                value = text(entry)
                if not value:
                    continue
                if _NOTHING.match(value):
                    ctx.skip("section without results")
                    continue
                yield Finding(
                    asset=asset,
                    name=f"{kind}: {value}",
                    severity=severity,
                    description=f"humble, {title}: {value}.",
                    remedy=_remedy(number, value),
                    location=url or None,
                    details={"section": title},
                )


def _remedy(section: str, value: str) -> str:
    header = value.split(" (", 1)[0]
    if section == "1":
        return f"Send the {header} header with a secure value."
    if section == "2":
        return f"Remove the {header} header or its version details from responses."
    if section == "3":
        return f"Remove the deprecated {header} header or give it a recommended value."
    return f"Give the {header} header a value or stop sending it."
