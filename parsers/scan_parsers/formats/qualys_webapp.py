"""Qualys Web Application Scanning (WAS) XML reports, both report types WAS writes (and DefectDojo reads):

- the Scan Report, WAS_SCAN_REPORT: RESULTS/VULNERABILITY_LIST (one entry per QID and URL),
  RESULTS/INFORMATION_GATHERED_LIST, and a GLOSSARY/QID_LIST of QIDs (title, severity, description, solution, CWE);
- the Web Application Report, WAS_WEBAPP_REPORT: the same lists under RESULTS/WEB_APPLICATION (one per web
  application), with a STATUS (NEW, ACTIVE, REOPENED, FIXED, PROTECTED) per vulnerability.

The glossary follows the results, so the (small) document is parsed whole. One finding per QID and web
application host: the URLs a QID was found on are kept in details (as DefectDojo does, which folds them into
endpoints). Information-gathered QIDs are findings too, at their glossary severity, as DefectDojo counts them.
Ignored vulnerabilities (IGNORED true) are kept, tagged. Not findings (counted as skipped): vulnerabilities
whose STATUS is FIXED. Severity: the glossary's Qualys 1-5.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import parse_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, unique
from ._scan_common import child_text, float_or_none, join_nonempty, strip_html, web_asset
from .qualys import QUALYS_SEVERITY

_ROOTS = ("WAS_SCAN_REPORT", "WAS_WEBAPP_REPORT")


@register
class QualysWebapp(ReportFormat):
    id = "qualys_webapp"
    scan_types = ("Qualys Webapp Scan",)
    aliases = ("qualys-was", "qualys-webapp")
    default_asset_type = AssetType.WEB
    recognises = "Qualys WAS XML report: WAS_SCAN_REPORT root with RESULTS and GLOSSARY/QID_LIST"

    def detect(self, sniff: Sniff) -> float:
        return 0.9 if sniff.kind == "xml" and sniff.xml_root in _ROOTS else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root = parse_xml(report)
        if root.tag not in _ROOTS:
            raise InvalidReport(
                f"{report.name}: root element is <{root.tag}>, not WAS_SCAN_REPORT: not a Qualys WAS report"
            )
        glossary = {child_text(q, "QID"): q for q in root.iterfind("GLOSSARY/QID_LIST/QID")}
        app_url = (
            child_text(root, "APPENDIX/WEBAPP/URL")
            or child_text(root, "RESULTS/WEB_APPLICATION/URL")
            or next((child_text(v, "URL") for v in root.iterfind(".//VULNERABILITY_LIST/VULNERABILITY")), "")
        )
        app_asset = web_asset(ctx, "qualys-was", app_url or None)
        by_qid: dict[tuple[str, str], Finding] = {}
        for vuln in root.iterfind(".//VULNERABILITY_LIST/VULNERABILITY"):
            if child_text(vuln, "STATUS").upper() == "FIXED":
                ctx.skip("vulnerability status FIXED")
                continue
            url = child_text(vuln, "URL")
            asset = web_asset(ctx, "qualys-was", url) if url else app_asset
            qid = child_text(vuln, "QID")
            key = (asset.key, qid)
            if key in by_qid:
                urls = by_qid[key].details.setdefault("urls", [])
                if url and url not in urls:
                    urls.append(url)
                continue
            by_qid[key] = _finding(asset, qid, glossary.get(qid), url, entry=vuln, kind="vulnerability")
        yield from by_qid.values()
        seen_ig: set[str] = set()
        for info in root.iterfind(".//INFORMATION_GATHERED_LIST/INFORMATION_GATHERED"):
            qid = child_text(info, "QID")
            if qid in seen_ig:
                continue
            seen_ig.add(qid)
            yield _finding(app_asset, qid, glossary.get(qid), "", entry=info, kind="information gathered")


def _decoded(el: Any) -> str:
    data = el.find("DATA")
    if data is None or not data.text:
        return ""
    if data.get("base64") == "true":
        try:
            return base64.b64decode(data.text).decode("utf-8", errors="replace").strip()
        except (binascii.Error, ValueError):
            return ""
    return str(data.text).strip()


def _finding(asset: Asset, qid: str, kb: Any, url: str, *, entry: Any, kind: str) -> Finding:
    title = child_text(kb, "TITLE") if kb is not None else ""
    sev = child_text(kb, "SEVERITY") if kb is not None else ""
    cwe = cwe_id(child_text(kb, "CWE")) if kb is not None else None
    evidence = _decoded(entry)
    details: dict[str, Any] = {"qid": qid, "type": kind}
    if kb is not None:
        details["category"] = child_text(kb, "CATEGORY")
        details["group"] = child_text(kb, "GROUP")
    if url:
        details["urls"] = [url]
    status = child_text(entry, "STATUS")
    if status:
        details["status"] = status
    ignored = child_text(entry, "IGNORED").lower() == "true"
    solution = strip_html(child_text(kb, "SOLUTION")) if kb is not None else ""
    return Finding(
        asset=asset,
        name=f"QID-{qid} | {title}" if title else f"QID-{qid}",
        severity=QUALYS_SEVERITY.get(sev, Severity.INFO),
        description=join_nonempty(
            strip_html(child_text(kb, "DESCRIPTION")) if kb is not None else "",
            strip_html(child_text(kb, "IMPACT")) if kb is not None else "",
            f"Evidence:\n{evidence[:4000]}" if evidence else "",
        )
        or title
        or f"Qualys WAS QID {qid}",
        remedy="" if solution == "N/A" else solution,
        score=float_or_none(child_text(kb, "CVSS_V3/BASE") or child_text(kb, "CVSS_BASE")) if kb is not None else None,
        cwes=unique([cwe]),
        location=url or None,
        details=details,
        tags=[Tag("ignored", "status")] if ignored else [],
    )
