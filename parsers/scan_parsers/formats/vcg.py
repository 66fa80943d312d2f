"""VisualCodeGrepper (VCG, 2.x) results, in its two export layouts:

- XML ("Export Results to XML"): `<CodeIssueCollection><CodeIssue><Priority>6</Priority><Severity>Suspicious
  Comment</Severity><Title/><Description/><FileName/><Line/><CodeLine/><Checked/><CheckColour/></CodeIssue>...`
- CSV ("Export Results to CSV"): no header row; each row is Priority, Severity, Title, Description, FileName, Line,
  CodeLine, Checked, CheckColour.

One finding per code issue, on the CODE asset of the scanned directory (named in the XML's leading comment, "XML
Export of VCG Results for directory: ..."; else a per-tool placeholder). Severity is VCG's: Critical, High, Medium,
Standard (medium), Low, and Suspicious Comment / Potential Issue (info). A collection without issues is a clean
scan.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_xml, text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._scan_common import child_map
from ._static_common import code_asset, drop_empty, location

_LEVELS = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "standard": Severity.MEDIUM,
    "low": Severity.LOW,
    "suspicious comment": Severity.INFO,
    "potential issue": Severity.INFO,
}
_PRIORITIES = {"1": "critical", "2": "high", "3": "medium", "4": "standard", "5": "low", "6": "suspicious comment"}
_DIRECTORY = re.compile(r"VCG Results for directory:\s*(.+?)\.\s*Scanned for", re.S)
_CSV_COLUMNS = ("priority", "severity", "title", "description", "filename", "line", "codeline", "checked", "colour")


@register
class Vcg(ReportFormat):
    id = "vcg"
    scan_types = ("VCG Scan",)
    aliases = ("visualcodegrepper", "visual-code-grepper")
    default_asset_type = AssetType.CODE
    recognises = "XML <CodeIssueCollection> of <CodeIssue> (Priority, Severity, Title, FileName, Line), or its CSV"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml":
            if sniff.xml_root == "CodeIssueCollection":
                return 0.9 if "CodeIssue" in sniff.xml_tags or "VCG" in sniff.text[:2000] else 0.6
            return 0.0
        if sniff.kind == "csv" and len(sniff.csv_header) >= 8:
            first = [c.strip().strip('"') for c in sniff.csv_header]
            if first[0].isdigit() and first[1].lower() in _LEVELS:
                return 0.75  # headerless: a priority number and one of VCG's severity words
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "csv":
            yield from _csv(report, ctx)
            return
        if head.kind != "xml" or head.xml_root != "CodeIssueCollection":
            raise InvalidReport(f"{report.name}: no <CodeIssueCollection>: not a VCG XML or CSV export")
        m = _DIRECTORY.search(head.text[:4096])
        asset = code_asset(ctx, m.group(1).strip() if m else None, "vcg")
        for _event, el in iter_xml(report, "CodeIssue"):
            fields = {k: v[0] for k, v in child_map(el).items()}
            clear_element(el)
            yield _finding(asset, {k.lower(): v for k, v in fields.items()})


def _csv(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    asset = code_asset(ctx, None, "vcg")
    with report.open() as f:
        for n, row in enumerate(csv.reader(text_stream(f)), 1):
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) < 6 or not row[0].strip().isdigit():
                raise InvalidReport(f"{report.name}: line {n} is not a VCG issue (priority, severity, title, ...)")
            yield _finding(asset, dict(zip(_CSV_COLUMNS, (c.strip() for c in row), strict=False)))


def _finding(asset: Asset, issue: dict[str, str]) -> Finding:
    word = issue.get("severity", "").lower() or _PRIORITIES.get(issue.get("priority", ""), "")
    code = issue.get("codeline", "")
    title = issue.get("title", "") or "VCG issue"
    return Finding(
        asset=asset,
        name=title,
        severity=_LEVELS.get(word, Severity.MEDIUM),
        description=(issue.get("description") or title) + (f"\n\nCode:\n{code}" if code else ""),
        location=location(issue.get("filename", ""), issue.get("line")) or None,
        details=drop_empty({"priority": issue.get("priority"), "vcgSeverity": issue.get("severity")}),
    )
