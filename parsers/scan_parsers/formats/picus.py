"""Picus Security (breach and attack simulation) results CSV, the simulation run export: one row per simulated
attack action, with threatId, threatName, threatSeverity, threatPreventionResult, actionId, actionName,
actionDescription, actionMitreTactic / Technique / Subtechnique, actionPreventionResult, cve, cwe, the detection
log and alert results, vendor and signature columns, and the run's location and attacker user.

One finding per row: a threat action the security controls were tested against. Severity from threatSeverity
(Critical, High, Medium, Low). An action the controls blocked (action, else threat, prevention result "Blocked")
is a passed test: it is still counted, with `active=False` and `details["status"]` "blocked"; "Not Blocked" rows
are open. The asset is the simulation target (INFRA: the row's location, or a Picus placeholder host when the
export does not name it). A header-only export is a run with no results.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cwe_id, parse_datetime, unique
from ._scan_common import infra_asset, is_ip, join_nonempty
from ._static_common import drop_empty

_REQUIRED = frozenset({"simulationrunid", "threatid", "threatname", "threatseverity", "actionid", "actionname"})


@register
class Picus(ReportFormat):
    id = "picus"
    scan_types = ("PICUS Scan",)
    aliases = ("picus-security",)
    default_asset_type = AssetType.INFRA
    recognises = (
        "Picus simulation results CSV (simulationRunId, threatId, threatName, actionId, actionPreventionResult)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED:
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Picus simulation results"):
            yield _finding(ctx, row)


def _prevention(row: dict[str, str]) -> str:
    return (row.get("actionpreventionresult") or row.get("threatpreventionresult") or "").strip().lower()


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    threat, action = row.get("threatname", ""), row.get("actionname", "")
    prevention = _prevention(row)
    location = row.get("location", "")
    technique = row.get("actionmitresubtechnique") or row.get("actionmitretechnique", "")
    cwe = cwe_id(row.get("cwe"))
    return Finding(
        asset=infra_asset(
            ctx,
            "picus",
            ip=location if is_ip(location) else None,
            hostname=None if is_ip(location) else location or None,
        ),
        name=(f"{threat}: {action}" if threat and action else threat or action or "Picus threat")[:255],
        severity=label(row.get("threatseverity"), Severity.INFO),
        description=join_nonempty(
            row.get("actiondescription", ""),
            f"Prevention: {row.get('actionpreventionresult') or row.get('threatpreventionresult', '')}",
            f"Detection: log {row.get('threatdetectionlogresult', '')}, "
            f"alert {row.get('threatdetectionalertresult', '')}",
        ),
        remedy=f"See the mitigations of the threat in Picus: {row['genericmitigationstablink']}"
        if row.get("genericmitigationstablink")
        else "",
        reference_ids=unique([*cves_in(row.get("cve", "")), technique or None]),
        cwes=[cwe] if cwe else [],
        published=parse_datetime(row.get("attackstartedtimeutc")),
        active=prevention != "blocked",
        details=drop_empty(
            {
                "status": "blocked" if prevention == "blocked" else prevention,
                "simulationRunId": row.get("simulationrunid"),
                "threatId": row.get("threatid"),
                "actionId": row.get("actionid"),
                "attackModule": row.get("attackmodules"),
                "mitreTactic": row.get("actionmitretactic"),
                "mitreTechnique": row.get("actionmitretechnique"),
                "affectedOs": row.get("affectedos"),
                "attackCategory": row.get("attackcategory"),
                "signature": row.get("signaturename"),
                "vendor": row.get("vendorname"),
            }
        ),
    )
