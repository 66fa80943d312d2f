"""Qualys infrastructure scan XML as exported from the web GUI and the v1 API (scan-1.dtd): a SCAN root
(value=scan reference), HEADER/KEY metadata, and one IP element per host (value=address, name=host name or "No
registered hostname") holding OS / NETBIOS_HOSTNAME and, by kind, INFOS/CAT/INFO (information gathered),
SERVICES/CAT/SERVICE (services), VULNS/CAT/VULN (confirmed vulnerabilities) and PRACTICES/CAT/PRACTICE
(potential vulnerabilities); CAT carries the category and port/protocol, an entry number=QID, severity 1-5 and
cveid. Streamed one IP element at a time.

One finding per confirmed vulnerability (VULNS/CAT/VULN) on its INFRA host, which is what the report's own
"vulnerabilities" section is and what DefectDojo counts. Potential vulnerabilities, information gathered and
services are not findings: they are counted as skipped, by kind, as is a host with none of them. Severity:
Qualys 1-5 to info/low/medium/high/critical.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, unique
from ._scan_common import child_text, float_or_none, infra_asset, join_nonempty, strip_html
from .qualys import QUALYS_SEVERITY

_NO_NAME = "No registered hostname"
_NOT_FINDINGS = (
    ("PRACTICES/CAT/PRACTICE", "potential vulnerability (PRACTICE)"),
    ("INFOS/CAT/INFO", "information gathered (INFO)"),
    ("SERVICES/CAT/SERVICE", "service (SERVICE)"),
)


@register
class QualysInfrascanWebgui(ReportFormat):
    id = "qualys_infrascan_webgui"
    scan_types = ("Qualys Infrastructure Scan (WebGUI XML)",)
    aliases = ("qualys-infrascan", "qualys-webgui")
    default_asset_type = AssetType.INFRA
    recognises = "Qualys scan XML from the web GUI: SCAN root, HEADER/KEY, IP elements with VULNS/CAT/VULN"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "SCAN" and {"IP", "KEY"} <= sniff.xml_tags:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_ok = False
        for event, el in iter_xml(report, ("SCAN", "KEY", "IP"), events=("start", "end")):
            local = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                root_ok = root_ok or local == "SCAN"
                continue
            if local == "KEY":
                if el.get("value") == "DATE" and el.text:
                    ctx.meta.scan_date = parse_datetime(el.text.strip())
                continue
            parent = el.getparent()
            if local == "IP" and parent is not None and parent.tag.rsplit("}", 1)[-1] == "SCAN":
                yield from _host_findings(ctx, el)
                clear_element(el)
        if not root_ok:
            raise InvalidReport(f"{report.name}: no SCAN root element: not a Qualys web GUI scan report")


def _host_findings(ctx: ParseContext, host: Any) -> Iterator[Finding]:
    name = host.get("name") or ""
    asset = infra_asset(
        ctx,
        "qualys",
        ip=host.get("value") or None,
        hostname=None if name == _NO_NAME else name or None,
        os=child_text(host, "OS") or None,
        netbios=child_text(host, "NETBIOS_HOSTNAME") or None,
    )
    found = False
    for path, reason in _NOT_FINDINGS:
        n = len(host.findall(path))
        if n:
            found = True
            ctx.skip(reason, n)
    vulns = host.findall("VULNS/CAT/VULN")
    if not (vulns or found):
        ctx.skip("host without detections")
    for vuln in vulns:
        cat = vuln.getparent()
        qid = vuln.get("number") or ""
        title = child_text(vuln, "TITLE")
        port = cat.get("port") or ""
        protocol = cat.get("protocol") or ""
        location = asset.attributes.get("ip") or asset.attributes.get("hostname", "")
        yield Finding(
            asset=asset,
            name=f"QID-{qid} | {title}" if title else f"QID-{qid}",
            severity=QUALYS_SEVERITY.get(vuln.get("severity") or "", Severity.INFO),
            description=join_nonempty(
                strip_html(child_text(vuln, "DIAGNOSIS")),
                strip_html(child_text(vuln, "CONSEQUENCE")),
                f"Result:\n{strip_html(child_text(vuln, 'RESULT'))}" if child_text(vuln, "RESULT") else "",
            )
            or title
            or f"Qualys QID {qid}",
            remedy=strip_html(child_text(vuln, "SOLUTION")),
            score=float_or_none(child_text(vuln, "CVSS3_BASE")) or float_or_none(child_text(vuln, "CVSS_BASE")),
            reference_ids=unique(
                [
                    *cves_in(vuln.get("cveid") or ""),
                    *(i.text.strip() for i in vuln.iterfind("CVE_ID_LIST/CVE_ID/ID") if i.text),
                ]
            ),
            location=f"{location}:{port}/{protocol}" if port else location,
            published=parse_datetime(child_text(vuln, "LAST_UPDATE") or None),
            details={"qid": qid, "type": "confirmed", "category": cat.get("value") or ""},
        )
