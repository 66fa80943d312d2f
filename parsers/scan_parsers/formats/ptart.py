"""PTART (Pentest Action Report Tool) project export, JSON: `{"name", "executive_summary", "scope", "client",
"start_date", "end_date", "cvss_type", "pentesters": [...], "assessments": [{"title", "hits": [hit]}], "retests":
[{"name", "start_date", "hits": [{"id", "status", "body", "original_hit": hit, "screenshots"}]}]}` where a hit is
{id, title, body, remediation, asset, severity 1-5, fix_complexity, cvss_vector, cvss_score, added, labels[],
cwes[{cwe_id, title}], references[], screenshots[], attachments[]}.

One finding per assessment hit and one per retest hit (a retest is a later verdict on an original hit; DefectDojo
counts both). Severity from PTART's 1-5 (1 critical, 2 high, 3 medium, 4 low, 5 informational), the score from
cvss_score. A retest hit with status F (fixed) is counted with `active=False` and `details["status"]`; NF (not
fixed) and PF (partially fixed) stay open. The asset is the hit's asset: WEB for a URL, INFRA for a host or IP,
else the project's scope; a PTART WEB placeholder without either. Screenshots and attachments (base64 data) are
not copied, only their file names. A project without hits is a clean pentest; `{}` is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import target_asset
from ._json_groups import iter_groups, leading_members
from ._json_values import obj, objs
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_SEVERITIES = {"1": Severity.CRITICAL, "2": Severity.HIGH, "3": Severity.MEDIUM, "4": Severity.LOW, "5": Severity.INFO}
_RETEST_STATUS = {"F": "fixed", "NF": "not fixed", "PF": "partially fixed", "NA": "not applicable", "NT": "not tested"}
_LISTS = ("assessments", "retests")


@register
class Ptart(ReportFormat):
    id = "ptart"
    scan_types = ("PTART Report",)
    aliases = ("pentest-action-report-tool",)
    default_asset_type = AssetType.WEB
    recognises = "PTART project JSON (executive_summary, cvss_type, pentesters, assessments[].hits, retests[].hits)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_paths(*_LISTS) and sniff.has_any_path("executive_summary", "cvss_type", "pentesters"):
            return 0.9
        if sniff.has_any_path("assessments.item.hits.item.fix_complexity", "retests.item.hits.item.original_hit"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not a PTART project export (a JSON object with assessments)")
        scope = text(leading_members(report, _LISTS).get("scope"))
        hits = 0
        for list_name in _LISTS:
            for _header, array, hit in iter_groups(report, f"{list_name}.item", ("hits",)):
                if array is None:
                    continue
                if not isinstance(hit, dict):
                    raise InvalidReport(f"{report.name}: a hit of {list_name} is not an object: not a PTART export")
                hits += 1
                if list_name == "assessments":
                    yield _hit_finding(ctx, hit, scope)
                else:
                    yield _retest_finding(ctx, hit, scope)
        if not hits:
            require_list_member(report, _LISTS, "a PTART project export")
            # the engagement (its pentesters, scope, summary) was tested and nothing was found
            ctx.skip("pentest project without hits")


def _hit_finding(ctx: ParseContext, hit: dict[str, Any], scope: str, **overrides: Any) -> Finding:
    if "title" not in hit and "id" not in hit:
        raise InvalidReport("a PTART hit without id or title")
    title = text(hit.get("title")) or text(hit.get("id"))
    asset_name = text(hit.get("asset")) or scope
    fields: dict[str, Any] = {
        "asset": target_asset(ctx, "ptart", asset_name or None),
        "name": title[:255],
        "severity": _SEVERITIES.get(text(hit.get("severity")), Severity.INFO),
        "score": cvss_score(hit.get("cvss_score")),
        "description": text(hit.get("body")) or title,
        "remedy": text(hit.get("remediation")),
        "reference_ids": unique(text(r) for r in hit.get("references") or []),
        "cwes": unique(cwe_id(c.get("cwe_id")) for c in objs(hit.get("cwes"))),
        "location": asset_name or None,
        "published": parse_datetime(hit.get("added")),
        "details": drop_empty(
            {
                "hitId": text(hit.get("id")),
                "cvssVector": text(hit.get("cvss_vector")),
                "fixComplexity": hit.get("fix_complexity"),
                "labels": [text(label) for label in hit.get("labels") or []],
                "screenshots": [text(obj(s.get("screenshot")).get("filename")) for s in objs(hit.get("screenshots"))],
                "attachments": [text(a.get("filename")) for a in objs(hit.get("attachments"))],
            }
        ),
    }
    fields.update(overrides)
    return Finding(**fields)


def _retest_finding(ctx: ParseContext, retest_hit: dict[str, Any], scope: str) -> Finding:
    original = obj(retest_hit.get("original_hit"))
    code = text(retest_hit.get("status")).upper()
    status = _RETEST_STATUS.get(code, code.lower())
    base = _hit_finding(ctx, original or {"id": text(retest_hit.get("id"))}, scope)
    details = drop_empty(
        {
            **base.details,
            "hitId": text(retest_hit.get("id")),
            "originalHitId": text(original.get("id")),
            "status": status,
            "screenshots": [
                text(obj(s.get("screenshot")).get("filename")) for s in objs(retest_hit.get("screenshots"))
            ],
            "attachments": [],
        }
    )
    base.name = f"Retest: {base.name}"[:255]
    base.description = join_nonempty(f"Retest ({status}): {text(retest_hit.get('body'))}", base.description)
    base.active = code != "F"
    base.details = details
    return base
