"""Prowler 2 (the shell-script Prowler for AWS), its outputs in every 2.x release:

- CSV (`-M csv`): 2.5+ writes PROFILE, ACCOUNT_NUM, REGION, TITLE_ID, CHECK_RESULT, ITEM_SCORED, ITEM_LEVEL,
  TITLE_TEXT, CHECK_RESULT_EXTENDED, CHECK_ASFF_COMPLIANCE_TYPE, CHECK_SEVERITY, CHECK_SERVICENAME,
  CHECK_ASFF_RESOURCE_TYPE, CHECK_ASFF_TYPE, CHECK_RISK, CHECK_REMEDIATION, CHECK_DOC, CHECK_CAF_EPIC (later
  releases add CHECK_RESOURCE_ID, PROWLER_START_TIME, ACCOUNT_DETAILS_*); 2.0-2.4 wrote PROFILE, ACCOUNT_NUM,
  REGION, TITLE_ID, RESULT, SCORED, LEVEL, TITLE_TEXT, NOTES.
- JSON Lines (`-M json`): one object per line with "Account Number", "Control", "Message", "Status",
  "Control ID", "Region", "Resource ID", "Severity", ....

One finding per failed (FAIL, or WARNING: Prowler 2's potential issue) check result; Prowler 2 writes one line per
user, bucket, ... it checked, so the message (and the resource id where written) tells them apart. PASS and INFO
results are counted as skipped (see `_prowler`). CLOUD assets per account and region, and resource where Prowler
names it. Streamed line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_csv_columns, iter_json_lines
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._prowler import CheckResult, findings
from ._sca_common import text

_CSV_COLUMNS = frozenset({"account_num", "title_id", "title_text"})
_RESULT_COLUMNS = frozenset({"check_result", "result"})
_JSON_KEYS = ("Account Number", "Control", "Status", "Control ID")
_CHECK = re.compile(r"^\[(\w+)\]\s*")  # "[check11] Avoid the use of the root account (Scored)"


@register
class AwsProwler(ReportFormat):
    id = "aws_prowler"
    scan_types = ("AWS Prowler Scan",)
    aliases = ("prowler-v2", "prowler2")
    default_asset_type = AssetType.CLOUD
    phoenix_scan_type = "AWS Prowler Scan"
    recognises = (
        "Prowler 2 CSV (ACCOUNT_NUM, TITLE_ID, CHECK_RESULT, ...) or JSON Lines (Account Number, Control, Status)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _CSV_COLUMNS and sniff.csv_columns & _RESULT_COLUMNS:
            return 0.9
        if sniff.kind in ("json", "jsonl") and sniff.json_root == "object" and sniff.has_paths(*_JSON_KEYS):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"{":
            return findings(ctx, _json_results(report))
        return findings(ctx, _csv_results(report), passed_inactive=True)


def _split_title(title: str) -> tuple[str, str]:
    m = _CHECK.match(title)
    return (m.group(1), title[m.end() :]) if m else ("", title)


def _csv_results(report: ReportInput) -> Iterator[CheckResult]:
    for c in iter_csv_columns(report, _CSV_COLUMNS, "Prowler 2"):
        check, title = _split_title(c.get("title_text", ""))
        yield CheckResult(
            check_id=check or c.get("title_id", ""),
            title=title,
            status=(c.get("check_result") or c.get("result", "")).upper(),
            message=c.get("check_result_extended") or c.get("notes", ""),
            severity=c.get("check_severity", ""),
            provider="aws",
            account=c.get("account_num", ""),
            region=c.get("region", ""),
            resource_uid=c.get("check_resource_id", ""),
            resource_type=c.get("check_asff_resource_type", ""),
            risk=c.get("check_risk", ""),
            remediation=c.get("check_remediation", ""),
            remediation_url=c.get("check_doc", ""),
            service=c.get("check_servicename", ""),
            compliance={"control": c["title_id"]} if c.get("title_id") else {},
            time=c.get("prowler_start_time", ""),
        )


def _json_results(report: ReportInput) -> Iterator[CheckResult]:
    for item in iter_json_lines(report):
        if not isinstance(item, dict) or not all(k in item for k in ("Account Number", "Status")):
            raise InvalidReport(f"{report.name}: a line without Account Number and Status: not Prowler 2 JSON")
        yield _json_result(item)


def _json_result(x: dict[str, Any]) -> CheckResult:
    check, title = _split_title(text(x.get("Control")))
    region = text(x.get("Region"))
    message = text(x.get("Message"))
    return CheckResult(
        check_id=check or text(x.get("Control ID")),
        title=title,
        status=text(x.get("Status")).upper(),
        message=message.removeprefix(f"{region}: ") if region else message,
        severity=text(x.get("Severity")),
        provider="aws",
        account=text(x.get("Account Number")),
        region=region,
        resource_uid=text(x.get("Resource ID")),
        risk=text(x.get("Risk")),
        remediation=text(x.get("Remediation")),
        remediation_url=text(x.get("Doc link")),
        service=text(x.get("Service")),
        compliance={"control": text(x.get("Control ID"))} if x.get("Control ID") else {},
        time=text(x.get("Timestamp")),
    )
