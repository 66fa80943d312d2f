"""Qualys VM "Scan" reports: the XML asset data report (ASSET_DATA_REPORT) and the CSV scan/PCI export.

ASSET_DATA_REPORT lists hosts first (HOST_LIST/HOST/VULN_INFO_LIST/VULN_INFO, naming only the QID) and the
knowledge base entries last (GLOSSARY/VULN_DETAILS: title, severity, threat, solution, CVEs). To stay streaming
on reports of any size the file is read twice with iterparse: first the glossary (one entry per QID, small),
then the hosts, one HOST in memory at a time. Every VULN_INFO is a finding (information-gathered QIDs too, as
DefectDojo counts them), with Qualys severity 1-5 mapped to info/low/medium/high/critical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_csv, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, unique
from ._scan_common import child_text, cwes_in, float_or_none, infra_asset, join_nonempty, strip_html

#: Qualys' five-level severity.
QUALYS_SEVERITY = {
    "1": Severity.INFO,
    "2": Severity.LOW,
    "3": Severity.MEDIUM,
    "4": Severity.HIGH,
    "5": Severity.CRITICAL,
}
_LEADING_SCORE = re.compile(r"^\s*(\d+(?:\.\d+)?)")
_VULN_TYPES = {"Ig": "information gathered", "Vuln": "confirmed", "Practice": "potential"}


@dataclass(slots=True)
class QidInfo:
    title: str = ""
    severity: str = ""
    category: str = ""
    threat: str = ""
    impact: str = ""
    solution: str = ""
    cves: list[str] = field(default_factory=list)
    cvss: float | None = None
    cvss3: float | None = None
    published: str = ""


@register
class Qualys(ReportFormat):
    id = "qualys"
    scan_types = ("Qualys Scan",)
    aliases = ("qualys", "qualys-vm", "qualysguard")
    default_asset_type = AssetType.INFRA
    phoenix_scan_type = "Qualys Scan"
    recognises = "Qualys VM ASSET_DATA_REPORT XML (HOST_LIST + GLOSSARY) or a Qualys scan CSV (IP, QID, Q_SEVERITY)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "ASSET_DATA_REPORT":
            return 0.9
        if sniff.kind == "csv" and {"ip", "qid", "vuln title", "severity"} <= sniff.csv_columns:
            # Qualys HackerGuardian (PCI ASV) exports the same columns but quotes every header field; leave
            # those to a format of their own and only name Qualys as a candidate.
            return 0.45 if sniff.text.startswith('"') else 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_csv(report, ctx)


def _score(value: str) -> float | None:
    m = _LEADING_SCORE.match(value or "")
    return float_or_none(m.group(1)) if m else None


def read_glossary(report: ReportInput) -> tuple[bool, dict[str, QidInfo]]:
    """First pass: (is an ASSET_DATA_REPORT, knowledge base by QID). Hosts are dropped as soon as they end."""
    glossary: dict[str, QidInfo] = {}
    root_ok = False
    for event, el in iter_xml(report, ("ASSET_DATA_REPORT", "HOST", "VULN_DETAILS"), events=("start", "end")):
        local = el.tag.rsplit("}", 1)[-1]
        if event == "start":
            root_ok = root_ok or local == "ASSET_DATA_REPORT"
            continue
        if local == "VULN_DETAILS":
            qid = child_text(el, "QID") or (el.get("id") or "").removeprefix("qid_")
            cvss_el = el.find("CVSS_SCORE")
            cvss3_el = el.find("CVSS3_SCORE")
            glossary[qid] = QidInfo(
                title=child_text(el, "TITLE"),
                severity=child_text(el, "SEVERITY"),
                category=child_text(el, "CATEGORY"),
                threat=strip_html(child_text(el, "THREAT")),
                impact=strip_html(child_text(el, "IMPACT")),
                solution=strip_html(child_text(el, "SOLUTION")),
                cves=unique(id_el.text.strip() for id_el in el.iterfind("CVE_ID_LIST/CVE_ID/ID") if id_el.text),
                cvss=_score(child_text(cvss_el, "CVSS_BASE")) if cvss_el is not None else None,
                cvss3=_score(child_text(cvss3_el, "CVSS3_BASE")) if cvss3_el is not None else None,
                published=child_text(el, "LAST_UPDATE"),
            )
        clear_element(el)
    return root_ok, glossary


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    root_ok, glossary = read_glossary(report)
    if not root_ok:
        raise InvalidReport(f"{report.name}: no ASSET_DATA_REPORT root element: not a Qualys asset data report")
    for _event, el in iter_xml(report, ("HOST", "VULN_DETAILS")):
        if el.tag.rsplit("}", 1)[-1] == "HOST":
            yield from _host_findings(ctx, el, glossary)
        clear_element(el)


def _host_findings(ctx: ParseContext, host: Any, glossary: dict[str, QidInfo]) -> Iterator[Finding]:
    ip = child_text(host, "IP")
    asset = infra_asset(
        ctx,
        "qualys",
        ip=ip or None,
        hostname=child_text(host, "DNS") or child_text(host, "NETBIOS") or None,
        fqdn=child_text(host, "DNS") or None,
        os=child_text(host, "OPERATING_SYSTEM") or None,
        netbios=child_text(host, "NETBIOS") or None,
    )
    for info in host.iterfind("VULN_INFO_LIST/VULN_INFO"):
        qid = child_text(info, "QID")
        kb = glossary.get(qid) or QidInfo(title=f"QID {qid}")
        port = child_text(info, "PORT")
        protocol = child_text(info, "PROTOCOL")
        result = strip_html(child_text(info, "RESULT"))
        vtype = child_text(info, "TYPE")
        sev = kb.severity
        score = _score(child_text(info, "CVSS3_FINAL")) or kb.cvss3 or _score(child_text(info, "CVSS_FINAL")) or kb.cvss
        host_name = asset.attributes.get("ip") or asset.attributes.get("hostname", "")
        details: dict[str, Any] = {"qid": qid, "type": _VULN_TYPES.get(vtype, vtype), "category": kb.category}
        for tag, key in (("VULN_STATUS", "status"), ("FIRST_FOUND", "firstFound"), ("LAST_FOUND", "lastFound")):
            value = child_text(info, tag)
            if value:
                details[key] = value
        if port:
            details["port"] = port
            details["protocol"] = protocol
        yield Finding(
            asset=asset,
            name=f"QID-{qid} | {kb.title}" if kb.title else f"QID-{qid}",
            severity=QUALYS_SEVERITY.get(sev) or label(sev, Severity.INFO),
            description=join_nonempty(kb.threat, kb.impact, f"Result:\n{result}" if result else "") or kb.title,
            remedy=kb.solution if kb.solution not in ("", "N/A") else "",
            score=score,
            reference_ids=kb.cves,
            cwes=cwes_in(kb.threat),
            location=f"{host_name}:{port}/{protocol}" if port else host_name,
            published=parse_datetime(kb.published),
            details=details,
        )


def _parse_csv(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    first = True
    for row in iter_csv(report):
        if first:
            if not {"IP", "QID"} <= set(row):
                raise InvalidReport(f"{report.name}: CSV has no IP and QID columns: not a Qualys scan export")
            first = False
        qid = row.get("QID", "").strip()
        if not qid:
            continue
        asset = infra_asset(
            ctx,
            "qualys",
            ip=row.get("IP", "").strip() or None,
            hostname=row.get("HOSTNAME", "").strip() or row.get("DNS", "").strip() or None,
            os=row.get("OPERATING SYSTEM", "").strip() or row.get("OS", "").strip() or None,
            netbios=row.get("NETBIOS", "").strip() or None,
        )
        qsev = row.get("Q_SEVERITY", "").strip()
        sev_word = row.get("SEVERITY", "").strip()
        severity = QUALYS_SEVERITY.get(qsev) or QUALYS_SEVERITY.get(sev_word) or label(sev_word, Severity.INFO)
        title = row.get("VULN TITLE", "").strip() or row.get("TITLE", "").strip()
        port = row.get("PORT", "").strip()
        protocol = row.get("PROTOCOL", "").strip()
        threat = strip_html(row.get("THREAT", ""))
        host_name = asset.attributes.get("ip") or asset.attributes.get("hostname", "")
        yield Finding(
            asset=asset,
            name=f"QID-{qid} | {title}" if title else f"QID-{qid}",
            severity=severity,
            description=join_nonempty(threat, strip_html(row.get("IMPACT", "")), strip_html(row.get("RESULT", "")))
            or title
            or qid,
            remedy=strip_html(row.get("SOLUTION", "")),
            score=_score(row.get("CVSS3_BASE", "")) or _score(row.get("CVSS_BASE", "")),
            reference_ids=unique([*cves_in(row.get("CVEID", "") or row.get("CVE ID", ""))]),
            cwes=cwes_in(threat),
            location=f"{host_name}:{port}/{protocol}" if port else host_name,
            details={
                "qid": qid,
                "type": row.get("TYPE", "").strip(),
                "category": row.get("CATEGORY", "").strip(),
                "pci": row.get("IS_PCI", "").strip(),
            },
        )
