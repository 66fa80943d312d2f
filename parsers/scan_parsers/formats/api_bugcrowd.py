"""Bugcrowd submissions API (`GET /submissions`, JSON:API, API version 2021-10-28 and later) saved to a file: either
the response page `{"data": [submission, ...], "included": [target, program, ...], "links", "meta"}` or the bare
list of submissions an API client collects from the pages. A submission is `{"id", "type": "submission",
"attributes": {title, description, bug_url, severity 1-5, state, duplicate, remediation_advice, vrt_id,
vulnerability_references, submitted_at, ...}, "relationships": {target: {data: {id, type: "target"}}, ...}}`.

One finding per submission. Severity from the priority (1 critical, 2 high, 3 medium, 4 low, 5 informational).
Submissions in a closed state (resolved, not_applicable, not_reproducible, out_of_scope, informational, wont_fix,
or duplicate) are still counted, as DefectDojo does, with `active=False` and the state in `details["status"]`.
The asset is the submission's target when the page includes it (WEB for a URL or a website/API target, INFRA for
a host), else the host of bug_url (WEB, the URL the bug was found at, also its location); a submission with
neither is a Bugcrowd WEB placeholder. `[]` is an empty program, recognised only when the format is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import BUGCROWD_CLOSED, bugcrowd_priority, cwes_in_links, target_asset
from ._json_values import obj, objs
from ._sca_common import parse_datetime, text
from ._scan_common import join_nonempty
from ._static_common import drop_empty

_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.I)


@register
class BugcrowdApi(ReportFormat):
    id = "api_bugcrowd"
    scan_types = ("Bugcrowd API Import",)
    aliases = ("bugcrowd-api",)
    default_asset_type = AssetType.WEB
    recognises = "Bugcrowd submissions API JSON (data[] or a list of {type: submission, attributes: {bug_url, vrt_id}})"

    def detect(self, sniff: Sniff) -> float:
        prefix = "item" if sniff.json_root == "array" else "data.item"
        submission = sniff.kind == "json" and sniff.json_string(f"{prefix}.type") == "submission"
        if submission and sniff.has_any_path(f"{prefix}.attributes.vrt_id", f"{prefix}.attributes.bug_url"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"[":
            for item in iter_json(report, "item"):
                yield _finding(report, ctx, item, {})
            return
        page = load_json(report)  # one API page (at most a few hundred submissions): targets come after data
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise InvalidReport(f"{report.name}: no `data` list: not a Bugcrowd submissions API response")
        targets = {
            text(t.get("id")): obj(t.get("attributes")) for t in objs(page.get("included")) if t.get("type") == "target"
        }
        for item in page["data"]:
            yield _finding(report, ctx, item, targets)


def _finding(report: ReportInput, ctx: ParseContext, item: Any, targets: dict[str, dict[str, Any]]) -> Finding:
    attributes = obj(item).get("attributes") if isinstance(item, dict) else None
    if not isinstance(attributes, dict) or "title" not in attributes:
        raise InvalidReport(f"{report.name}: an entry without attributes.title: not a Bugcrowd submission")
    target_ref = obj(obj(obj(item.get("relationships")).get("target")).get("data"))
    target = targets.get(text(target_ref.get("id")), {})
    bug_url = text(attributes.get("bug_url"))
    url = _URL.search(bug_url)
    if target.get("name"):
        asset = target_asset(ctx, "bugcrowd", text(target["name"]), text(target.get("category")))
        if asset.placeholder and url:
            asset = target_asset(ctx, "bugcrowd", url.group(0), "website")
    else:
        asset = target_asset(ctx, "bugcrowd", url.group(0) if url else None, "website")
    state = text(attributes.get("state")).lower()
    closed = state if state in BUGCROWD_CLOSED else ("duplicate" if attributes.get("duplicate") is True else None)
    title = text(attributes.get("title")) or f"Bugcrowd submission {text(item.get('id'))}"
    references = text(attributes.get("vulnerability_references"))
    return Finding(
        asset=asset,
        name=title[:255],
        severity=bugcrowd_priority(attributes.get("severity")),
        description=join_nonempty(
            text(attributes.get("description")),
            f"HTTP request:\n{text(attributes['http_request'])}" if attributes.get("http_request") else "",
            text(attributes.get("extra_info")),
        )
        or title,
        remedy=text(attributes.get("remediation_advice")),
        cwes=cwes_in_links(references),
        location=url.group(0) if url else bug_url or None,
        published=parse_datetime(attributes.get("submitted_at")),
        active=closed is None,
        details=drop_empty(
            {
                "submissionId": text(item.get("id")),
                "status": closed or state,
                "vrt": text(attributes.get("vrt_id")),
                "vrtVersion": text(attributes.get("vrt_version")),
                "target": text(target.get("name")),
                "bugUrl": bug_url,
                "source": text(attributes.get("source")),
            }
        ),
    )
