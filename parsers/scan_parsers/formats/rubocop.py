"""RuboCop JSON (`rubocop --format json`, 0.x and 1.x): {metadata{rubocop_version, ruby_engine, ruby_version, ...},
files: [{path, offenses: [{severity, message, cop_name, corrected, correctable, location{start_line,
start_column, last_line, last_column, length, line, column}}]}], summary{offense_count, target_file_count,
inspected_file_count}}. A run with nothing to report has empty offense lists (or no files).

Only offenses of the Security department (`Security/*` cops: Eval, JSONLoad, YAMLLoad, Open, MarshalLoad, ...)
are findings, as DefectDojo imports them; style, layout, metrics, naming and lint offenses are counted with
ctx.skip. One finding per offense. Severity is RuboCop's: fatal critical, error high, warning medium,
convention and refactor low, info info. Offenses RuboCop autocorrected in the run (`corrected: true`) are
inactive. The asset is the code base (CODE; the report does not name the project).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict
from ._sca_common import text
from ._static_common import code_asset, drop_empty, location

_LEVELS = {
    "fatal": Severity.CRITICAL,
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "convention": Severity.LOW,
    "refactor": Severity.LOW,
    "info": Severity.INFO,
}


@register
class Rubocop(ReportFormat):
    id = "rubocop"
    scan_types = ("Rubocop Scan",)
    aliases = ("rubocop",)
    default_asset_type = AssetType.CODE
    recognises = "rubocop --format json: metadata.rubocop_version, files[] of path/offenses[] with cop_name"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("metadata.rubocop_version"):
            return 0.95
        if sniff.has_paths("files.item.offenses.item.cop_name", "files.item.path"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "rubocop")
        count = 0
        for entry in iter_json(report, "files.item"):
            count += 1
            if not isinstance(entry, dict) or not isinstance(entry.get("offenses"), list):
                raise InvalidReport(f"{report.name}: a RuboCop file entry has no offenses list")
            path = text(entry.get("path"))
            if not entry["offenses"]:
                ctx.skip("file without offenses")
            for offense in entry["offenses"]:
                if not isinstance(offense, dict) or not offense.get("cop_name"):
                    raise InvalidReport(f"{report.name}: a RuboCop offense in {path!r} has no cop_name")
                if not text(offense["cop_name"]).startswith("Security/"):
                    ctx.skip("offense of a cop outside the Security department")
                    continue
                yield _finding(asset, path, offense)
        if not count:
            require_list_member(report, ("files",), "a RuboCop JSON report")


def _finding(asset: Asset, path: str, offense: dict[str, Any]) -> Finding:
    cop = text(offense["cop_name"])
    where = member_dict(offense, "location")
    line = where.get("start_line") or where.get("line")
    corrected = offense.get("corrected") is True
    return Finding(
        asset=asset,
        name=cop,
        severity=_LEVELS.get(text(offense.get("severity")).lower(), Severity.LOW),
        description=text(offense.get("message")) or cop,
        remedy=f"See https://docs.rubocop.org/rubocop/cops_security.html#{cop.lower().replace('/', '')}",
        location=location(path, line) or path or None,
        active=not corrected,
        details=drop_empty(
            {
                "cop": cop,
                "path": path,
                "line": line,
                "column": where.get("start_column") or where.get("column"),
                "correctable": offense.get("correctable"),
                "status": "corrected by rubocop -a" if corrected else "",
            }
        ),
    )
