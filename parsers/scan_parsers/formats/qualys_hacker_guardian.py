"""Qualys / HackerGuardian PCI scan CSV (the HackerGuardian vulnerability export, built on Qualys scan results):

    "IP","HOSTNAME","LAST SCAN","QID","VULN TITLE","TYPE","SEVERITY","PORT","PROTOCOL","OPERATING SYSTEM",
    "IS_PCI","FALSE POSITIVE STATUS","CVSS_BASE","Q_SEVERITY","THREAT","IMPACT","SOLUTION","CVSS_TEMPORAL",
    "CATEGORY","RESULT","BUGTRAQID","CVEID"

One finding per row: a Qualys QID detected on one host, port and protocol. Severity from the SEVERITY column as
words (low, medium, high, critical) or, when it or Q_SEVERITY is Qualys' 1-5 scale, 5 critical, 4 high, 3 medium,
2 low, 1 informational; the score is CVSS_BASE. A row whose false-positive request was accepted (FALSE POSITIVE
STATUS accepted / approved) is still counted, with `active=False` and the status in `details["status"]`. The asset
is INFRA: IP, host name and operating system. A header-only file is a clean scan. The columns are those of
Qualys' monthly PCI CSV, which the qualys format reads: a HackerGuardian export is parsed as such when the format
is named (auto-detection only names it as a candidate).
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
from ._sca_common import cves_in, cvss_score, parse_datetime
from ._scan_common import infra_asset, is_ip, join_nonempty
from ._static_common import drop_empty

_REQUIRED = frozenset({"ip", "qid", "vuln title", "severity", "port", "false positive status"})
_QUALYS = {"5": Severity.CRITICAL, "4": Severity.HIGH, "3": Severity.MEDIUM, "2": Severity.LOW, "1": Severity.INFO}
_ACCEPTED = frozenset({"accepted", "approved", "false positive"})


@register
class QualysHackerGuardian(ReportFormat):
    id = "qualys_hacker_guardian"
    scan_types = ("Qualys Hacker Guardian Scan",)
    aliases = ("hackerguardian",)
    default_asset_type = AssetType.INFRA
    recognises = "HackerGuardian CSV (IP, HOSTNAME, QID, VULN TITLE, IS_PCI, FALSE POSITIVE STATUS, Q_SEVERITY)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED | {"is_pci", "q_severity"}:
            # Qualys' own PCI scan CSV has exactly these columns (the qualys format claims it): nothing in the
            # values tells the two apart, so HackerGuardian is only named as a candidate; name the format.
            return 0.45
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "HackerGuardian scan"):
            yield _finding(ctx, row)


def _severity(row: dict[str, str]) -> Severity:
    value = row.get("severity", "").strip()
    if value in _QUALYS:
        return _QUALYS[value]
    if value:
        return label(value, Severity.INFO)
    return _QUALYS.get(row.get("q_severity", "").strip(), Severity.INFO)


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    ip, hostname = row.get("ip", ""), row.get("hostname", "")
    port, protocol = row.get("port", ""), row.get("protocol", "")
    qid = row.get("qid", "")
    title = row.get("vuln title") or f"Qualys QID {qid}"
    fp_status = row.get("false positive status", "")
    return Finding(
        asset=infra_asset(
            ctx,
            "hackerguardian",
            ip=ip if is_ip(ip) else None,
            hostname=hostname or (None if is_ip(ip) else ip or None),
            os=row.get("operating system") or None,
        ),
        name=title[:255],
        severity=_severity(row),
        score=cvss_score(row.get("cvss_base")),
        description=join_nonempty(row.get("threat", ""), row.get("impact", ""), row.get("result", "")) or title,
        remedy=row.get("solution", ""),
        reference_ids=cves_in(row.get("cveid", "")),
        location=f"{ip or hostname}:{port}/{protocol}".rstrip("/") if port else (ip or hostname or None),
        published=parse_datetime(row.get("last scan")),
        active=fp_status.lower() not in _ACCEPTED,
        details=drop_empty(
            {
                "qid": qid,
                "status": fp_status.lower(),
                "type": row.get("type"),
                "pci": row.get("is_pci"),
                "category": row.get("category"),
                "qualysSeverity": row.get("q_severity"),
                "cvssTemporal": row.get("cvss_temporal"),
                "bugtraq": row.get("bugtraqid"),
            }
        ),
    )
