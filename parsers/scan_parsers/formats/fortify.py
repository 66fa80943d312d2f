"""Fortify Static Code Analyzer (OpenText / Micro Focus / HP Fortify SCA), every output it is exported as:

* the XML report of Fortify's report generator / Audit Workbench (`ReportDefinition`, any template: "Fortify
  Security Report", "Developer Workbook", OWASP / CWE / DISA STIG reports): ReportSection / GroupingSection
  elements holding Issue elements (iid, Category, Folder, Kingdom, Abstract, Friority, Primary{FileName,
  FilePath, LineStart, Snippet, TargetFunction}). An issue can be listed in several sections (Results Outline,
  Issue Count by Category, examples, ...): it is one finding per category, file and line (DefectDojo folds them
  the same way);
* the FVDL analysis results (`audit.fvdl`, namespace xmlns://www.fortifysoftware.com/schema/fvdl): Vulnerability
  elements (ClassInfo, InstanceInfo, AnalysisInfo traces) whose class descriptions (Description) and rule
  metadata (EngineData/RuleInfo) come at the end of the file, so it is read in two streaming passes;
* the FPR project file: a zip holding audit.fvdl and audit.xml (the audit: suppressed and removed issues).

Severity: the report's Friority (Critical / High / Medium / Low). For FVDL, Fortify's priority quadrant: impact
(the rule's Impact, else InstanceSeverity) >= 2.5 and likelihood (Accuracy x Confidence x Probability / 25, or the
Confidence alone without rule metadata, as DefectDojo reads it) >= 2.5 critical, high impact only high, high
likelihood only medium, else low. The asset is the scanned code base (CODE: the report's project / the FVDL build).
Inactive findings (counted, never imported as open): FPR issues the audit marks suppressed or removed (Fortify
hides them).
A Fortify WebInspect scan XML (dynamic scans) is another format (microfocus_webinspect), not read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
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
        if sniff.xml_root == "FVDL":
            if "fortify" in (sniff.xml_namespace or "").lower():
                return 0.9
            return 0.8 if sniff.xml_tags & {"Build", "Vulnerabilities", "EngineData", "UUID"} else 0.0
        if sniff.xml_root == "ReportDefinition":
            if any(w in sniff.text[:20000] for w in ("Fortify", "Audit Workbench", "Micro Focus", "OpenText")):
                return 0.9
            return 0.8 if sniff.xml_tags & {"ReportSection", "GroupingSection", "Issue"} else 0.0
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.is_archive:
            yield from _fpr(report, ctx)
            return
        head = sniff(report)
        if head.kind == "xml" and head.xml_root == "FVDL":
            yield from _fvdl(report, ctx, hidden={})
        elif head.kind == "xml" and head.xml_root == "ReportDefinition":
            yield from _report(report, ctx, head.text)
        else:
            raise ValueError("not a Fortify report (no ReportDefinition or FVDL root, no audit.fvdl in the zip)")


def _report_severity(value: str) -> Severity:
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
        severity=_report_severity(_child_text(el, "Friority")),
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
    hidden: dict[str, str] = {}
    audit = next((m for m in report.zip_members if m.rsplit("/", 1)[-1] == "audit.xml"), None)
    if audit is not None:
        with zip_member(report, audit) as audit_xml:
            for _event, el in iter_xml(audit_xml, "Issue"):
                instance = el.get("instanceId")
                if instance and (el.get("suppressed") or "").lower() == "true":
                    hidden[instance] = "suppressed in the audit"
                elif instance and (el.get("removed") or "").lower() == "true":
                    hidden[instance] = "removed in the audit"
                clear_element(el)
    with zip_member(report, fvdl) as inner:
        yield from _fvdl(inner, ctx, hidden)


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _friority(impact: float | None, likelihood: float | None) -> Severity:
    """Fortify's priority quadrant over impact and likelihood (both 0.0-5.0, split at 2.5)."""
    if impact is None and likelihood is None:
        return Severity.MEDIUM
    impact, likelihood = impact or 0.0, likelihood or 0.0  # a missing half counts as low
    if impact >= 2.5:
        return Severity.CRITICAL if likelihood >= 2.5 else Severity.HIGH
    return Severity.MEDIUM if likelihood >= 2.5 else Severity.LOW


def _fvdl_severity(info: dict[str, str], rule: dict[str, str]) -> Severity:
    impact = _float(rule.get("Impact", "")) or _float(info.get("InstanceSeverity", ""))
    confidence = _float(info.get("Confidence", ""))
    accuracy, probability = _float(rule.get("Accuracy", "")), _float(rule.get("Probability", ""))
    if confidence is not None and accuracy is not None and probability is not None:
        return _friority(impact, accuracy * confidence * probability / 25)
    return _friority(impact, confidence)


def _fvdl(report: ReportInput, ctx: ParseContext, hidden: dict[str, str]) -> Iterator[Finding]:
    # pass 1: the build's name, the class descriptions and the rules' metadata (they follow the vulnerabilities)
    project = ""
    descriptions: dict[str, tuple[str, str]] = {}
    rules: dict[str, dict[str, str]] = {}
    seen_root = False
    for event, el in iter_xml(report, ("FVDL", "BuildID", "Project", "Description", "Rule"), events=("start", "end")):
        tag = _local(el.tag)
        if tag == "FVDL":
            seen_root = True
            continue
        if event != "end":
            continue
        if tag in ("BuildID", "Project") and not project:
            project = " ".join((el.text or "").split())
        elif tag == "Description" and el.get("classID"):
            descriptions[el.get("classID")] = (
                _clean(_child_text(el, "Abstract")),
                _clean(_child_text(el, "Recommendations")),
            )
            clear_element(el)
        elif tag == "Rule" and el.get("id"):
            rules[el.get("id")] = {
                g.get("name"): " ".join((g.text or "").split())
                for g in el.iter()
                if _local(g.tag) == "Group" and g.get("name") in ("Impact", "Accuracy", "Probability")
            }
            clear_element(el)
    if not seen_root:
        raise ValueError("the XML root is not a Fortify FVDL")
    asset = code_asset(ctx, project, "fortify")
    # pass 2: the vulnerabilities
    for _event, el in iter_xml(report, "Vulnerability"):
        finding = _vulnerability(asset, el, descriptions, rules)
        clear_element(el)
        reason = hidden.get(finding.details.get("instanceId", ""))
        if reason:
            # Suppressed or triaged away in the audit: an inactive finding, never imported as open.
            finding.active = False
            finding.details["status"] = reason
        yield finding


def _vulnerability(
    asset: Asset, el: Any, descriptions: dict[str, tuple[str, str]], rules: dict[str, dict[str, str]]
) -> Finding:
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
    return Finding(
        asset=asset,
        name=title,
        severity=_fvdl_severity(info, rules.get(class_id, {})),
        description=abstract or title,
        remedy=advice[:4000] or f"See Fortify's recommendations for {title}.",
        location=location(path, line) or title,
        details=drop_empty(
            {
                "instanceId": instance,
                "classId": class_id,
                "kingdom": info.get("Kingdom"),
                "confidence": info.get("Confidence"),
                "instanceSeverity": info.get("InstanceSeverity"),
            }
        ),
    )
