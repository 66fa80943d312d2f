"""Acunetix reports in both shapes DefectDojo's "Acunetix Scan" reads:

* Acunetix XML export: <ScanGroup><Scan> with StartURL, Crawler StartUrl, ReportItems/ReportItem (Name,
  Severity, Affects, Description, Recommendation, CWEList, CVEList, CVSS/CVSS3, References).
* Acunetix 360 JSON: {Generated, Target: {Url, ScanId}, Vulnerabilities: [{Name, Severity, Url, State,
  Classification: {Cwe, Cvss, Cvss31}, Description, RemedialProcedure, ...}]}.

Acunetix writes one item per affected path (the same cookie issue six times); DefectDojo folds items of the same
name per scan into one finding with many endpoints. We do the same per WEB asset and keep the paths in details
(capped). XML is streamed element by element, JSON item by item; only the folded findings are held.

Invicti and Netsparker (the same company) write the Acunetix 360 JSON too; DefectDojo has separate formats for
them, so a JSON export that names Netsparker or Invicti and not Acunetix is only a candidate here (parse it by
naming this format). An empty export names nobody and reads as Acunetix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cwe_id, unique
from ._scan_common import child_text, float_or_none, join_nonempty, strip_html, web_asset
from .burp import more_severe

#: Most affected paths kept per folded finding.
MAX_PATHS = 100
_CVE = re.compile(r"CVE-\d{4}-\d{4,}", re.I)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
_XML_TAGS = ("ScanGroup", "Scan", "StartURL", "Crawler", "SiteFile", "ReportItem")


def acunetix_severity(value: Any) -> Severity:
    """Acunetix words: critical, high, medium, low, informational / Info / BestPractice."""
    return label(value, default=Severity.INFO)


@register
class Acunetix(ReportFormat):
    id = "acunetix"
    scan_types = ("Acunetix Scan",)
    aliases = ("acunetix", "acunetix360", "acunetix-360")
    default_asset_type = AssetType.WEB
    recognises = "Acunetix XML (ScanGroup/Scan/ReportItems) or Acunetix 360 JSON (Target + Vulnerabilities[])"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml":
            if sniff.xml_root == "ScanGroup" and ({"ReportItems", "StartURL", "Crawler"} & sniff.xml_tags):
                return 0.9
            return 0.0
        if sniff.json_root != "object" or "Vulnerabilities" not in sniff.json_top_keys:
            return 0.0
        acunetix360_items = sniff.has_any_path(
            "Vulnerabilities.item.LookupId", "Vulnerabilities.item.Classification.Cwe"
        )
        if "Target" not in sniff.json_top_keys and not acunetix360_items:
            # (a big Vulnerabilities array can fill the head before Target: its items still say Acunetix 360)
            return 0.0
        text = sniff.text.lower()
        if ("netsparker" in text or "invicti" in text) and "acunetix" not in text:
            # Invicti/Netsparker write the same export; DefectDojo keeps them apart, so only name this as a candidate
            return 0.4
        if acunetix360_items:
            return 0.9
        if sniff.has_paths("Generated", "Target.ScanId", "Target.Url"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_json(report, ctx)


def _fold(folded: dict[tuple[str, str], Finding], finding: Finding, path: str) -> None:
    """Keep the first finding of a name per asset; later ones only add their path and may raise the severity."""
    key = (finding.asset.key, finding.name)
    known = folded.get(key)
    if known is None:
        finding.details["paths"] = [path] if path else []
        folded[key] = finding
        return
    known.severity = more_severe(known.severity, finding.severity)
    paths = known.details["paths"]
    if path and path not in paths and len(paths) < MAX_PATHS:
        paths.append(path)


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    root_seen = False
    start_url = ""
    asset: Asset | None = None
    folded: dict[tuple[str, str], Finding] = {}
    for event, el in iter_xml(report, _XML_TAGS, events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "ScanGroup":
            root_seen = True
        elif tag == "Scan" and event == "start":
            start_url, asset = "", None
        elif tag == "StartURL" and event == "end":
            start_url = start_url or "".join(el.itertext()).strip()
        elif tag == "Crawler" and event == "start":
            start_url = el.get("StartUrl") or start_url  # carries the scheme that StartURL lacks
        elif tag == "Scan" and event == "end":
            if asset is None:  # a scan without report items is still an asset
                web_asset(ctx, "acunetix", start_url or None)
            clear_element(el)
        elif tag in ("SiteFile", "ReportItem") and event == "end":
            if tag == "ReportItem":
                if not root_seen:
                    raise InvalidReport(f"{report.name}: <ReportItem> outside a <ScanGroup>: not an Acunetix export")
                asset = asset or web_asset(ctx, "acunetix", start_url or None)
                _fold(folded, _xml_finding(asset, el, start_url), child_text(el, "Affects"))
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no <ScanGroup> root element: not an Acunetix XML export")
    yield from folded.values()


def _xml_finding(asset: Asset, el: Any, start_url: str) -> Finding:
    affects = child_text(el, "Affects")
    name = child_text(el, "Name") or child_text(el, "ModuleName") or "Acunetix finding"
    cvss3 = float_or_none(child_text(el, "CVSS3/Score"))
    false_positive = child_text(el, "IsFalsePositive").lower() == "true"
    return Finding(
        asset=asset,
        name=name,
        severity=acunetix_severity(child_text(el, "Severity")),
        description=join_nonempty(
            strip_html(child_text(el, "Description")),
            strip_html(child_text(el, "Details")),
            strip_html(child_text(el, "Impact")),
        )
        or name,
        remedy=strip_html(child_text(el, "Recommendation")),
        score=cvss3 if cvss3 is not None else float_or_none(child_text(el, "CVSS/Score")),
        reference_ids=unique(
            m.upper() for c in el.iterfind("CVEList/CVE") for m in _CVE.findall(f"{c.get('id') or ''} {c.text or ''}")
        ),
        cwes=unique(cwe_id("".join(c.itertext()).strip() or c.get("id")) for c in el.iterfind("CWEList/CWE")),
        location=(start_url.rstrip("/") + affects) if start_url and affects.startswith("/") else (affects or None),
        details={
            "module": child_text(el, "ModuleName"),
            "type": child_text(el, "Type"),
            "parameter": child_text(el, "Parameter"),
            "cvssVector": child_text(el, "CVSS3/Descriptor") or child_text(el, "CVSS/Descriptor"),
            "references": unique(child_text(r, "URL") for r in el.iterfind("References/Reference"))[:20],
            "falsePositive": false_positive,
        },
        tags=[Tag("false-positive")] if false_positive else [],
    )


def _parse_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    if b'"Vulnerabilities"' not in report.read_head():
        raise InvalidReport(f"{report.name}: no Vulnerabilities member: not an Acunetix 360 report")
    folded: dict[tuple[str, str], Finding] = {}
    seen_group = False
    for header, array, vuln in iter_groups(report, "", ["Vulnerabilities"], header_keys=("Target",)):
        seen_group = True
        target = _dict(header.get("Target"))
        target_url = str(target.get("Url") or "")
        if array is None:
            if not target_url and not folded:
                raise InvalidReport(f"{report.name}: no Target.Url and no findings: not an Acunetix 360 report")
            web_asset(ctx, "acunetix360", target_url or None)  # the target is an asset even with no findings
            continue
        if not isinstance(vuln, dict):
            raise InvalidReport(f"{report.name}: an entry of Vulnerabilities is not an object")
        url = str(vuln.get("Url") or "")
        asset = web_asset(ctx, "acunetix360", url or target_url or None)
        _fold(folded, _json_finding(asset, vuln, target), url)
    if not seen_group:
        raise InvalidReport(f"{report.name}: the JSON root is not an object: not an Acunetix 360 report")
    yield from folded.values()


def _json_finding(asset: Asset, vuln: dict[str, Any], target: dict[str, Any]) -> Finding:
    classification = _dict(vuln.get("Classification"))
    cvss = _dict(classification.get("Cvss31") or classification.get("Cvss"))
    base = _dict(cvss.get("BaseScore"))
    state = str(vuln.get("State") or "")
    flags = [s.strip() for s in state.split(",") if s.strip()]
    name = str(vuln.get("Name") or vuln.get("Type") or "Acunetix 360 finding")
    known = vuln.get("KnownVulnerabilities") or []
    return Finding(
        asset=asset,
        name=name,
        severity=acunetix_severity(vuln.get("Severity")),
        description=join_nonempty(
            strip_html(vuln.get("Description")),
            strip_html(vuln.get("Impact")),
            strip_html(vuln.get("ProofOfConcept")),
        )
        or name,
        remedy=join_nonempty(strip_html(vuln.get("RemedialProcedure")), strip_html(vuln.get("RemedialActions"))),
        score=float_or_none(base.get("Value")),
        cwes=unique(cwe_id(c) for c in str(classification.get("Cwe") or "").split(",")),
        location=str(vuln.get("Url") or "") or None,
        details={
            "type": vuln.get("Type"),
            "lookupId": vuln.get("LookupId"),
            "certainty": vuln.get("Certainty"),
            "confirmed": vuln.get("Confirmed"),
            "state": flags,
            "cvssVector": cvss.get("Vector"),
            "owasp": classification.get("Owasp") or None,
            "wasc": classification.get("Wasc") or None,
            "knownVulnerabilities": len(known) if isinstance(known, list) else 0,
            "references": _HREF.findall(str(vuln.get("ExternalReferences") or ""))[:20],
            "scanId": target.get("ScanId"),
        },
        tags=[Tag(f.lower()) for f in flags if f in ("FalsePositive", "AcceptedRisk")],
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
