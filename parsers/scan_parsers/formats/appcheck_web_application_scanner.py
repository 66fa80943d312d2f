"""AppCheck NG vulnerability export JSON (the API's `vulnerabilities` listing, also the "Export JSON" of a scan):
{items: [{_id, title, type: WEB_APP | INFRA, category, status: unfixed | fixed | ..., fixed, trashed, host,
ipv4_address, port, url, web_app, target, priority, impact, probability ("3.0-medium"), cvss_base_score,
cvss_v3_base_score, cvss_v3_vector, cvss_vector, cves, cpe, description, synopsis, solution, details: {<section>:
text}, first_detected_at, last_detected_at, meta: {raw_data, scanning_engine}, ...}], hosts: [...]}.

One finding per item, with AppCheck's priority word (info, low, medium, high, critical), the CVSS v3 score (else
v2), the CVEs. A web-application item is a WEB asset (the host of its URL), an infrastructure item an INFRA asset
(host name and IPv4 address) located at port/tcp. An item AppCheck marks fixed, a false positive or accepted is
emitted inactive with that status; a trashed or disabled one likewise. AppCheck's "[[markup]]" prefixes are
dropped; the raw scanner output (meta.raw_data) is not copied. An item repeated with identical content is folded into
the first and counted as skipped (DefectDojo merges them too); items of one vulnerability that differ in anything,
e.g. the scanning engine that reported it, are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, text
from ._scan_common import float_or_none, infra_asset, is_ip, join_nonempty, web_asset
from ._static_common import drop_empty
from ._web_fold import as_dict

_MARKUP = "[[markup]]"
_CLOSED = {
    "fixed": "fixed",
    "false_positive": "false positive",
    "false positive": "false positive",
    "accepted": "risk accepted",
    "risk_accepted": "risk accepted",
}


@register
class AppcheckWebApplicationScanner(ReportFormat):
    id = "appcheck_web_application_scanner"
    scan_types = ("AppCheck Web Application Scanner",)
    aliases = ("appcheck", "appcheck-ng")
    default_asset_type = AssetType.WEB
    recognises = "AppCheck NG JSON: {items: [{_id, title, type, priority, cvss_base_score, ...}], hosts}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.has_paths("items"):
            return 0.0
        if sniff.has_paths("items.item._id", "items.item.title") and sniff.has_any_path(
            "items.item.results_set_id", "items.item.mss_confirmed", "items.item.suppression_days"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        known: set[bytes] = set()
        seen = False
        for item in iter_json(report, "items.item"):
            seen = True
            if not isinstance(item, dict) or not text(item.get("title")):
                raise InvalidReport(f"{report.name}: an item without a title: not an AppCheck report")
            key = orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
            if key in known:
                ctx.skip("item repeated with the same content")
                continue
            known.add(key)
            yield _finding(ctx, item)
        if not seen:
            require_list_member(report, ("items",), "an AppCheck JSON export")


def _clean(value: Any) -> str:
    return text(value).replace(_MARKUP, "").strip()


def _asset(ctx: ParseContext, item: dict[str, Any]) -> Any:
    host = text(item.get("host"))
    url = text(item.get("url")) or text(item.get("web_app"))
    if text(item.get("type")).upper() == "INFRA" or not url:
        ip = text(item.get("ipv4_address"))
        return infra_asset(
            ctx,
            "appcheck_web_application_scanner",
            ip=ip if is_ip(ip) else (host if is_ip(host) else None),
            hostname=host if host and not is_ip(host) else None,
        )
    return web_asset(ctx, "appcheck_web_application_scanner", url or host)


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    status = text(item.get("status")).lower()
    closed = _CLOSED.get(status) or ("fixed" if item.get("fixed") is True else "")
    if not closed and (item.get("trashed") is True or item.get("disabled") is True):
        closed = "trashed" if item.get("trashed") is True else "disabled"
    priority = text(item.get("priority")).split("-", 1)[-1]
    score = float_or_none(item.get("cvss_v3_base_score")) or float_or_none(item.get("cvss_base_score"))
    sections = [f"{k}: {_clean(v)}" for k, v in as_dict(item.get("details")).items() if k != "_meta" and _clean(v)]
    infra = text(item.get("type")).upper() == "INFRA"
    port = text(item.get("port"))
    return Finding(
        asset=_asset(ctx, item),
        name=text(item.get("title")),
        severity=label(priority, Severity.MEDIUM) if priority else Severity.MEDIUM,
        score=score,
        description=join_nonempty(_clean(item.get("description")) or _clean(item.get("synopsis")), "\n".join(sections))
        or text(item.get("title")),
        remedy=_clean(item.get("solution")),
        reference_ids=cves_in(" ".join(text(c) for c in item.get("cves") or [])),
        location=(f"{port}/tcp" if port and port != "0" else None) if infra else (text(item.get("url")) or None),
        published=parse_datetime(item.get("first_detected_at")),
        active=not closed,
        details=drop_empty(
            {
                "appcheckId": text(item.get("_id")),
                "status": closed or status,
                "category": text(item.get("category")),
                "cvssVector": text(item.get("cvss_v3_vector")) or text(item.get("cvss_vector")),
                "cpe": [text(c) for c in item.get("cpe") or []][:20],
                "plugin": text(item.get("plugin")),
                "lastDetected": text(item.get("last_detected_at")),
            }
        ),
    )
