"""drHEADer (Santander) HTTP security header audit JSON: `drheader scan single <url> --json` writes a list of rule
violations [{rule, severity, message, expected?, delimiter?, value?, anomaly?}]; `drheader scan bulk ... --json`
writes [{url, report: [violations]}].

One finding per violation, with drHEADer's severity (high, medium, low). A Set-Cookie violation is named by the
cookie it is about and the directive that is missing (`anomaly`): one response sets several cookies. Cookie values
are never copied (they are session tokens); other headers' values are kept in details. Asset: WEB, the scanned URL
of a bulk report; a single-URL report does not name it (a per-tool placeholder site).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import web_asset
from ._static_common import drop_empty


@register
class Drheader(ReportFormat):
    id = "drheader"
    scan_types = ("DrHeader JSON Importer",)
    aliases = ("drheader",)
    default_asset_type = AssetType.WEB
    recognises = "drHEADer JSON: [{rule, severity, message, expected?, value?}] or [{url, report: [...]}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        for root in ("item", "item.report.item"):
            if sniff.has_paths(f"{root}.rule", f"{root}.severity", f"{root}.message") and not sniff.has_any_path(
                f"{root}.id", f"{root}.file", f"{root}.path"
            ):
                return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, list):
            raise InvalidReport(f"{report.name}: not a drHEADer report (expected a JSON array)")
        for entry in doc:
            if isinstance(entry, dict) and isinstance(entry.get("report"), list):
                url = text(entry.get("url"))
                for violation in entry["report"]:
                    yield _finding(report, ctx, url, violation)
            else:
                yield _finding(report, ctx, "", entry)


def _finding(report: ReportInput, ctx: ParseContext, url: str, item: Any) -> Finding:
    if not isinstance(item, dict) or not text(item.get("rule")) or "message" not in item:
        raise InvalidReport(f"{report.name}: an entry without rule and message: not a drHEADer report")
    rule, message = text(item.get("rule")), text(item.get("message"))
    value = text(item.get("value"))
    anomaly = text(item.get("anomaly"))
    cookie = rule.lower() == "set-cookie"
    subject = rule
    if cookie and value:
        subject = f"{rule} {value.split('=', 1)[0].strip()}"
    expected = item.get("expected")
    expected_text = (
        (text(item.get("delimiter")) or ", ").join(text(e) for e in expected)
        if isinstance(expected, list)
        else text(expected)
    )
    return Finding(
        asset=web_asset(ctx, "drheader", url or None),
        name=f"{subject}: {message}" + (f" ({anomaly})" if anomaly else ""),
        severity=label(item.get("severity"), Severity.MEDIUM),
        description=f"{rule}: {message}." + (f" Expected: {expected_text}." if expected_text else ""),
        remedy=f"Set the {rule} header to {expected_text}." if expected_text else f"Review the {rule} header.",
        location=url or None,
        details=drop_empty(
            {"rule": rule, "expected": expected_text, "anomaly": anomaly, "value": "" if cookie else value[:500]}
        ),
    )
