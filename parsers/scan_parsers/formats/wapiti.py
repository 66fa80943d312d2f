"""Wapiti 3.x web scanner reports, XML (`-f xml`) and JSON (`-f json`):

* XML: <report type="security"><report_infos><info name="generatorName|generatorVersion|target|dateOfScan">
  <vulnerabilities><vulnerability name="Category"><description/><solution/><references><reference><title/>
  <url/></reference></references><entries><entry><method/><path/><level/><parameter/><info/><http_request/>
  <curl_command/><wstg/></entry>...</entries></vulnerability>...</vulnerabilities><anomalies><anomaly ...>
  <additionals><additional ...></report>
* JSON: {"vulnerabilities": {"Category": [{method, path, info, level, parameter, http_request, curl_command,
  wstg}]}, "anomalies": {...}, "additionals": {...}, "infos": {target, version, date, scope},
  "classifications": {"Category": {desc, sol, ref: {title: url}, wstg}}}.

Wapiti repeats an entry for every request that showed it. One finding per category, entry `info` (which names
the missing header, the cookie or the injected parameter) and site, a WEB asset for the scan target, with the
paths in details. Anomalies (internal server errors, resource consumption under attack) are findings too;
additionals (technology fingerprints) are informational notes, counted as skipped. Severity from `level`
(Wapiti 3.1+: 4 critical, 3 high, 2 medium, 1 low, 0 info; 3.0.x writes 1 for its low-level header checks).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text, unique
from ._scan_common import NESSUS_SEVERITY, child_text, cwes_in, join_nonempty, web_asset
from ._web_fold import WebFolder, as_dict, join_url

_FINDING_SECTIONS = {"vulnerability": "vulnerabilities", "anomaly": "anomalies"}


def _severity(level: Any) -> Severity:
    return NESSUS_SEVERITY.get(text(level)) or label(level, Severity.INFO)


def _base(target: str) -> str:
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else target


@register
class Wapiti(ReportFormat):
    id = "wapiti"
    scan_types = ("Wapiti Scan",)
    aliases = ("wapiti",)
    default_asset_type = AssetType.WEB
    recognises = 'Wapiti XML (<report type="security"> with report_infos generatorName wapiti) or JSON report'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml":
            if sniff.xml_root == "report" and "report_infos" in sniff.xml_tags:
                return 0.9 if "wapiti" in sniff.text[:4096].lower() else 0.6
            return 0.0
        if (
            sniff.json_root == "object"
            and sniff.has_paths("vulnerabilities", "infos")
            and "infos.target" in (sniff.json_paths)
        ):
            return 0.85 if sniff.has_any_path("anomalies", "additionals", "classifications") else 0.5
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_json(report, ctx)


def _add(
    ctx: ParseContext, folder: WebFolder, target: str, category: str, entry: dict[str, str], *, about: dict[str, Any]
) -> None:
    info = entry.get("info", "")
    path = entry.get("path", "")
    url = join_url(_base(target), path) if path else target
    name = f"{category}: {info}" if info and len(info) < 200 else category
    refs: dict[str, str] = about.get("references") or {}
    finding = Finding(
        asset=web_asset(ctx, "wapiti", target or url or None),
        name=name,
        severity=_severity(entry.get("level")),
        description=join_nonempty(info, about.get("description", "")) or category,
        remedy=about.get("solution", ""),
        cwes=cwes_in(" ".join(refs)),
        location=url or None,
        details={
            "category": category,
            "parameter": entry.get("parameter") or None,
            "wstg": entry.get("wstg") or None,
            "references": unique(refs.values())[:20],
        },
    )
    method = entry.get("method", "")
    folder.add(finding, f"{method} {url}".strip() if url else None, f"{category}|{info}")


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    folder = WebFolder("wapiti")
    root_seen = False
    target = ""
    for _event, el in iter_xml(report, ("report_infos", "vulnerability", "anomaly", "additional")):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "report_infos":
            root_seen = True
            infos = {i.get("name"): (i.text or "").strip() for i in el.iter("info")}
            target = infos.get("target", "")
            if target:
                web_asset(ctx, "wapiti", target)
            continue
        if not root_seen:
            raise InvalidReport(f"{report.name}: <{tag}> before <report_infos>: not a Wapiti XML report")
        entries = el.findall("entries/entry")
        if tag == "additional":
            if entries:
                ctx.skip("informational additional", len(entries))
        else:
            about = {
                "description": child_text(el, "description"),
                "solution": child_text(el, "solution"),
                "references": {
                    child_text(r, "title"): child_text(r, "url") for r in el.iterfind("references/reference")
                },
            }
            for entry in entries:
                fields = {c.tag: (c.text or "").strip() for c in entry if isinstance(c.tag, str)}
                _add(ctx, folder, target, el.get("name") or "Wapiti finding", fields, about=about)
        clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no <report_infos>: not a Wapiti XML report")
    yield from folder.findings()


def _parse_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    doc = load_json(report)  # a few categories of entries; the classifications are needed for each of them
    if not isinstance(doc, dict) or not isinstance(doc.get("vulnerabilities"), dict):
        raise InvalidReport(f"{report.name}: no `vulnerabilities` object: not a Wapiti JSON report")
    target = text(as_dict(doc.get("infos")).get("target"))
    if target:
        web_asset(ctx, "wapiti", target)
    classes = as_dict(doc.get("classifications"))
    folder = WebFolder("wapiti")
    for section in _FINDING_SECTIONS.values():
        for category, entries in as_dict(doc.get(section)).items():
            known = as_dict(classes.get(category))
            about = {
                "description": text(known.get("desc")),
                "solution": text(known.get("sol")),
                "references": {str(k): text(v) for k, v in as_dict(known.get("ref")).items()},
            }
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    _add(ctx, folder, target, category, {k: text(v) for k, v in entry.items()}, about=about)
    additionals = sum(len(v) for v in as_dict(doc.get("additionals")).values() if isinstance(v, list))
    if additionals:
        ctx.skip("informational additional", additionals)
    yield from folder.findings()
