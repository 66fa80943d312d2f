"""QARK (LinkedIn's Quick Android Review Kit, 4.x) JSON report, as `qark --apk|--java <path> --report-type json`
writes it: an array of issues

    [{"category": "file|manifest|broadcast|crypto|intent|webview|cert|generic", "severity":
      "INFO|WARNING|ERROR|VULNERABILITY", "name": "Logging found", "description", "file_object": "<path>",
      "line_number": [line, column] | null, "apk_exploit_dict": {...} | null}]

One finding per issue (QARK reports the same issue once per decompiler output, e.g. cfr and fernflower copies of a
class: DefectDojo counts them all, and so do we). Severity follows QARK's four steps: INFO info, WARNING low, ERROR
medium, VULNERABILITY high. The asset is the CODE of the app analysed (the report does not name it: a per-tool
placeholder). An empty array is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import cwes_in
from ._static_common import code_asset, drop_empty, location

_LEVELS = {
    "info": Severity.INFO,
    "warning": Severity.LOW,
    "error": Severity.MEDIUM,
    "vulnerability": Severity.HIGH,
}


@register
class Qark(ReportFormat):
    id = "qark"
    scan_types = ("QARK Scan",)
    aliases = ("qark",)
    default_asset_type = AssetType.CODE
    recognises = "JSON array of QARK issues: category, severity, name, description, file_object, line_number"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.file_object", "item.category", "item.severity", "item.name"):
            return 0.9 if sniff.has_any_path("item.apk_exploit_dict", "item.line_number") else 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for item in iter_json(report, "item"):
            seen += 1
            if not isinstance(item, dict) or "name" not in item or "severity" not in item:
                raise InvalidReport(f"{report.name}: an issue has no name and severity: not a QARK report")
            yield _finding(ctx, item)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of QARK issues")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    position = item.get("line_number")
    line = position[0] if isinstance(position, list) and position else position
    path = text(item.get("file_object"))
    description = text(item.get("description"))
    return Finding(
        asset=code_asset(ctx, None, "qark"),
        name=text(item.get("name")) or "QARK issue",
        severity=_LEVELS.get(text(item.get("severity")).lower(), Severity.MEDIUM),
        description=description or text(item.get("name")),
        cwes=cwes_in(description),
        location=location(path, line) or None,
        details=drop_empty(
            {
                "category": text(item.get("category")),
                "qarkSeverity": text(item.get("severity")),
                "exploitable": bool(item.get("apk_exploit_dict")) or None,
            }
        ),
    )
