"""Cobalt.io findings API (`GET /findings`, API v2) saved to a file: `{"data": [{"resource": {id, tag, title,
description, type_category, labels, impact, likelihood, severity, affected_targets[], proof_of_concept,
suggested_fix, pentest_id, asset_id, log[], state}, "links": {"ui": {"url"}}}], "pagination": {...}}`.

One finding per resource (a pentest finding). Severity from Cobalt's label (critical, high, medium, low,
informational); a finding still being triaged has none yet and is informational. States: new, triaging,
need_fix and check_fix are open; valid_fix (fixed), wont_fix (accepted), invalid, out_of_scope and carried_over
are still counted, as DefectDojo does, with `active=False` and the state in `details["status"]`. The asset is the
first affected target (WEB for a URL, INFRA for a host; the others are listed in details), a Cobalt WEB
placeholder without one. `{"data": []}` is a pentest without findings, recognised only when the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import target_asset
from ._json_groups import iter_groups
from ._json_values import obj
from ._sca_common import parse_datetime, text
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_CLOSED = frozenset({"valid_fix", "wont_fix", "invalid", "out_of_scope", "carried_over"})


@register
class CobaltApi(ReportFormat):
    id = "api_cobalt"
    scan_types = ("Cobalt.io API Import",)
    aliases = ("cobalt-api",)
    default_asset_type = AssetType.WEB
    recognises = "Cobalt.io findings API JSON (data[].resource with affected_targets, pentest_id, state)"

    def detect(self, sniff: Sniff) -> float:
        finding = sniff.json_root == "object" and sniff.has_paths(
            "data.item.resource.title", "data.item.resource.state"
        )
        if finding and sniff.has_any_path("data.item.resource.affected_targets", "data.item.resource.pentest_id"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        items = 0
        for header, array, item in iter_groups(report, "", ("data",)):
            if array is None:
                if not items and "data" not in header:
                    require_list_member(report, ("data",), "a Cobalt.io findings API response")
                continue
            items += 1
            resource = obj(item).get("resource")
            if not isinstance(resource, dict) or "title" not in resource:
                raise InvalidReport(f"{report.name}: a `data` entry without resource.title: not a Cobalt.io finding")
            yield _finding(ctx, resource, text(obj(obj(obj(item).get("links")).get("ui")).get("url")))


def _finding(ctx: ParseContext, resource: dict[str, Any], link: str) -> Finding:
    targets = [text(t) for t in resource.get("affected_targets") or [] if text(t)]
    state = text(resource.get("state")).lower()
    title = text(resource.get("title")) or f"Cobalt finding {text(resource.get('id'))}"
    created = next((e for e in resource.get("log") or [] if obj(e).get("action") == "created"), None)
    return Finding(
        asset=target_asset(ctx, "cobalt", targets[0] if targets else None),
        name=title[:255],
        severity=label(resource.get("severity"), Severity.INFO),
        description=join_nonempty(
            text(resource.get("description")),
            f"Proof of concept:\n{text(resource['proof_of_concept'])}" if resource.get("proof_of_concept") else "",
        )
        or title,
        remedy=text(resource.get("suggested_fix")),
        location=targets[0] if targets else None,
        published=parse_datetime(obj(created).get("timestamp")),
        active=state not in _CLOSED,
        details=drop_empty(
            {
                "findingId": text(resource.get("id")),
                "tag": text(resource.get("tag")),
                "status": state,
                "impact": resource.get("impact"),
                "likelihood": resource.get("likelihood"),
                "typeCategory": text(resource.get("type_category")),
                "affectedTargets": targets,
                "pentestId": text(resource.get("pentest_id")),
                "assetId": text(resource.get("asset_id")),
                "link": link,
            }
        ),
    )
