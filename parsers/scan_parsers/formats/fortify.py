"""Fortify (OpenText/Micro Focus SCA), three shapes:

* the XML report of Fortify's report generator (`ReportDefinition`, "Fortify Security Report"): Issue elements
  with Category, Friority, Abstract and a Primary location. An issue can be listed in several report sections; it
  is one finding per category, file and line (DefectDojo folds them the same way);
* the FVDL analysis results (`audit.fvdl`): Vulnerability elements whose class descriptions come at the end of the
  file, so it is read in two streaming passes;
* the FPR project file: a zip holding audit.fvdl (and audit.xml, whose suppressed issues are tagged).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._static_common import code_asset, drop_empty, location, zip_member

_PROJECT = re.compile(r"performed over the (.+?) code base")
_REPLACE = re.compile(r'<Replace key="([^"]+)"[^>]*/>')
_MARKUP = re.compile(r"</?(?:Content|Paragraph|pre|code|b|i|br|AltParagraph|IfDef|ConditionalText)[^>]*>")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(el: Any, name: str) -> str:
    for child in el:
        if _local(child.tag) == name:
            return " ".join((child.text or "").split()) if name != "Snippet" else (child.text or "").strip()
    return ""


def _clean(value: str) -> str:
    # keeps <Replace key=.../> markers: FVDL fills them in per vulnerability
    return " ".join(_MARKUP.sub(" ", value).split())


@register
class Fortify(ReportFormat):
    id = "fortify"
    scan_types = ("Fortify Scan", "Fortify Scan v2")
    aliases = ("fortify",)
    default_asset_type = AssetType.CODE
    phoenix_scan_type = "Fortify Scan"
    recognises = "Fortify report XML (ReportDefinition), FVDL (audit.fvdl) or an FPR zip holding audit.fvdl"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "zip":
            return 0.9 if any(m.rsplit("/", 1)[-1] == "audit.fvdl" for m in sniff.zip_members) else 0.0
        if sniff.kind != "xml":
            return 0.0
        if sniff.xml_root == "FVDL" and "fortify" in (sniff.xml_namespace or "").lower():
            return 0.9
        if sniff.xml_root == "ReportDefinition" and "Fortify" in sniff.text[:4000]:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.is_archive:
            yield from _fpr(report, ctx)
            return
        head = sniff(report)
        if head.kind == "xml" and head.xml_root == "FVDL":
            yield from _fvdl(report, ctx, suppressed=set())
        elif head.kind == "xml" and head.xml_root == "ReportDefinition":
            yield from _report(report, ctx, head.text)
        else:
            raise ValueError("not a Fortify report (no ReportDefinition or FVDL root, no audit.fvdl in the zip)")


def _friority(value: str) -> Severity:
    return label(value, Severity.MEDIUM)


def _report(report: ReportInput, ctx: ParseContext, head: str) -> Iterator[Finding]:
    m = _PROJECT.search(head)
    asset = code_asset(ctx, m.group(1) if m else None, "fortify")
    seen: set[tuple[str, str, str]] = set()
    advice: dict[str, str] = {}
    group = ""
    for _event, el in iter_xml(report, ("groupTitle", "MetaInfo", "Issue"), events=("end",)):
        tag = _local(el.tag)
        if tag == "groupTitle":
            group = " ".join((el.text or "").split())
            continue
        if tag == "MetaInfo":
            if _child_text(el, "Name") == "Recommendations" and group and group not in advice:
                advice[group] = _child_text(el, "Value")
            continue
        category = _child_text(el, "Category")
        primary = next((c for c in el if _local(c.tag) == "Primary"), None)
        path = _child_text(primary, "FilePath") if primary is not None else ""
        line = _child_text(primary, "LineStart") if primary is not None else ""
        key = (category, path, line)
        if key not in seen:
            seen.add(key)
            yield _report_finding(asset, el, key, primary, advice.get(category, ""))
        clear_element(el)


def _report_finding(asset: Asset, el: Any, key: tuple[str, str, str], primary: Any, advice: str) -> Finding:
    category, path, line = key
    abstract = _clean(_child_text(el, "Abstract"))
    snippet = _child_text(primary, "Snippet") if primary is not None else ""
    return Finding(
        asset=asset,
        name=category or "Fortify issue",
        severity=_friority(_child_text(el, "Friority")),
        description=(abstract or category) + (f"\n\nSnippet:\n{snippet}" if snippet else ""),
        remedy=advice[:4000] or f"See Fortify's recommendations for {category}.",
        location=location(path, line) or category,
        details=drop_empty(
            {
                "iid": el.get("iid"),
                "kingdom": _child_text(el, "Kingdom"),
                "folder": _child_text(el, "Folder"),
                "function": _child_text(primary, "TargetFunction") if primary is not None else "",
            }
        ),
    )


def _fpr(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    fvdl = next((m for m in report.zip_members if m.rsplit("/", 1)[-1] == "audit.fvdl"), None)
    if fvdl is None:
        raise ValueError("the zip has no audit.fvdl: not a Fortify FPR")
    suppressed: set[str] = set()
    audit = next((m for m in report.zip_members if m.rsplit("/", 1)[-1] == "audit.xml"), None)
    if audit is not None:
        with zip_member(report, audit) as audit_xml:
            for _event, el in iter_xml(audit_xml, "Issue"):
                if el.get("suppressed") == "true" and el.get("instanceId"):
                    suppressed.add(el.get("instanceId"))
                clear_element(el)
    with zip_member(report, fvdl) as inner:
        yield from _fvdl(inner, ctx, suppressed)


def _fvdl_severity(value: str) -> Severity:
    # FVDL's InstanceSeverity is Fortify's 1.0-5.0 impact scale
    try:
        score = float(value)
    except ValueError:
        return Severity.MEDIUM
    if score >= 4.5:
        return Severity.CRITICAL
    if score >= 3.5:
        return Severity.HIGH
    if score >= 2.5:
        return Severity.MEDIUM
    if score >= 1.5:
        return Severity.LOW
    return Severity.INFO


def _fvdl(report: ReportInput, ctx: ParseContext, suppressed: set[str]) -> Iterator[Finding]:
    # pass 1: the build's name and the class descriptions (they follow the vulnerabilities)
    project = ""
    descriptions: dict[str, tuple[str, str]] = {}
    for _event, el in iter_xml(report, ("BuildID", "Project", "Description")):
        tag = _local(el.tag)
        if tag in ("BuildID", "Project") and not project:
            project = " ".join((el.text or "").split())
        elif tag == "Description" and el.get("classID"):
            descriptions[el.get("classID")] = (
                _clean(_child_text(el, "Abstract")),
                _clean(_child_text(el, "Recommendations")),
            )
            clear_element(el)
    asset = code_asset(ctx, project, "fortify")
    # pass 2: the vulnerabilities
    for _event, el in iter_xml(report, "Vulnerability"):
        yield _vulnerability(asset, el, descriptions, suppressed)
        clear_element(el)


def _vulnerability(asset: Asset, el: Any, descriptions: dict[str, tuple[str, str]], suppressed: set[str]) -> Finding:
    info: dict[str, str] = {}
    replacements: dict[str, str] = {}
    source: Any = None
    for node in el.iter():
        tag = _local(node.tag)
        if tag == "Def" and node.get("key"):
            replacements[node.get("key")] = node.get("value", "")
        if tag in ("ClassID", "Kingdom", "Type", "Subtype", "InstanceID", "InstanceSeverity", "Confidence"):
            info.setdefault(tag, " ".join((node.text or "").split()))
        elif tag == "SourceLocation" and source is None:
            source = node
    class_id = info.get("ClassID", "")
    title = ": ".join(p for p in (info.get("Type", ""), info.get("Subtype", "")) if p) or "Fortify issue"
    abstract, advice = descriptions.get(class_id, ("", ""))
    abstract = _REPLACE.sub(lambda m: replacements.get(m.group(1), m.group(1)), abstract)
    path = source.get("path", "") if source is not None else ""
    line = source.get("line", "") if source is not None else ""
    instance = info.get("InstanceID", "")
    is_suppressed = instance in suppressed
    return Finding(
        asset=asset,
        name=title,
        severity=_fvdl_severity(info.get("InstanceSeverity", "")),
        description=abstract or title,
        remedy=advice[:4000] or f"See Fortify's recommendations for {title}.",
        location=location(path, line) or title,
        tags=[Tag(value="suppressed", key="fortify")] if is_suppressed else [],
        details=drop_empty(
            {
                "instanceId": instance,
                "classId": class_id,
                "kingdom": info.get("Kingdom"),
                "confidence": info.get("Confidence"),
                "instanceSeverity": info.get("InstanceSeverity"),
                "suppressed": is_suppressed or None,
            }
        ),
    )
