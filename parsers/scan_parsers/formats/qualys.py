"""Qualys VM (VMDR / QualysGuard) "Scan" reports in the layouts Qualys exports them:

- XML asset data report (ASSET_DATA_REPORT, asset_data_report.dtd; the "Scan Report" template's XML). It lists
  hosts first (HOST_LIST/HOST/VULN_INFO_LIST/VULN_INFO, naming only the QID) and the knowledge base entries last
  (GLOSSARY/VULN_DETAILS: title, severity, threat, solution, CVEs). To stay streaming on reports of any size the
  file is read twice with iterparse: first the glossary (one entry per QID, small), then the hosts, one HOST in
  memory at a time.
- CSV, three variants with one row per detection: the PCI / asset export with an upper-case header on the first
  line (IP, HOSTNAME, QID, VULN TITLE, SEVERITY, Q_SEVERITY, CVSS_BASE, CVEID, ...); the VM "Scan Results" CSV
  (Scans > Download) and the "Scan Report" template CSV, which both open with a preamble (report title, company
  and user rows, scan summary rows, blank lines) before the header row "IP","DNS","NetBIOS","OS","IP Status",
  "QID","Title",["Vuln Status",]"Type","Severity","Port","Protocol",...,"CVE ID",...,"CVSS Base",
  "CVSS3.1 Base",...,"Threat","Impact","Solution",...,"Results",... . The header is found by its columns
  wherever the preamble ends; column names are matched case-insensitively.

One finding per detection (VULN_INFO / CSV row): confirmed (Vuln), potential (Practice) and information
gathered (Ig) QIDs alike, as DefectDojo counts them; the asset is the INFRA host (IP, DNS name, NetBIOS, OS).
Severity is Qualys' 1-5 scale mapped to info/low/medium/high/critical (a word in the PCI export's SEVERITY).
Not findings (counted as skipped): detections whose status is Fixed (reports that include fixed ones; leaving
them out closes them in Phoenix) and the scan results' rows for a host with nothing found (no QID).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml, text_stream
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
#: How many rows of preamble a CSV export may have before its header row.
_PREAMBLE_ROWS = 60
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
            return 0.45 if sniff.text.lstrip("\ufeff").startswith('"') else 0.8
        if sniff.kind in ("csv", "text") and head_has_header(sniff.text.lstrip("\ufeff"), _is_scan_header):
            # The VM scan results / scan report CSV: a preamble ("Scan Results", company, scan summary), then
            # the "IP","DNS","NetBIOS","OS","IP Status","QID","Title",...,"Severity" header row.
            return 0.8
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
    infos = host.findall("VULN_INFO_LIST/VULN_INFO")
    if not infos:
        ctx.skip("host without detections")
    for info in infos:
        if child_text(info, "VULN_STATUS").lower() == "fixed":
            ctx.skip("vulnerability status Fixed")
            continue
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


def csv_rows_after_preamble(
    report: ReportInput, is_header: Callable[[set[str]], bool], what: str
) -> Iterator[tuple[list[str], list[str]]]:
    """(header, row) for each non-blank data row of a Qualys CSV export: the exports open with a preamble (report
    title, company, user, scan summary rows, blank lines) of varying length before the header row, which is the
    first row whose upper-cased cells satisfy `is_header`. No such row in the first lines raises InvalidReport."""
    with report.open() as f:
        reader = csv.reader(text_stream(f))
        csv.field_size_limit(1 << 28)
        header: list[str] | None = None
        for n, row in enumerate(reader):
            if header is None:
                cells = [c.strip() for c in row]
                if is_header({c.upper() for c in cells}):
                    header = cells
                elif n >= _PREAMBLE_ROWS:
                    break
                continue
            if not row or all(not c.strip() for c in row):
                continue
            yield header, row
        if header is None:
            raise InvalidReport(f"{report.name}: no header row in the first {_PREAMBLE_ROWS} rows: not {what}")


def head_has_header(text: str, is_header: Callable[[set[str]], bool]) -> bool:
    """Detection: a header row satisfying `is_header` among the first rows of the sniffed head."""
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text[:262144]))):
            if is_header({c.strip().upper() for c in row}):
                return True
            if n >= _PREAMBLE_ROWS:
                break
    except csv.Error:
        return False
    return False


def _is_scan_header(cells: set[str]) -> bool:
    return {"IP", "QID"} <= cells and bool(cells & {"TITLE", "VULN TITLE"}) and bool(cells & {"SEVERITY", "Q_SEVERITY"})


def _first(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = row.get(name, "").strip()
        if value and value not in ("-", "'-"):
            return value
    return ""


def _parse_csv(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    for header, cells in csv_rows_after_preamble(report, _is_scan_header, "a Qualys scan CSV export"):
        row = dict(zip([h.upper() for h in header], cells, strict=False))
        if len(cells) > len(header):
            row[header[-1].upper()] = ",".join(cells[len(header) - 1 :])
        qid = _first(row, "QID")
        if not qid:
            # The scan results export writes a row for a scanned host with nothing found (IP Status only).
            ctx.skip("host row without a detection")
            continue
        status = _first(row, "VULN STATUS")
        if status.lower() == "fixed":
            ctx.skip("vulnerability status Fixed")
            continue
        asset = infra_asset(
            ctx,
            "qualys",
            ip=_first(row, "IP") or None,
            hostname=_first(row, "HOSTNAME", "DNS", "DNS NAME") or None,
            os=_first(row, "OPERATING SYSTEM", "OS") or None,
            netbios=_first(row, "NETBIOS") or None,
        )
        qsev = _first(row, "Q_SEVERITY")
        sev_word = _first(row, "SEVERITY")
        severity = QUALYS_SEVERITY.get(qsev) or QUALYS_SEVERITY.get(sev_word) or label(sev_word, Severity.INFO)
        title = _first(row, "VULN TITLE", "TITLE")
        port = _first(row, "PORT")
        protocol = _first(row, "PROTOCOL")
        threat = strip_html(row.get("THREAT", ""))
        result = strip_html(_first(row, "RESULTS", "RESULT"))
        host_name = asset.attributes.get("ip") or asset.attributes.get("hostname", "")
        details = {
            "qid": qid,
            "type": _VULN_TYPES.get(_first(row, "TYPE"), _first(row, "TYPE")),
            "category": _first(row, "CATEGORY"),
            "pci": _first(row, "IS_PCI", "PCI VULN"),
            "status": status,
            "firstFound": _first(row, "FIRST DETECTED"),
            "lastFound": _first(row, "LAST DETECTED"),
            "fqdn": _first(row, "FQDN"),
            "ssl": _first(row, "SSL"),
        }
        yield Finding(
            asset=asset,
            name=f"QID-{qid} | {title}" if title else f"QID-{qid}",
            severity=severity,
            description=join_nonempty(threat, strip_html(row.get("IMPACT", "")), result) or title or qid,
            remedy=strip_html(row.get("SOLUTION", "")),
            score=_score(_first(row, "CVSS3.1 BASE", "CVSS3 BASE", "CVSS3_BASE"))
            or _score(_first(row, "CVSS BASE", "CVSS_BASE")),
            reference_ids=cves_in(_first(row, "CVEID", "CVE ID")),
            cwes=cwes_in(threat),
            location=f"{host_name}:{port}/{protocol}" if port else host_name,
            details={k: v for k, v in details.items() if v},
        )
