"""IriusRisk threats CSV: a project's threat list exported from IriusRisk (Threats view > Export > CSV, and the
same columns from the API's threat report): "Component", "Use case", "Source", "Threat", "Risk Response",
"Inherent Risk", "Current Risk", "Countermeasure progress", "Weakness tests", "Countermeasure tests", "Projected
Risk", "Owner", and in later versions "MITRE reference" and "STRIDE-LM" (columns matched without case or order).

One finding per row: one threat to one component of the model. Severity is the Current Risk (Critical, High, Medium,
Low; Very low is info). A threat whose risk response reports it fully mitigated ("Mitigated: 100%") is counted but
inactive. The export does not name the project: the asset is one CODE placeholder per report (override the asset
when importing); the component is the location. CWE and CAPEC ids of the MITRE reference become references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, unique
from ._static_common import code_asset, drop_empty

_REQUIRED = frozenset({"component", "threat", "current risk"})
_IRIUS = {"use case", "risk response", "inherent risk", "countermeasure progress", "projected risk"}
_MITIGATED = re.compile(r"\bmitigated:\s*100\s*%", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(CWE|CAPEC)-(\d+)\b", re.IGNORECASE)


@register
class IriusRisk(ReportFormat):
    id = "iriusrisk"
    scan_types = ("IriusRisk Threats Scan",)
    aliases = ("irius-risk",)
    default_asset_type = AssetType.CODE
    recognises = "IriusRisk threats CSV: Component, Use case, Threat, Risk Response, Inherent Risk, Current Risk, ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED and len(_IRIUS & sniff.csv_columns) >= 3:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "iriusrisk")
        for row in iter_csv_columns(report, _REQUIRED, "IriusRisk threat export"):
            component, threat = row.get("component", ""), row.get("threat", "")
            response = row.get("risk response", "")
            mitigated = bool(_MITIGATED.search(response))
            risk = row.get("current risk", "")
            refs = [m.group(0).upper() for m in _REFERENCE.finditer(row.get("mitre reference", ""))]
            details = drop_empty(
                {
                    "useCase": row.get("use case"),
                    "source": row.get("source"),
                    "inherentRisk": row.get("inherent risk"),
                    "projectedRisk": row.get("projected risk"),
                    "countermeasureProgress": row.get("countermeasure progress"),
                    "weaknessTests": row.get("weakness tests"),
                    "countermeasureTests": row.get("countermeasure tests"),
                    "owner": row.get("owner"),
                    "strideLm": row.get("stride-lm"),
                }
            )
            if mitigated:
                details["status"] = "mitigated"
            yield Finding(
                asset=asset,
                name=threat or f"Threat to {component}",
                severity=Severity.INFO if risk.lower() == "very low" else label(risk, Severity.INFO),
                description=f"{threat}\n\nComponent: {component}; use case: {row.get('use case', '')}. {response}",
                remedy="Implement the countermeasures IriusRisk proposes for this threat.",
                cwes=unique(cwe_id(r) for r in refs if r.startswith("CWE")),
                reference_ids=unique(refs),
                location=component or None,
                details=details,
                active=not mitigated,
            )
