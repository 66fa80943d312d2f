"""WhiteHat Sentinel (Synopsys / NTT) vulnerability listing JSON, as its API returns it (`/api/vuln?format=json
&display_description=1&display_solution=1&display_attack_vectors=...`): {collection: [{id, href, class, site,
site_name, url, status: open | closed | accepted | ..., risk (1-5), custom_risk, severity, threat, score, found,
opened, closed, description: {description}, solution: {solution, solution_prepend}, attack_vectors: [{request:
{method, url, param_name, headers}, response, scanner_tags, state, notes}], ...}]}.

One finding per vulnerability, named by its class, with WhiteHat's risk rating (custom risk first): 5 critical,
4 high, 3 medium, 2 low, 1 informational. A vulnerability that is not open (closed, accepted, out of scope) is
emitted inactive with that status: DefectDojo counts it. Located at the first attack vector's URL; the attack
requests and responses are not copied (they carry the tester's headers). Asset: WEB, the host of that URL, else of
the vulnerability's url. The identity is WhiteHat's vulnerability id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, fingerprint_of
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._scan_common import cwes_in, strip_html, web_asset
from ._static_common import drop_empty
from ._web_fold import as_dict

_RISK = {"5": Severity.CRITICAL, "4": Severity.HIGH, "3": Severity.MEDIUM, "2": Severity.LOW, "1": Severity.INFO}
_CWE_LINK = re.compile(r"cwe\.mitre\.org/data/definitions/(\d+)", re.I)


@register
class WhitehatSentinel(ReportFormat):
    id = "whitehat_sentinel"
    scan_types = ("WhiteHat Sentinel",)
    aliases = ("whitehat", "sentinel")
    default_asset_type = AssetType.WEB
    recognises = "WhiteHat Sentinel API JSON: {collection: [{id, class, site, risk, status, attack_vectors, ...}]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.has_paths("collection"):
            return 0.0
        if sniff.has_paths("collection.item.class", "collection.item.risk") and sniff.has_any_path(
            "collection.item.site_name", "collection.item.attack_vectors", "collection.item.retest_state"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = False
        for item in iter_json(report, "collection.item"):
            seen = True
            if not isinstance(item, dict) or not text(item.get("class")):
                raise InvalidReport(f"{report.name}: a vulnerability without a class: not a WhiteHat Sentinel report")
            yield _finding(ctx, item)
        if not seen:
            require_list_member(report, ("collection",), "a WhiteHat Sentinel vulnerability listing")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    vectors = [as_dict(v) for v in item.get("attack_vectors") or []]
    request = as_dict(vectors[0].get("request")) if vectors else {}
    url = text(request.get("url")) or text(item.get("url"))
    status = text(item.get("status")).lower()
    risk = text(item.get("custom_risk")) or text(item.get("risk"))
    description = strip_html(as_dict(item.get("description")).get("description"))
    solution = as_dict(item.get("solution"))
    remedy = "\n\n".join(p for p in (text(solution.get("solution_prepend")), strip_html(solution.get("solution"))) if p)
    asset = web_asset(ctx, "whitehat_sentinel", url or None)
    tags = sorted({text(t) for v in vectors for t in v.get("scanner_tags") or [] if text(t)})
    cwes = cwes_in(" ".join(tags)) or [f"CWE-{n}" for n in dict.fromkeys(_CWE_LINK.findall(remedy + description))]
    return Finding(
        asset=asset,
        name=text(item.get("class")),
        severity=_RISK.get(risk, Severity.MEDIUM),
        description=description or text(item.get("class")),
        remedy=remedy,
        cwes=cwes[:10],
        location=url or None,
        published=parse_datetime(item.get("found") or item.get("opened")),
        active=status in ("", "open"),
        fingerprint=fingerprint_of(["whitehat_sentinel", asset.key, text(item.get("id")) or text(item.get("class"))]),
        details=drop_empty(
            {
                "whitehatId": text(item.get("id")),
                "status": status,
                "site": text(item.get("site_name")) or text(item.get("site")),
                "risk": risk,
                "threat": text(item.get("threat")),
                "attackVectors": len(vectors) or None,
                "parameter": text(request.get("param_name")),
                "scannerTags": tags[:20],
                "closed": text(item.get("closed")),
            }
        ),
    )
