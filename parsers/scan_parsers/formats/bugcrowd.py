"""Bugcrowd submissions CSV, the export of a program's submissions (Submissions > Export CSV):

    reference_number,bounty_code,source,username,title,caption,priority,amount,points,paid_at,vrt_lineage,
    substate,state,duplicate,bug_url,description,http_request,extra_info,submitted_at,validated_at,closed_at,
    target_name,target_category,remediation_advice,vulnerability_references

One finding per submission row. Severity from the Bugcrowd priority P1 critical, P2 high, P3 medium, P4 low, P5
informational. A submission the platform closed (state "closed", or a substate resolved, duplicate, not
applicable, not reproducible, out of scope, informational, won't fix, or duplicate TRUE) is still counted, as
DefectDojo does, with `active=False` and its state in `details["status"]`. The asset is the submission's target:
WEB for a URL target (or a "website"/"api" target category), INFRA for an IP or a bare host name, a Bugcrowd WEB
placeholder for a target that names neither (a mobile application); the bug URL is the finding's location. CWE ids
come from the cwe.mitre.org links of vulnerability_references. A header-only export is a clean program.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import BUGCROWD_CLOSED, bugcrowd_priority, cwes_in_links, is_host, target_asset
from ._sca_common import parse_datetime
from ._scan_common import host_of, join_nonempty
from ._static_common import drop_empty

_REQUIRED = frozenset({"reference_number", "title", "priority", "state"})


@register
class Bugcrowd(ReportFormat):
    id = "bugcrowd"
    scan_types = ("BugCrowd Scan",)
    aliases = ("bugcrowd-csv",)
    default_asset_type = AssetType.WEB
    recognises = "Bugcrowd submissions CSV (reference_number, bounty_code, priority, vrt_lineage, substate, bug_url)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "csv":
            return 0.0
        columns = sniff.csv_columns
        if columns >= _REQUIRED and {"vrt_lineage", "bounty_code"} & columns:
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Bugcrowd submissions export"):
            yield _finding(ctx, row)


def _state(row: dict[str, str]) -> str | None:
    """The closing state of a submission, or None while it is open."""
    for column in ("substate", "state"):
        value = row.get(column, "").lower().replace(" ", "_").replace("'", "")
        if value in BUGCROWD_CLOSED:
            return value
    if row.get("duplicate", "").upper() == "TRUE":
        return "duplicate"
    return None


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    target = row.get("target_name", "")
    bug_url = row.get("bug_url", "")
    category = row.get("target_category", "")
    if not ("://" in target or is_host(target)) and "://" in bug_url and "." in host_of(bug_url)[0]:
        target, category = bug_url, "website"  # a named application: the bug URL says where it was found
    closed = _state(row)
    title = row.get("title") or row.get("caption") or f"Bugcrowd submission {row.get('reference_number', '')}"
    references = row.get("vulnerability_references", "")
    return Finding(
        asset=target_asset(ctx, "bugcrowd", target, category),
        name=title[:255],
        severity=bugcrowd_priority(row.get("priority", "")),
        description=join_nonempty(
            row.get("description", ""),
            f"HTTP request:\n{row['http_request']}" if row.get("http_request") else "",
            row.get("extra_info", ""),
        )
        or title,
        remedy=row.get("remediation_advice", ""),
        cwes=cwes_in_links(references),
        location=bug_url or None,
        published=parse_datetime(row.get("submitted_at", "").removesuffix(" UTC")),
        active=closed is None,
        details=drop_empty(
            {
                "referenceNumber": row.get("reference_number"),
                "bountyCode": row.get("bounty_code"),
                "vrt": row.get("vrt_lineage"),
                "status": closed or row.get("substate") or row.get("state"),
                "target": row.get("target_name"),
                "targetCategory": row.get("target_category"),
                "references": references,
                "researcher": row.get("username"),
                "amount": row.get("amount"),
            }
        ),
    )
