"""OWASP Security Knowledge Framework (SKF) checklist export, CSV (a project sprint's "Export to CSV"):

    title,description,mitigation

One finding per row: an ASVS requirement the sprint's checklist marks for the application ("Authentication
Verification Requirements : Verify that ... (C6)"), with the weakness it guards against as description and SKF's
mitigation advice as remedy. SKF gives no severity: every item is informational (a requirement to verify, not a
confirmed flaw). SKF escapes commas inside fields as `\\,` and doubles apostrophes; both are undone. The export
does not name the application: the asset is an SKF WEB placeholder (ASVS is about web applications). A header-only
file is an empty checklist. Auto-detection claims only the three SKF columns (plus at most two others).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import cwes_in, web_asset
from ._static_common import drop_empty

_REQUIRED = frozenset({"title", "description", "mitigation"})
_CONTROL = re.compile(r"\(([A-Z]\d+)\)\s*$")


def _unescape(value: str) -> str:
    return value.replace("\\,", ",").replace("''", "'").strip()


@register
class Skf(ReportFormat):
    id = "skf"
    scan_types = ("SKF Scan",)
    aliases = ("security-knowledge-framework",)
    default_asset_type = AssetType.WEB
    recognises = "OWASP SKF checklist CSV with exactly the columns title, description, mitigation"

    def detect(self, sniff: Sniff) -> float:
        columns = sniff.csv_columns
        if sniff.kind == "csv" and columns >= _REQUIRED and len(columns) <= len(_REQUIRED) + 2:
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "SKF checklist"):
            title = _unescape(row.get("title", ""))
            if not title:
                ctx.skip("checklist row without a title")
                continue
            category, _, requirement = title.partition(" : ")
            description = _unescape(row.get("description", ""))
            control = _CONTROL.search(title)
            yield Finding(
                asset=web_asset(ctx, "skf", None),
                name=title[:255],
                severity=Severity.INFO,
                description=description or title,
                remedy=_unescape(row.get("mitigation", "")),
                cwes=cwes_in(description),
                details=drop_empty(
                    {
                        "category": category if requirement else "",
                        "requirement": requirement,
                        "control": control.group(1) if control else "",
                    }
                ),
            )
