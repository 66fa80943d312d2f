"""Hadolint (Dockerfile linter) JSON (`hadolint -f json`, 1.x / 2.x): a top-level array of {line, code (DLxxxx
hadolint rules, SCxxxx ShellCheck rules), message, column, file, level error / warning / info / style}, one array
for all the Dockerfiles linted; a clean run is `[]`.

One finding per rule, file, line and column (DefectDojo keys them the same way). Severity: error high, warning
medium, info low, style info. The asset is the Dockerfile (BUILD). Rules turned off (--ignore, inline
`# hadolint ignore=`) never reach the report. Hadolint's SARIF, checkstyle and Code Climate outputs are other
formats.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "info": Severity.LOW, "style": Severity.INFO}


@register
class Hadolint(ReportFormat):
    id = "hadolint"
    scan_types = ("Hadolint Dockerfile check",)
    aliases = ("hadolint",)
    default_asset_type = AssetType.BUILD
    recognises = "JSON array of objects with code (DLxxxx/SCxxxx), file, line, level"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root == "array" and sniff.has_paths("item.code", "item.file", "item.level", "item.line"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[tuple[str, str, str, str]] = set()
        for item in iter_json(report, "item"):
            if not isinstance(item, dict) or "code" not in item:
                raise InvalidReport(f"{report.name}: a hadolint result has no rule code")
            key = (str(item.get("file")), str(item.get("line")), str(item.get("column")), str(item["code"]))
            if key in seen:
                ctx.skip("same rule at the same place")
                continue
            seen.add(key)
            dockerfile = str(item.get("file") or "Dockerfile")
            asset = ctx.asset(AssetType.BUILD, {"buildFile": dockerfile, "origin": "hadolint"})
            code = str(item["code"])
            level = str(item.get("level", ""))
            yield Finding(
                asset=asset,
                name=f"{code}: {item.get('message', '')}"[:255],
                severity=_LEVELS.get(level.lower(), label(level)),
                description=str(item.get("message") or code),
                remedy=f"See https://github.com/hadolint/hadolint/wiki/{code}",
                location=f"{dockerfile}:{item.get('line', '')}",
                details={"code": code, "line": item.get("line"), "column": item.get("column")},
            )
