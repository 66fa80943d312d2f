"""IntSights (Rapid7 Threat Command) alerts, in both shapes the platform gives them:

* JSON, the alerts API / "Export as JSON": `{"Alerts": [{"_id", "Details": {Title, Description, Severity, Type,
  SubType, Source: {URL, Date, NetworkType}}, "Assets": [{Type, Value}], "FoundDate", "Closed": {IsClosed,
  Reason}, ...}]}`;
* CSV, the alerts screen export: `Alert ID,Title,Description,Severity,Type,Source Date (UTC),Report Date (UTC),
  Network Type,Source URL,Source Name,Assets,Tags,Assignees,Remediation,Status,Closed Reason,Additional Info,
  Rating,Alert Link` (blank rows between alerts are skipped).

One finding per alert. Severity from IntSights' label (High, Medium, Low; Critical in newer versions). A closed
alert (Closed.IsClosed true, Status "Closed") is still counted, with `active=False` and its state in
`details["status"]`. The asset is the alert's first company asset: WEB for a URL, INFRA for a domain, host name or
IP (the alerts are about the company's external hosts); an alert without one (a brand or company name) is an
IntSights WEB placeholder. `{"Alerts": []}` is a clean account, recognised only when the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import target_asset
from ._json_groups import iter_groups
from ._json_values import obj, objs
from ._sca_common import parse_datetime, text
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_CSV_REQUIRED = frozenset({"alert id", "title", "severity", "assets", "status"})


@register
class IntSights(ReportFormat):
    id = "intsights"
    scan_types = ("IntSights Report",)
    aliases = ("threat-command",)
    default_asset_type = AssetType.INFRA
    recognises = "IntSights alerts: JSON Alerts[] with Details/Assets/Closed, or CSV with Alert ID, Alert Link columns"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            return 0.9 if sniff.csv_columns >= _CSV_REQUIRED | {"alert link"} else 0.0
        if sniff.json_root == "object" and sniff.has_paths("Alerts.item.Details.Title", "Alerts.item.Details.Severity"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            for row in iter_csv_columns(report, _CSV_REQUIRED, "IntSights alerts export"):
                if not (row.get("alert id") or row.get("title")):
                    # the export separates alerts with blank rows; a column a newer version adds may fill them
                    ctx.skip("blank row")
                    continue
                yield _csv_finding(ctx, row)
            return
        items = 0
        for header, array, item in iter_groups(report, "", ("Alerts",)):
            if array is None:
                if not items and "Alerts" not in header:
                    require_list_member(report, ("Alerts",), "an IntSights alerts export")
                continue
            items += 1
            if not isinstance(item, dict) or not isinstance(item.get("Details"), dict):
                raise InvalidReport(f"{report.name}: an alert without Details: not an IntSights alert")
            yield _json_finding(ctx, item)


def _json_finding(ctx: ParseContext, alert: dict[str, Any]) -> Finding:
    details = obj(alert.get("Details"))
    source = obj(details.get("Source"))
    assets = objs(alert.get("Assets"))
    closed = obj(alert.get("Closed"))
    is_closed = closed.get("IsClosed") is True
    title = text(details.get("Title")) or f"IntSights alert {text(alert.get('_id'))}"
    return Finding(
        asset=target_asset(ctx, "intsights", text(assets[0].get("Value")) if assets else None),
        name=title[:255],
        severity=label(details.get("Severity"), Severity.INFO),
        description=text(details.get("Description")) or title,
        location=text(source.get("URL")) or None,
        published=parse_datetime(alert.get("FoundDate")),
        active=not is_closed,
        details=drop_empty(
            {
                "alertId": text(alert.get("_id")),
                "status": ("closed" + (f": {text(closed.get('Reason'))}" if closed.get("Reason") else ""))
                if is_closed
                else "open",
                "type": text(details.get("Type")),
                "subType": text(details.get("SubType")),
                "networkType": text(source.get("NetworkType")),
                "takedownStatus": text(alert.get("TakedownStatus")),
                "assets": [f"{text(a.get('Type'))}: {text(a.get('Value'))}" for a in assets],
            }
        ),
    )


def _csv_finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    assets = [a.strip() for a in row.get("assets", "").split(",") if a.strip()]
    status = row.get("status", "")
    title = row.get("title") or f"IntSights alert {row.get('alert id', '')}"
    return Finding(
        asset=target_asset(ctx, "intsights", assets[0] if assets else None),
        name=title[:255],
        severity=label(row.get("severity"), Severity.INFO),
        description=join_nonempty(row.get("description", "").replace("\xa0", " "), row.get("additional info", ""))
        or title,
        location=row.get("source url") or None,
        active=status.lower() != "closed",
        details=drop_empty(
            {
                "alertId": row.get("alert id"),
                "status": status.lower() + (f": {row['closed reason']}" if row.get("closed reason") else ""),
                "type": row.get("type"),
                "networkType": row.get("network type"),
                "alertLink": row.get("alert link"),
                # the export's Remediation column is the takedown request state ("Not Sent"), not advice
                "takedownStatus": row.get("remediation"),
                "assets": assets,
                "sourceDate": row.get("source date (utc)"),
            }
        ),
    )
