"""Trustwave vulnerability scan CSV (TrustKeeper / Trustwave managed vulnerability scanning, "Export as CSV"):

    "Status","IP","Target Name","Domain","Vulnerability Name","Description","Remediation","Protocol","Port",
    "Severity","CVE","Service","Evidence"

One finding per row: a vulnerability on one target IP, port and protocol. Severity from Trustwave's letter
(C critical, H high, M medium, L low, I informational; full words accepted). A row whose Status closes it (passed,
fixed, closed, false positive) is still counted, with `active=False` and the status in `details["status"]`. The
asset is INFRA: the IP, with the Domain as host name; the Target Name (the scan target's label) is kept in details.
A header-only file is a clean scan.
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
from ._sca_common import cves_in
from ._scan_common import infra_asset, is_ip
from ._static_common import drop_empty

_REQUIRED = frozenset({"ip", "target name", "vulnerability name", "severity", "port", "evidence"})
_LETTERS = {"C": Severity.CRITICAL, "H": Severity.HIGH, "M": Severity.MEDIUM, "L": Severity.LOW, "I": Severity.INFO}
_CLOSED = frozenset({"passed", "pass", "fixed", "closed", "false positive", "resolved"})


@register
class Trustwave(ReportFormat):
    id = "trustwave"
    scan_types = ("Trustwave Scan (CSV)",)
    aliases = ("trustwave-csv",)
    default_asset_type = AssetType.INFRA
    recognises = "Trustwave scan CSV (Status, IP, Target Name, Domain, Vulnerability Name, Severity, CVE, Evidence)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED | {"domain", "status"}:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Trustwave scan"):
            yield _finding(ctx, row)


def _severity(value: str) -> Severity:
    value = value.strip()
    return _LETTERS.get(value.upper(), Severity.INFO) if len(value) == 1 else label(value, Severity.INFO)


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    ip, domain = row.get("ip", ""), row.get("domain", "")
    port, protocol = row.get("port", ""), row.get("protocol", "")
    status = row.get("status", "")
    name = row.get("vulnerability name") or "Trustwave finding"
    return Finding(
        asset=infra_asset(
            ctx, "trustwave", ip=ip if is_ip(ip) else None, hostname=domain or (None if is_ip(ip) else ip or None)
        ),
        name=name[:255],
        severity=_severity(row.get("severity", "")),
        description=row.get("description") or name,
        remedy=row.get("remediation", ""),
        reference_ids=cves_in(row.get("cve", "")) or [c.strip() for c in row.get("cve", "").split(",") if c.strip()],
        location=f"{ip}:{port}/{protocol}".rstrip("/") if port else ip or None,
        active=status.lower() not in _CLOSED,
        details=drop_empty(
            {
                "status": status.lower(),
                "targetName": row.get("target name"),
                "port": port,
                "protocol": protocol,
                "service": row.get("service"),
                "evidence": row.get("evidence"),
            }
        ),
    )
