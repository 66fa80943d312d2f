"""PMD CSV (`pmd check -f csv`, PMD 5.x to 7.x): header "Problem","Package","File","Priority","Line",
"Description","Rule set","Rule", one row per rule violation; a clean run is the header alone.

One finding per row. Severity is PMD's rule priority: 1 (high) high, 2 (medium high) and 3 (medium) medium,
4 (medium low) low, 5 (low) info. The asset is the code base (CODE; the CSV does not name the project, so every
PMD report shares a placeholder).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._static_common import code_asset, drop_empty, location

_COLUMNS = frozenset({"problem", "package", "file", "priority", "line", "description", "rule set", "rule"})
_PRIORITY = {"1": Severity.HIGH, "2": Severity.MEDIUM, "3": Severity.MEDIUM, "4": Severity.LOW, "5": Severity.INFO}


@register
class Pmd(ReportFormat):
    id = "pmd"
    scan_types = ("PMD Scan",)
    aliases = ("pmd",)
    default_asset_type = AssetType.CODE
    recognises = "CSV with columns Problem, Package, File, Priority, Line, Description, Rule set, Rule"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _COLUMNS:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "pmd")
        for row in iter_csv_columns(report, _COLUMNS, "PMD"):
            rule = row["rule"]
            if not rule:
                raise InvalidReport(f"{report.name}: a PMD row has no Rule")
            path, line = row["file"], row["line"]
            ruleset = row["rule set"]
            yield Finding(
                asset=asset,
                name=f"{ruleset}: {rule}" if ruleset else rule,
                severity=_PRIORITY.get(row["priority"], Severity.MEDIUM),
                description=row["description"] or rule,
                remedy=f"See the PMD rule {rule} in the {ruleset or 'PMD'} rule set documentation.",
                location=location(path, line) or None,
                details=drop_empty(
                    {"rule": rule, "ruleSet": ruleset, "package": row["package"], "path": path, "line": line}
                ),
            )
