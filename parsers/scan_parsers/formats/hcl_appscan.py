"""HCL AppScan (Standard 10.x, AppScan on Cloud / AppScan 360) XML report, xmlExportVersion 2.x:

<xml-report name="AppScan Report" technology="DAST|SAST|IAST"> with lookup groups and the issues that refer to
them: issue-type-group/item[@id] (name, cve, cwe), fix-recommendation-group/item[@id] (general fix text),
advisory-group/item[@id] (threat description), url-group/item[@id] (name = the URL), entity-group, and
issue-group/item (severity word, severity-id 0-4, cvss-score, cwe, issue-type/ref, url/ref, entity/ref,
variant-group with the test traffic). SAST/IAST issues carry a `location` / `source-file` instead of a URL.

The groups may come in any order, so the issues are kept as small records (the variants and HTTP traffic are
dropped as the stream passes) and resolved at the end. One finding per issue type and site (WEB asset for the
URL's host, else the starting URL), with the URLs in details; SAST issues fold per type and source file on a CODE
asset named after the scan. Severity: the word (critical/high/medium/low/informational), else severity-id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cwe_id, unique
from ._scan_common import NESSUS_SEVERITY, child_text, float_or_none, join_nonempty, web_asset
from ._static_common import code_asset
from ._web_fold import WebFolder

_GROUPS = ("issue-type-group", "fix-recommendation-group", "advisory-group", "url-group", "entity-group")


@dataclass(slots=True)
class _Issue:
    severity: str
    severity_id: str
    cvss: str
    cvss_vector: str
    cwe: str
    issue_type: str
    url_ref: str
    method: str
    entity_ref: str
    location: str
    reasoning: str


def _severity(issue: _Issue) -> Severity:
    if issue.severity.strip():
        return label(issue.severity, Severity.INFO)
    return NESSUS_SEVERITY.get(issue.severity_id.strip(), Severity.INFO)


def _texts(el: Any) -> str:
    """The <text> lines of a fix recommendation or advisory, joined."""
    return "\n".join((t.text or "").strip() for t in el.iter("text")).strip()


@register
class HclAppscan(ReportFormat):
    id = "hcl_appscan"
    scan_types = ("HCLAppScan XML",)
    aliases = ("appscan", "hcl-appscan", "appscan-standard")
    default_asset_type = AssetType.WEB
    recognises = 'HCL AppScan XML report: <xml-report name="AppScan Report"> with issue-type-group / issue-group'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "xml-report":
            return 0.0
        if "AppScan" in sniff.xml_root_attrs.get("name", "") or "xmlExportVersion" in sniff.xml_root_attrs:
            return 0.9
        return 0.6 if {"issue-type-group", "dictionary"} <= sniff.xml_tags else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        tables: dict[str, dict[str, Any]] = {g: {} for g in _GROUPS}
        issues: list[_Issue] = []
        root_attrs: dict[str, str] | None = None
        scan_name = starting_url = ""
        stack: list[str] = []
        for event, el in iter_xml(
            report,
            ("xml-report", *_GROUPS, "issue-group", "item", "scan-name", "starting-url", "asoc-scan-name"),
            events=("start", "end"),
        ):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "xml-report":
                root_attrs = root_attrs or dict(el.attrib)
                continue
            if tag != "item":
                if event == "start":
                    stack.append(tag)
                else:
                    if stack and stack[-1] == tag:
                        stack.pop()
                    if tag in {"scan-name", "asoc-scan-name"}:
                        scan_name = scan_name or (el.text or "").strip()
                    elif tag == "starting-url":
                        starting_url = starting_url or (el.text or "").strip()
                    elif tag == "issue-group" or tag in _GROUPS:
                        clear_element(el)
                continue
            # only the direct items of a group (issue items hold nested variant items)
            if event != "end" or not stack or el.getparent() is None:
                continue
            parent = el.getparent().tag.rsplit("}", 1)[-1]
            if parent != stack[-1]:
                continue
            if root_attrs is None:
                raise InvalidReport(f"{report.name}: <item> outside an <xml-report>: not an AppScan XML report")
            if parent == "issue-group":
                issues.append(_issue(el))
            elif parent in tables:
                tables[parent][el.get("id") or ""] = _lookup(parent, el)
            clear_element(el)
        if root_attrs is None:
            raise InvalidReport(f"{report.name}: no <xml-report> root element: not an HCL AppScan XML report")
        technology = root_attrs.get("technology", "DAST").upper()
        folder = WebFolder(self.id)
        for issue in issues:
            _fold(ctx, folder, issue, tables, technology=technology, scan_name=scan_name, starting_url=starting_url)
        if not issues and starting_url:
            web_asset(ctx, "appscan", starting_url)
        yield from folder.findings()


def _issue(el: Any) -> _Issue:
    url = el.find("url")
    variant = el.find("variant-group/item")
    return _Issue(
        severity=child_text(el, "severity"),
        severity_id=child_text(el, "severity-id"),
        cvss=child_text(el, "cvss-score"),
        cvss_vector=child_text(el, "cvss-vector/vector"),
        cwe=child_text(el, "cwe"),
        issue_type=child_text(el, "issue-type/ref") or child_text(el, "issue-type"),
        url_ref=child_text(el, "url/ref"),
        method=url.get("original_request_method", "") if url is not None else "",
        entity_ref=child_text(el, "entity/ref"),
        location=child_text(el, "location") or child_text(el, "source-file"),
        reasoning=child_text(variant, "reasoning") if variant is not None else "",
    )


def _lookup(group: str, el: Any) -> Any:
    if group == "issue-type-group":
        return {"name": child_text(el, "name"), "cwe": child_text(el, "cwe"), "cve": child_text(el, "cve")}
    if group == "fix-recommendation-group":
        return _texts(el)
    if group == "advisory-group":
        adv = el.find("advisory")
        if adv is None:
            return ""
        risks = adv.find("securityRisks")
        return join_nonempty(child_text(adv, "testTechnicalDescription"), _texts(risks if risks is not None else adv))
    if group == "url-group":
        return child_text(el, "name")
    return child_text(el, "url-name") or child_text(el, "name")  # entity-group


def _fold(
    ctx: ParseContext,
    folder: WebFolder,
    issue: _Issue,
    tables: dict[str, dict[str, Any]],
    *,
    technology: str,
    scan_name: str,
    starting_url: str,
) -> None:
    kind = tables["issue-type-group"].get(issue.issue_type) or {}
    url = tables["url-group"].get(issue.url_ref) or tables["entity-group"].get(issue.entity_ref) or ""
    name = kind.get("name") or issue.issue_type or "AppScan issue"
    sast = technology == "SAST" or (not url and bool(issue.location))
    if sast:
        asset = code_asset(ctx, scan_name, "appscan")
        where = issue.location or None
    else:
        asset = web_asset(ctx, "appscan", url or starting_url or None)
        where = url or None
    cwe = cwe_id(issue.cwe or kind.get("cwe"))
    finding = Finding(
        asset=asset,
        name=name,
        severity=_severity(issue),
        description=join_nonempty(tables["advisory-group"].get(issue.issue_type, ""), issue.reasoning) or name,
        remedy=tables["fix-recommendation-group"].get(issue.issue_type, ""),
        score=float_or_none(issue.cvss),
        reference_ids=unique(cves_in(kind.get("cve", ""))),
        cwes=[cwe] if cwe else [],
        location=where,
        details={"issueType": issue.issue_type, "cvssVector": issue.cvss_vector or None},
    )
    shown = f"{issue.method} {where}".strip() if where and issue.method else where
    folder.add(finding, shown, f"{issue.issue_type or name}|{where if sast else ''}")
