"""PingCastle Active Directory health check XML (`PingCastle.exe --healthcheck`, ad_hc_<domain>.xml, PingCastle
2.x-3.x): <HealthcheckData> with the domain (DomainFQDN, NetBIOSName, DomainSid, GenerationDate), its domain
controllers and <RiskRules> of <HealthcheckRiskRule> {Points, Category, Model, RiskId, Rationale, Details?}.

The risk rules are the rules that matched the domain (PingCastle lists nothing for rules that did not), so one
finding per risk rule, including those worth 0 points (informational matches). Severity from PingCastle's points:
0 info, 1-9 low, 10-19 medium, 20-49 high, 50+ critical. Asset: the Active Directory domain (INFRA, its FQDN and
NetBIOS name).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime
from ._scan_common import child_text, children_text, infra_asset

_HEAD = ("DomainFQDN", "NetBIOSName", "GenerationDate", "HealthcheckData")


def severity_of(points: str) -> Severity:
    try:
        value = int(float(points))
    except ValueError:
        return Severity.MEDIUM
    if value >= 50:
        return Severity.CRITICAL
    if value >= 20:
        return Severity.HIGH
    if value >= 10:
        return Severity.MEDIUM
    return Severity.LOW if value > 0 else Severity.INFO


@register
class PingCastle(ReportFormat):
    id = "pingcastle"
    scan_types = ("PingCastle",)
    aliases = ("ping-castle",)
    default_asset_type = AssetType.INFRA
    recognises = "PingCastle healthcheck XML: <HealthcheckData> with <RiskRules> of <HealthcheckRiskRule>"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "HealthcheckData":
            return 0.95 if sniff.xml_tags & {"DomainFQDN", "RiskRules", "EngineVersion"} else 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head: dict[str, str] = {}
        asset: Asset | None = None
        root = False
        for _event, el in iter_xml(report, ("HealthcheckRiskRule", *_HEAD)):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "HealthcheckData":
                root = True
            elif tag != "HealthcheckRiskRule":
                head.setdefault(tag, (el.text or "").strip())
            else:
                if asset is None:
                    asset = _asset(ctx, head)
                yield _finding(asset, el)
                clear_element(el)
        if not root:
            raise InvalidReport(f"{report.name}: no <HealthcheckData>: not a PingCastle healthcheck report")
        ctx.meta.scan_date = parse_datetime(head.get("GenerationDate"))
        ctx.meta.target = head.get("DomainFQDN") or None


def _asset(ctx: ParseContext, head: dict[str, str]) -> Asset:
    return infra_asset(ctx, "pingcastle", fqdn=head.get("DomainFQDN") or None, netbios=head.get("NetBIOSName") or None)


def _finding(asset: Asset, el: Any) -> Finding:
    risk_id = child_text(el, "RiskId")
    rationale = child_text(el, "Rationale")
    points = child_text(el, "Points")
    found = children_text(el, "Details/string")
    return Finding(
        asset=asset,
        name=f"{risk_id}: {rationale}" if risk_id and rationale else risk_id or rationale,
        severity=severity_of(points),
        description="\n".join([rationale, *found]) or risk_id,
        remedy=f"See https://www.pingcastle.com/documentation/{risk_id.lower()}/" if risk_id else "",
        reference_ids=[risk_id] if risk_id else [],
        location=risk_id or None,
        details={
            k: v
            for k, v in {
                "riskId": risk_id,
                "points": points,
                "category": child_text(el, "Category"),
                "model": child_text(el, "Model"),
            }.items()
            if v
        },
    )
