"""The AppScan Standard / AppScan on Cloud DAST XML report ("AppScan Report", `<xml-report technology="DAST"
xmlExportVersion=...>`), shared by `hcl_appscan` (HCL AppScan, one finding per issue) and `ibm_app` (IBM Security
AppScan, DefectDojo's "IBM AppScan DAST": one finding per issue type and site). The same product changed hands in
2019, so both write one layout:

    <xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.x">
      <scan-information><product-name>HCL AppScan Standard</product-name>...</scan-information>
      <scan-configuration><starting-url>https://site</starting-url>...</scan-configuration>
      <issue-type-group><item id="attXss"><name>Cross-Site Scripting</name><cve/><cwe>79</cwe>...</item></...>
      <fix-recommendation-group><item id="attXss"><general><fixRecommendation><text>..</text>...</item></...>
      <url-group><item id="775863246"><name>https://site/page</name>...</item></url-group>
      <entity-group><item id=".."><name>param</name><url-name>https://site/page</url-name>...</item></entity-group>
      <issue-group total="N"><item id=".."><severity>High</severity><severity-id>3</severity-id>
        <cvss-score>7.5</cvss-score><cwe>79</cwe><issue-type><ref>attXss</ref></issue-type>
        <entity><ref>..</ref></entity><url><ref>775863246</ref></url>
        <variant-group><item><reasoning>..</reasoning><issue-information><issue-tip>..</issue-tip>...</item>
      </item>...</issue-group>
      <advisory-group>, <remediation-group>, <cookie-group>, ... (after the issues; not needed)
    </xml-report>

The groups an issue refers to come before the issue group, so the report is streamed: the small lookup groups are
kept, each issue is handed on as soon as it is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Severity
from ..readers import clear_element, iter_xml
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import child_text, float_or_none

#: AppScan's severity-id: 0 informational, 1 low, 2 medium, 3 high, 4 critical.
_SEVERITY_IDS = {
    "0": Severity.INFO,
    "1": Severity.LOW,
    "2": Severity.MEDIUM,
    "3": Severity.HIGH,
    "4": Severity.CRITICAL,
}
_LOOKUPS = {"issue-type-group", "url-group", "entity-group", "fix-recommendation-group"}
_HEADER = ("product-name", "starting-url", "scan-date-and-time-iso")


@dataclass(slots=True)
class Issue:
    issue_type: str
    name: str
    severity: Severity
    score: float | None
    cwe: str
    cve: str
    url: str
    entity: str
    reasoning: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    remedy: str = ""
    issue_id: str = ""


def product(sniff: Sniff) -> str:
    """Which AppScan wrote an "AppScan Report" DAST export: "hcl", "ibm" or "" (not one).

    The product name (scan-information, near the top) says it; when it is withheld, the export version does:
    IBM Security AppScan 9.x wrote xmlExportVersion 2.4x and earlier, HCL AppScan 10+ writes 2.5 and later (AppScan
    on Cloud's DAST export, with AsocXmlExportVersion, is HCL's too)."""
    if sniff.kind != "xml" or sniff.xml_root != "xml-report":
        return ""
    attrs = sniff.xml_root_attrs
    if attrs.get("technology", "").upper() != "DAST":
        return ""
    name = _product_name(sniff.text).lower()
    if "ibm" in name:
        return "ibm"
    if "hcl" in name or "AsocXmlExportVersion" in attrs:
        return "hcl"
    try:
        version = float(attrs.get("xmlExportVersion", ""))
    except ValueError:
        return "hcl"
    return "ibm" if version < 2.5 else "hcl"


def _product_name(head: str) -> str:
    """The text of the first <product-name> in the head, read with a pull parser that stops there."""
    parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    try:
        for start in range(0, min(len(head), 1 << 18), 8192):
            parser.feed(head[start : start + 8192].encode("utf-8", "replace"))
            for _event, el in parser.read_events():
                if isinstance(el.tag, str) and etree.QName(el.tag).localname == "product-name":
                    return (el.text or "").strip()
                if isinstance(el.tag, str) and etree.QName(el.tag).localname in ("issue-type-group", "issue-group"):
                    return ""
    except (etree.XMLSyntaxError, etree.ParserError, ValueError):
        return ""
    return ""


def iter_issues(report: ReportInput, ctx: ParseContext, what: str) -> Iterator[Issue]:
    types: dict[str, tuple[str, str, str]] = {}
    urls: dict[str, str] = {}
    entities: dict[str, tuple[str, str]] = {}
    fixes: dict[str, str] = {}
    root_seen = False
    issues = 0
    for event, el in iter_xml(report, ("xml-report", "item", *_HEADER), events=("start", "end")):
        tag = etree.QName(el.tag).localname
        if tag == "xml-report":
            root_seen = True
            continue
        if event != "end":
            continue
        if not root_seen:
            break
        if tag in _HEADER:
            ctx.meta.extra.setdefault(tag, (el.text or "").strip())
            continue
        parent = el.getparent()
        group = etree.QName(parent.tag).localname if parent is not None else ""
        item_id = el.get("id") or ""
        if group == "issue-type-group":
            types[item_id] = (child_text(el, "name"), child_text(el, "cwe"), child_text(el, "cve"))
        elif group == "url-group":
            urls[item_id] = child_text(el, "name")
        elif group == "entity-group":
            entities[item_id] = (child_text(el, "name"), child_text(el, "url-name"))
        elif group == "fix-recommendation-group":
            fixes[item_id] = "\n".join(t for t in (" ".join(x.itertext()).strip() for x in el.iter("text")) if t)
        elif group == "issue-group":
            issues += 1
            yield _issue(el, types, urls, entities, fixes)
        else:
            continue  # items nested in an issue (variants, differences) are read with it
        if group in _LOOKUPS or group == "issue-group":
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no <xml-report> root element: not {what}")
    if not issues and types:
        # an export whose report content left out the issues lists only the issue types found
        ctx.skip("issue type listed without its issues", len(types))


def _issue(
    el: Any,
    types: dict[str, tuple[str, str, str]],
    urls: dict[str, str],
    entities: dict[str, tuple[str, str]],
    fixes: dict[str, str],
) -> Issue:
    type_ref = child_text(el, "issue-type/ref")
    type_name, type_cwe, type_cve = types.get(type_ref, ("", "", ""))
    entity_name, entity_url = entities.get(child_text(el, "entity/ref"), ("", ""))
    severity_text = child_text(el, "severity")
    severity = label(severity_text, Severity.MEDIUM) if severity_text else None
    if severity is None:
        severity = _SEVERITY_IDS.get(child_text(el, "severity-id"), Severity.MEDIUM)
    reasons: list[str] = []
    tips: list[str] = []
    for variant in el.iterfind("variant-group/item"):
        reason = child_text(variant, "reasoning")
        if reason and reason not in reasons:
            reasons.append(reason)
        tip = child_text(variant, "issue-information/issue-tip")
        if tip and tip not in tips:
            tips.append(tip)
    return Issue(
        issue_type=type_ref,
        name=type_name or type_ref,
        severity=severity,
        score=float_or_none(child_text(el, "cvss-score")),
        cwe=child_text(el, "cwe") or type_cwe,
        cve=type_cve,
        url=urls.get(child_text(el, "url/ref"), "") or entity_url,
        entity=entity_name,
        reasoning=reasons,
        tips=tips,
        remedy=fixes.get(type_ref, ""),
        issue_id=el.get("id") or "",
    )
