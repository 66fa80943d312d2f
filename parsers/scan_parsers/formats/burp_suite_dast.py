"""Burp Suite DAST (formerly Burp Suite Enterprise Edition) HTML "Scan Remediation Report", the report a scan's
"Reports" tab downloads, in its 2022 and 2023+ markup. (Burp Enterprise's XML issue export is Burp's own issues XML:
the `burp` format.)

The report has, per scanned site, a summary table `<table class="issue-table">` ("Issues found on <site>"): an
`<tr class="issue-type-row">` per issue type ("Strict transport security not enforced [7]") followed by one row per
issue (path link, severity, confidence, link to its details), and a details section ("More details for <site>")
with one `<div class="issue-container">` per issue: anchor, `<h2>` issue type, path, then `<h3>` headed blocks
(Issue detail / description, background, remediation, references, vulnerability classifications, request,
response).

One finding per issue type and site (as Burp's report groups them; a type listed twice for one site folds): the
paths in details, the most severe issue's severity (High, Medium, Low, Info), the CWE of its classifications, the
first issue's description and remediation. Requests and responses are not copied. Asset: WEB, the site's host.
The HTML is loaded whole (these reports are a few MB at most); entities and the network are not resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import cwes_in, join_nonempty, strip_html, web_asset
from ._web_fold import WebFolder, join_url
from .burp import burp_severity

_SITE = re.compile(r"^(?:Issues found on|More details for)\s+(\S+)", re.I)
_COUNT = re.compile(r"\s*\[\d+\]\s*$")
_TRAFFIC = ("request", "response")


@dataclass(slots=True)
class _Issue:
    name: str
    site: str
    path: str
    severity: Severity = Severity.INFO
    confidence: str = ""
    blocks: dict[str, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)


def _parser() -> Any:
    return html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def _has_class(el: Any, name: str) -> bool:
    return name in (el.get("class") or "").split()


@register
class BurpSuiteDast(ReportFormat):
    id = "burp_suite_dast"
    scan_types = ("Burp Suite DAST Scan", "Burp Enterprise Scan")
    aliases = ("burp-enterprise", "burp-dast")
    default_asset_type = AssetType.WEB
    recognises = 'Burp Suite DAST / Enterprise HTML report: <table class="issue-table"> with issue-type-row rows'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("xml", "text") or sniff.text.lstrip()[:1] != "<":
            return 0.0
        if sniff.xml_root not in (None, "html"):
            return 0.0
        try:
            doc = html.document_fromstring(sniff.text.encode("utf-8", "replace"), parser=_parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return 0.0
        rows = doc.xpath("//table[contains(@class,'issue-table')]//tr[contains(@class,'issue-type-row')]")
        if rows and doc.xpath("//h1[starts-with(normalize-space(.), 'Issues found on')]"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = report.read_all()
        try:
            doc = html.document_fromstring(data, parser=_parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            raise InvalidReport(f"{report.name}: not an HTML document ({exc})") from exc
        summary = _summary(doc)
        if summary is None:
            raise InvalidReport(
                f"{report.name}: no Burp issue table (table.issue-table with issue-type-row rows and an "
                "'Issues found on <site>' heading): not a Burp Suite DAST HTML report"
            )
        if b"</html>" not in data[-4096:].lower():
            # HTML parsers repair a cut document silently; a complete report ends with </html>
            raise InvalidReport(f"{report.name}: the HTML ends early (no closing </html>): the report is truncated")
        issues = _details(doc, summary) or list(summary.values())
        folder = WebFolder(self.id)
        for issue in issues:
            before = len(folder)
            url = join_url(issue.site, issue.path)
            folder.add(_finding(ctx, issue), url or None, key=issue.name)
            if len(folder) == before:
                ctx.skip("issue folded into its issue type")
        yield from folder.findings()


def _summary(doc: Any) -> dict[str, _Issue] | None:
    """The issues of the summary tables by their anchor id, with type, site, path, severity and confidence."""
    tables = doc.xpath("//table[contains(@class,'issue-table')]")
    if not tables or not doc.xpath("//tr[contains(@class,'issue-type-row')]"):
        return None
    out: dict[str, _Issue] = {}
    for table in tables:
        site = _site_before(table)
        name = ""
        for row in table.iter("tr"):
            if _has_class(row, "issue-type-row"):
                name = _COUNT.sub("", row.text_content().strip())
                continue
            cells = row.findall("td")
            if len(cells) < 3 or not name:
                continue
            anchor = next((a.get("href", "")[1:] for a in row.iter("a") if a.get("href", "").startswith("#")), "")
            key = anchor or f"{name}|{len(out)}"
            out[key] = _Issue(
                name=name,
                site=site,
                path=cells[0].text_content().strip(),
                severity=burp_severity(cells[1].text_content().strip()),
                confidence=cells[2].text_content().strip(),
            )
    return out


def _site_before(el: Any) -> str:
    """The site of the nearest preceding "Issues found on <site>" / "More details for <site>" heading."""
    for h1 in el.itersiblings("h1", preceding=True):
        m = _SITE.match(h1.text_content().strip())
        if m:
            return m.group(1)
    parent = el.getparent()
    return _site_before(parent) if parent is not None and parent.tag != "body" else ""


def _details(doc: Any, summary: dict[str, _Issue]) -> list[_Issue]:
    out: list[_Issue] = []
    site = ""
    for el in doc.iter("h1", "div"):
        if el.tag == "h1":
            m = _SITE.match(el.text_content().strip())
            if m:
                site = m.group(1)
            continue
        if not _has_class(el, "issue-container"):
            continue
        anchor = next((a.get("name", "") for a in el.iter("a") if a.get("name")), "")
        known = summary.get(anchor)
        name = _text_of(el.find("h2")) or (known.name if known else "")
        path_link = next((a for a in el.iter("a") if not a.get("name")), None)
        issue = _Issue(
            name=name,
            site=site or (known.site if known else ""),
            path=_text_of(path_link) or (known.path if known else ""),
            severity=known.severity if known else Severity.INFO,
            confidence=known.confidence if known else "",
        )
        _read_blocks(el, issue)
        out.append(issue)
    return out


def _text_of(el: Any) -> str:
    return " ".join(el.text_content().split()) if el is not None else ""


def _read_blocks(container: Any, issue: _Issue) -> None:
    """The blocks under each <h3> heading (the next sibling element), by lower-case heading without the colon."""
    for h3 in container.iter("h3"):
        heading = _text_of(h3).rstrip(":").strip().lower()
        if heading in _TRAFFIC:
            continue
        block = h3.getnext()
        if block is None:
            continue
        if heading in ("references", "vulnerability classifications"):
            issue.references += [_text_of(a) for a in block.iter("a") if _text_of(a)]
            continue
        issue.blocks[heading] = strip_html(etree.tostring(block, encoding="unicode", method="html"))


def _finding(ctx: ParseContext, issue: _Issue) -> Finding:
    blocks = issue.blocks
    detail = blocks.get("issue detail", "")
    background = blocks.get("issue background") or blocks.get("issue description", "")
    remediation = blocks.get("issue remediation") or blocks.get("remediation detail", "")
    return Finding(
        asset=web_asset(ctx, "burp_suite_dast", issue.site),
        name=issue.name or "Burp issue",
        severity=issue.severity,
        description=join_nonempty(detail, background) or issue.name,
        remedy=remediation,
        cwes=cwes_in(" ".join(issue.references)),
        details={k: v for k, v in {"confidence": issue.confidence, "references": issue.references}.items() if v},
    )
