"""Threat Composer (AWS Labs) threat model export: the JSON that "Export" writes in the Threat Composer app and
its VS Code extension, schema 1: {schema, applicationInfo: {name, description}, architecture, dataflow, threats:
[{id, numericId, statement, threatSource, prerequisites, threatAction, threatImpact, impactedAssets, status,
metadata: [{key: Priority|STRIDE|Comments, value}], tags}], mitigations: [{id, content, status}], assumptions:
[{id, content}], mitigationLinks: [{mitigationId, linkedId}], assumptionLinks: [{assumptionId, linkedId, type}]}.

One finding per threat. Its mitigations and assumptions (joined through the link lists) are part of the
description; a link to a mitigation or assumption the model does not hold is reported with a warning and left out.
A threat marked resolved (threatResolved) or not useful (threatResolvedNotUseful) is counted but inactive.
Severity is the threat's Priority (High, Medium, Low), info when it has none. CWE and CVE tags become references.
The asset is the CODE of the application modelled (applicationInfo.name).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cwe_id, text, unique
from ._static_common import code_asset, drop_empty

_CLOSED = {"threatresolved": "resolved", "threatresolvednotuseful": "not useful"}


@register
class ThreatComposer(ReportFormat):
    id = "threat_composer"
    scan_types = ("ThreatComposer Scan",)
    aliases = ("threat-composer",)
    default_asset_type = AssetType.CODE
    recognises = "Threat Composer export JSON: {schema, applicationInfo, threats[], mitigations[], mitigationLinks[]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        top = set(sniff.json_top_keys)
        if "threats" in top and len(top & {"applicationInfo", "mitigationLinks", "assumptionLinks", "dataflow"}) >= 2:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict) or not isinstance(doc.get("threats"), list):
            raise InvalidReport(f"{report.name}: no `threats` list: not a Threat Composer export")
        app: dict[str, Any] = doc["applicationInfo"] if isinstance(doc.get("applicationInfo"), dict) else {}
        asset = code_asset(ctx, text(app.get("name")), "threat-composer")
        mitigations = _linked(ctx, doc, "mitigations", "mitigationLinks", "mitigationId")
        assumptions = _linked(ctx, doc, "assumptions", "assumptionLinks", "assumptionId")
        if not doc["threats"]:
            ctx.skip("threat model with no threat")
        for threat in doc["threats"]:
            if not isinstance(threat, dict) or not (threat.get("statement") or threat.get("threatAction")):
                raise InvalidReport(f"{report.name}: a threat has no statement: not a Threat Composer export")
            tid = text(threat.get("id"))
            yield _finding(asset, threat, mitigations.get(tid, []), assumptions.get(tid, []))


def _linked(ctx: ParseContext, doc: dict[str, Any], items: str, links: str, key: str) -> dict[str, list[str]]:
    """Threat id -> the contents of the mitigations (or assumptions) linked to it."""
    by_id = {text(i.get("id")): i for i in doc.get(items) or [] if isinstance(i, dict)}
    out: dict[str, list[str]] = {}
    dangling = 0
    for link in doc.get(links) or []:
        if not isinstance(link, dict) or text(link.get("type") or "Threat") != "Threat":
            continue  # assumptions also link to mitigations
        item = by_id.get(text(link.get(key)))
        if item is None:
            dangling += 1
            continue
        status = text(item.get("status")).removeprefix("mitigation")
        out.setdefault(text(link.get("linkedId")), []).append(
            text(item.get("content")) + (f" ({status.lower()})" if status else "")
        )
    if dangling:
        ctx.warn("dangling-link", f"{dangling} of the {links} name a {key} the model does not hold; left out")
    return out


def _metadata(threat: dict[str, Any]) -> dict[str, Any]:
    return {text(m.get("key")): m.get("value") for m in threat.get("metadata") or [] if isinstance(m, dict)}


def _finding(asset: Asset, threat: dict[str, Any], mitigations: list[str], assumptions: list[str]) -> Finding:
    meta = _metadata(threat)
    statement = text(threat.get("statement")) or " ".join(
        text(threat.get(k)) for k in ("threatSource", "prerequisites", "threatAction", "threatImpact")
    )
    status = text(threat.get("status"))
    closed = _CLOSED.get(status.lower())
    tags = [text(t) for t in threat.get("tags") or []]
    stride = meta.get("STRIDE")
    parts = [statement]
    if mitigations:
        parts.append("Mitigations:\n" + "\n".join(f"- {m}" for m in mitigations))
    if assumptions:
        parts.append("Assumptions:\n" + "\n".join(f"- {a}" for a in assumptions))
    details = drop_empty(
        {
            "threatId": text(threat.get("id")),
            "stride": stride if isinstance(stride, list) else text(stride),
            "impactedAssets": threat.get("impactedAssets"),
            "comments": text(meta.get("Comments")),
            "tags": tags,
        }
    )
    if closed:
        details["status"] = closed
    number = text(threat.get("numericId"))
    return Finding(
        asset=asset,
        name=f"T-{number}: {statement}" if number else statement,
        severity=label(meta.get("Priority"), Severity.INFO) if meta.get("Priority") else Severity.INFO,
        description="\n\n".join(parts),
        remedy="\n".join(mitigations) or "No mitigation is linked to this threat in the model.",
        cwes=unique(cwe_id(t) for t in tags),
        reference_ids=unique(c for t in tags for c in cves_in(t)),
        location=f"threat {number}" if number else None,
        details=details,
        active=closed is None,
    )
