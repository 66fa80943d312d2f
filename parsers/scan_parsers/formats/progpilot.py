"""Progpilot (PHP static analyser) JSON, as `progpilot --configuration .. <files>` prints it (1.x): an array of
vulnerabilities of two kinds,

    taint-style: {"vuln_type": "taint-style", "vuln_name": "sql_injection", "vuln_cwe": "CWE_89", "vuln_id",
                  "source_name": [..], "source_line": [..], "source_file": [..], "source_column": [..],
                  "sink_name", "sink_line", "sink_column", "sink_file", "tainted_flow": [[{flow_name, flow_line,
                  flow_file}, ...]]}
    custom:      {"vuln_type": "custom", "vuln_rule": "MUST_VERIFY_DEFINITION", "vuln_name", "vuln_line",
                  "vuln_column", "vuln_file", "vuln_description", "vuln_cwe", "vuln_id"}

One finding per entry, at the sink (taint-style) or the flagged line (custom), on the CODE asset of the analysed
project (not named: a per-tool placeholder). Progpilot rates nothing: every finding is medium. `vuln_id` (its hash
of the vulnerability) is kept as the finding's identity. An empty array is a clean scan.
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
from ._json_fields import member_list
from ._sca_common import cwe_id, text
from ._static_common import code_asset, drop_empty, location


@register
class Progpilot(ReportFormat):
    id = "progpilot"
    scan_types = ("Progpilot Scan",)
    aliases = ("progpilot",)
    default_asset_type = AssetType.CODE
    recognises = "JSON array of progpilot vulnerabilities: vuln_id, vuln_name, vuln_type, sink_*/vuln_* places"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.vuln_name", "item.vuln_type") and sniff.has_any_path(
            "item.vuln_id", "item.vuln_cwe", "item.sink_file", "item.vuln_file"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for item in iter_json(report, "item"):
            seen += 1
            if not isinstance(item, dict) or "vuln_name" not in item:
                raise InvalidReport(f"{report.name}: an entry has no vuln_name: not a progpilot report")
            yield _finding(ctx, item)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of progpilot vulnerabilities")


def _first(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return text(value[0]) if isinstance(value, list) and value else text(value)


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    name = text(item.get("vuln_name")).replace("_", " ")
    taint = "sink_file" in item or "sink_name" in item
    path = text(item.get("sink_file")) if taint else text(item.get("vuln_file"))
    line = item.get("sink_line") if taint else item.get("vuln_line")
    if taint:
        source = f"{_first(item, 'source_name')} ({location(_first(item, 'source_file'), _first(item, 'source_line'))})"
        description = f"Tainted data from {source} reaches {text(item.get('sink_name'))} at {location(path, line)}."
    else:
        description = text(item.get("vuln_description")) or name
    cwe = cwe_id(item.get("vuln_cwe"))
    return Finding(
        asset=code_asset(ctx, None, "progpilot"),
        name=name or "progpilot vulnerability",
        severity=Severity.MEDIUM,
        description=description,
        remedy="Validate or encode the data before it reaches the sink." if taint else "",
        cwes=[cwe] if cwe else [],
        location=location(path, line) or None,
        fingerprint=text(item.get("vuln_id")),
        details=drop_empty(
            {
                "type": text(item.get("vuln_type")),
                "rule": text(item.get("vuln_rule")),
                "sink": text(item.get("sink_name")),
                "flowSteps": sum(len(f) for f in member_list(item, "tainted_flow") if isinstance(f, list)),
            }
        ),
    )
