"""HackerOne reports, in the three shapes a program can save them:

* the bug-bounty export, JSON `{"findings": [{id, title, severity_rating, severity_score, state, substate,
  weakness, reported_at, structured_scope, cve_ids, ...}]}` or the same columns as CSV;
* the vulnerability-disclosure API page (`GET /v1/reports`, JSON:API): `{"data": [{"id", "type": "report",
  "attributes": {title, state, main_state, created_at, vulnerability_information, cve_ids, ...}, "relationships":
  {severity, weakness, structured_scope, ...}}], "links": {...}}`.

One finding per report. Severity from HackerOne's rating (none informational, low, medium, high, critical), the
CVSS score when one is given. A report HackerOne closed (main_state or state "closed", or a state resolved,
duplicate, informative, not-applicable or spam) is still counted, as DefectDojo does, with `active=False` and its
state in `details["status"]`. The asset is the report's structured scope: WEB for a URL, domain or wildcard scope,
INFRA for an IP, a CIDR or (in the export, which gives no asset type) a bare host name; a scope that names neither
(an app id, a numeric scope id) is a HackerOne WEB placeholder. An empty list is a clean program; the export's
`{"findings": []}` is only recognised when the format is named, the API page by its api.hackerone.com links.
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
from ._json_values import obj
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_CSV_REQUIRED = frozenset({"id", "title", "severity_rating", "state", "substate", "structured_scope"})
_CLOSED = frozenset({"closed", "resolved", "duplicate", "informative", "not-applicable", "spam"})
_EXPORT_KEYS = ("findings.item.severity_rating", "findings.item.substate")


@register
class HackerOne(ReportFormat):
    id = "h1"
    scan_types = ("HackerOne Cases",)
    aliases = ("hackerone",)
    default_asset_type = AssetType.WEB
    recognises = (
        "HackerOne bug-bounty export (findings[] or CSV with severity_rating, substate, structured_scope) or a "
        "/v1/reports API page (data[] of type report, links to api.hackerone.com)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            return 0.9 if sniff.csv_columns >= _CSV_REQUIRED else 0.0
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("findings", *_EXPORT_KEYS):
            return 0.9
        if sniff.json_string("data.item.type") == "report" and sniff.has_paths(
            "data.item.attributes.title", "data.item.attributes.state"
        ):
            return 0.9
        if sniff.has_paths("data") and "api.hackerone.com" in sniff.json_string("links.self"):
            return 0.9  # an empty page of the reports API
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            for row in iter_csv_columns(report, _CSV_REQUIRED, "HackerOne bug-bounty export"):
                yield _export_finding(ctx, row)
            return
        items = 0
        for header, array, item in iter_groups(report, "", ("findings", "data")):
            if array is None:
                if not items and not any(k in header for k in ("findings", "data")):
                    # no item: the document is small; it must still hold one of the lists (an empty one)
                    require_list_member(report, ("findings", "data"), "a HackerOne report")
                continue
            items += 1
            if not isinstance(item, dict):
                raise InvalidReport(f"{report.name}: an entry of `{array}` is not a HackerOne report")
            yield _export_finding(ctx, item) if array == "findings" else _api_finding(report, ctx, item)


def _closed(*states: str) -> str | None:
    for state in states:
        value = state.strip().lower().replace("_", "-")
        if value in _CLOSED:
            return value
    return None


def _export_finding(ctx: ParseContext, row: dict[str, Any]) -> Finding:
    """A bug-bounty export entry (JSON object or CSV row: the same names, every value a string)."""
    report_id = text(row.get("id"))
    title = text(row.get("title")) or f"HackerOne report {report_id}"
    state, substate = text(row.get("state")), text(row.get("substate"))
    closed = _closed(substate) or ("closed" if state.lower() == "closed" else None)
    score = cvss_score(row.get("severity_score"))
    weakness = text(row.get("weakness"))
    scope = text(row.get("structured_scope"))
    return Finding(
        asset=target_asset(ctx, "hackerone", scope),
        name=title[:255],
        severity=label(row.get("severity_rating"), Severity.INFO),
        description=title + (f"\n\nWeakness: {weakness}" if weakness else ""),
        score=score,
        reference_ids=unique(text(row.get("cve_ids")).replace(";", ",").split(",")),
        published=parse_datetime(text(row.get("reported_at")).removesuffix(" UTC")),
        active=closed is None,
        details=drop_empty(
            {
                "reportId": report_id,
                "status": closed or substate or state,
                "state": state,
                "weakness": weakness,
                "scope": scope,
                "bounty": text(row.get("bounty")),
                "originalReportId": text(row.get("original_report_id")),
                "reference": text(row.get("reference_url")),
            }
        ),
    )


def _related(relationships: dict[str, Any], name: str) -> dict[str, Any]:
    """The attributes of a to-one relationship: relationships.<name>.data.attributes."""
    return obj(obj(obj(relationships.get(name)).get("data")).get("attributes"))


def _api_finding(report: ReportInput, ctx: ParseContext, item: dict[str, Any]) -> Finding:
    attributes = item.get("attributes")
    if not isinstance(attributes, dict) or "title" not in attributes:
        raise InvalidReport(f"{report.name}: a `data` entry without attributes.title: not a HackerOne report")
    relationships = obj(item.get("relationships"))
    severity = _related(relationships, "severity")
    weakness = _related(relationships, "weakness")
    scope = _related(relationships, "structured_scope")
    state, main_state = text(attributes.get("state")), text(attributes.get("main_state"))
    closed = _closed(state) or ("closed" if main_state.lower() == "closed" else None)
    title = text(attributes.get("title")) or f"HackerOne report {text(item.get('id'))}"
    cwe = cwe_id(text(weakness.get("external_id")).upper())
    cves = attributes.get("cve_ids")
    return Finding(
        asset=target_asset(ctx, "hackerone", text(scope.get("asset_identifier")), text(scope.get("asset_type"))),
        name=title[:255],
        severity=label(severity.get("rating"), Severity.INFO),
        score=cvss_score(severity.get("score")),
        description=join_nonempty(
            text(attributes.get("vulnerability_information")),
            f"Weakness: {text(weakness.get('name'))}" if weakness.get("name") else "",
        )
        or title,
        reference_ids=unique(cves if isinstance(cves, list) else text(cves).split(",")),
        cwes=[cwe] if cwe else [],
        published=parse_datetime(attributes.get("created_at")),
        active=closed is None,
        details=drop_empty(
            {
                "reportId": text(item.get("id")),
                "status": closed or state,
                "mainState": main_state,
                "weakness": text(weakness.get("name")),
                "cvssVector": text(severity.get("cvss_vector_string")),
                "scope": text(scope.get("asset_identifier")),
                "scopeType": text(scope.get("asset_type")),
                "issueTracker": text(attributes.get("issue_tracker_reference_url")),
            }
        ),
    )
