"""Qualys Web Application Scanning (WAS) XML report: WAS_SCAN_REPORT with RESULTS/VULNERABILITY_LIST (one entry per
QID and URL), INFORMATION_GATHERED_LIST and a GLOSSARY of QIDs (title, severity, description, solution, CWE).

The glossary follows the results, so the (small) document is parsed whole. One finding per QID and web
application: the URLs a QID was found on are kept in details (as DefectDojo does, which folds them into endpoints).
Information-gathered QIDs are findings too, at their glossary severity.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import parse_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, unique
from ._scan_common import child_text, float_or_none, join_nonempty, strip_html, web_asset
from .qualys import QUALYS_SEVERITY


@register
class QualysWebapp(ReportFormat):
    id = "qualys_webapp"
    scan_types = ("Qualys Webapp Scan",)
    aliases = ("qualys-was", "qualys-webapp")
    default_asset_type = AssetType.WEB
    recognises = "Qualys WAS XML report: WAS_SCAN_REPORT root with RESULTS and GLOSSARY/QID_LIST"

    def detect(self, sniff: Sniff) -> float:
        return 0.9 if sniff.kind == "xml" and sniff.xml_root == "WAS_SCAN_REPORT" else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root = parse_xml(report)
        if root.tag != "WAS_SCAN_REPORT":
            raise InvalidReport(
                f"{report.name}: root element is <{root.tag}>, not WAS_SCAN_REPORT: not a Qualys WAS report"
            )
        glossary = {child_text(q, "QID"): q for q in root.iterfind("GLOSSARY/QID_LIST/QID")}
        app_url = child_text(root, "APPENDIX/WEBAPP/URL") or next(
            (child_text(v, "URL") for v in root.iterfind(".//VULNERABILITY_LIST/VULNERABILITY")), ""
        )
        app_asset = web_asset(ctx, "qualys-was", app_url or None)
        by_qid: dict[tuple[str, str], Finding] = {}
        for vuln in root.iterfind(".//VULNERABILITY_LIST/VULNERABILITY"):
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
    )
