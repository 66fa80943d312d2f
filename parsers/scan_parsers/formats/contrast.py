"""Contrast Assess (IAST) vulnerability CSV: Vulnerabilities > Export to CSV in the TeamServer UI, every column set
it has had (Vulnerability Name, Vulnerability ID, Category, Rule Name, Severity, Status, Number of Events, First
Seen, Last Seen, Application Name, Application ID, CWE ID, Request Method, Request URI, Request Qs, Request Body;
newer exports add First Seen Datetime and Last Seen Datetime; column names matched without case).

One finding per Vulnerability ID (a trace): rows repeating an id, one per request Contrast recorded, are folded into
it and counted as skipped. Severity is Contrast's (Critical, High, Medium, Low, Note; Note is informational). A
trace Contrast marks closed (NotAProblem, Remediated, Fixed, Auto-Remediated, Closed) is counted but inactive. The
asset is the CODE of the instrumented application (its name); the request (method, URI) is the location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, parse_datetime
from ._static_common import code_asset, drop_empty

_REQUIRED = {"vulnerability id", "rule name", "severity", "vulnerability name"}
_CONTRAST = {"number of events", "application name", "application id", "request uri"}
_CWE_LINK = re.compile(r"definitions/(\d+)")
_CLOSED = {"notaproblem", "not a problem", "remediated", "fixed", "auto-remediated", "autoremediated", "closed"}


@register
class Contrast(ReportFormat):
    id = "contrast"
    scan_types = ("Contrast Scan",)
    aliases = ("contrast-assess", "contrast-security")
    default_asset_type = AssetType.CODE
    recognises = "Contrast Assess CSV export: Vulnerability Name, Vulnerability ID, Rule Name, Severity, Status, ..."

    def detect(self, sniff: Sniff) -> float:
        columns = sniff.csv_columns
        if sniff.kind == "csv" and columns >= _REQUIRED and len(_CONTRAST & columns) >= 2:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen: set[str] = set()
        first = True
        for raw in iter_csv(report):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            if first and not row.keys() >= _REQUIRED:
                raise InvalidReport(
                    f"{report.name}: no Vulnerability ID, Rule Name and Severity columns: not a Contrast CSV export"
                )
            first = False
            trace = row["vulnerability id"]
            if trace and trace in seen:
                ctx.skip("another request of the same Contrast trace")
                continue
            seen.add(trace)
            yield _finding(ctx, row)


def _seen(row: dict[str, str], which: str) -> datetime | None:
    when = parse_datetime(row.get(f"{which} seen datetime"))
    epoch = row.get(f"{which} seen", "")
    if when is None and epoch.isdigit():
        when = datetime.fromtimestamp(int(epoch) / 1000, UTC)  # milliseconds since the epoch
    return when


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    status = row.get("status", "")
    closed = status.lower() in _CLOSED
    severity = row.get("severity", "")
    request = " ".join(p for p in (row.get("request method"), row.get("request uri")) if p)
    query = row.get("request qs", "")
    last = _seen(row, "last")
    # the column holds the CWE's page: https://cwe.mitre.org/data/definitions/327.html
    link = _CWE_LINK.search(row.get("cwe id", ""))
    cwe = cwe_id(link.group(1) if link else row.get("cwe id"))
    details = drop_empty(
        {
            "traceId": row.get("vulnerability id"),
            "rule": row.get("rule name"),
            "category": row.get("category"),
            "events": row.get("number of events"),
            "applicationId": row.get("application id"),
            "lastSeen": last.isoformat() if last else None,
            "query": query,
        }
    )
    if closed:
        details["status"] = status
    name = row.get("vulnerability name") or row.get("rule name") or "Contrast vulnerability"
    return Finding(
        asset=code_asset(ctx, row.get("application name"), "contrast"),
        name=name,
        severity=Severity.INFO if severity.lower() == "note" else label(severity, Severity.INFO),
        description=f"{name} ({row.get('rule name', '')}, {row.get('category', '')}); status {status or 'unknown'}.",
        remedy=f"See Contrast's guidance for rule {row.get('rule name', '')}.",
        cwes=[cwe] if cwe else [],
        reference_ids=[row["vulnerability id"]] if row.get("vulnerability id") else [],
        location=request or None,
        published=_seen(row, "first"),
        details=details,
        active=not closed,
    )
