"""Outpost24 OUTSCAN / HIAB vulnerability report XML (XMLReport.dtd): <main><report/><reportinfo/><hostlist>
<host><ip/><name/>...</host></hostlist><portlist/><detaillist><detail><ip/><hostname/><virtualhost/><id/><name/>
<portinfo><portnumber/><protocol/><service/></portinfo><cvss_score/><cvss_vector/><cvss_v3_score/>
<cvss_v3_vector/><risk/><family/><product/><description/><information/><falsepositive/><solutiontitle/>
<solution/><referencelist><reference><type/><url/></reference></referencelist><cve><id/></cve>...</detail>
</detaillist></main>.

One finding per detail (a vulnerability on a host and port), located at port/protocol, with Outpost24's risk level
(0 info, 1 low, 2 medium, 3 high, 4 critical) and the CVSS v3 score (else the v2 score). A detail marked as a false
positive is emitted inactive. Asset: INFRA, the host's name and IP (the virtual host's address when the IP is a name
such as "localhost"). Streamed detail by detail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, fingerprint_of
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime
from ._scan_common import child_text, children_text, float_or_none, infra_asset, is_ip, join_nonempty
from ._static_common import drop_empty

_RISK = {"0": Severity.INFO, "1": Severity.LOW, "2": Severity.MEDIUM, "3": Severity.HIGH, "4": Severity.CRITICAL}


@register
class Outpost24(ReportFormat):
    id = "outpost24"
    scan_types = ("Outpost24 Scan",)
    aliases = ("outpost24", "outscan")
    default_asset_type = AssetType.INFRA
    recognises = "Outpost24 OUTSCAN/HIAB XML: <main> with reportinfo, hostlist and detaillist/detail"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "main":
            return 0.0
        if {"reportinfo", "hostlist"} <= sniff.xml_tags and sniff.xml_tags & {"detaillist", "portlist"}:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("main", "detail"), events=("start", "end")):
            if el.tag == "main":
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                break
            yield _finding(report, ctx, el)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <main> root element: not an Outpost24 XML report")


def _finding(report: ReportInput, ctx: ParseContext, el: Any) -> Finding:
    name = child_text(el, "name")
    if not name:
        raise InvalidReport(f"{report.name}: a <detail> without a name: not an Outpost24 report")
    ip, hostname, virtual = child_text(el, "ip"), child_text(el, "hostname"), child_text(el, "virtualhost")
    address = ip if is_ip(ip) else virtual if is_ip(virtual) else None
    host = hostname or (ip if ip and not is_ip(ip) else "") or (virtual if virtual and not is_ip(virtual) else "")
    asset = infra_asset(ctx, "outpost24", ip=address, hostname=host or None)
    port, protocol = child_text(el, "portinfo/portnumber"), child_text(el, "portinfo/protocol").lower()
    false_positive = child_text(el, "falsepositive") not in ("", "0", "false")
    score = float_or_none(child_text(el, "cvss_v3_score")) or float_or_none(child_text(el, "cvss_score"))
    where = f"{port}/{protocol or 'tcp'}" if port else None
    # one check can report several instances on a port (two versions of a product): its evidence tells them apart
    fingerprint = fingerprint_of(
        ["outpost24", asset.key, child_text(el, "id") or name, where or "", child_text(el, "information")]
    )
    return Finding(
        asset=asset,
        name=name,
        severity=_RISK.get(child_text(el, "risk"), Severity.MEDIUM),
        score=score,
        description=join_nonempty(child_text(el, "description"), child_text(el, "information")) or name,
        remedy=child_text(el, "solution") or child_text(el, "solutiontitle"),
        reference_ids=cves_in(" ".join(children_text(el, "cve/id"))),
        location=where,
        fingerprint=fingerprint,
        published=parse_datetime(child_text(el, "history/firstseen")),
        active=not false_positive,
        details=drop_empty(
            {
                "outpost24Id": child_text(el, "id"),
                "service": child_text(el, "portinfo/service"),
                "family": child_text(el, "family"),
                "product": child_text(el, "product"),
                "category": child_text(el, "category"),
                "cvssVector": child_text(el, "cvss_v3_vector") or child_text(el, "cvss_vector"),
                "references": children_text(el, "referencelist/reference/url")[:20],
                "status": "false positive" if false_positive else "",
            }
        ),
    )
