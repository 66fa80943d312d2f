"""Micro Focus / OpenText (formerly HP) Fortify WebInspect XML scan export, as WebInspect 10 to 24 write it
("Export scan details" / the XML the Fortify WebInspect report users send):

<Sessions><Session><URL/><Scheme/><Host/><Port/><Issues><Issue id=...><CheckTypeID/> <VulnerabilityID/>
<Severity>0-4</Severity><Name/><Classifications><Classification kind="CWE" identifier="CWE-525"/>...
<ReportSection><Name>Summary|Implication|Execution|Fix|Reference Info</Name><SectionText/>...</Issue></Issues>
<RawRequest/><RawResponse/>...</Session>...</Sessions>

One Session per crawled or attacked request; WebInspect repeats a check on every session it fires on. One finding
per check (VulnerabilityID, else name) and site, a WEB asset for the session's host, with the session URLs in
details. Severity 0 informational, 1 low, 2 medium, 3 high, 4 critical. Sessions without issues still register
their site. Raw requests and responses (cookies, bodies) are not copied. Streamed session by session.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, unique
from ._scan_common import NESSUS_SEVERITY, child_text, join_nonempty, strip_html, web_asset
from ._web_fold import WebFolder

_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
#: Some WebInspect builds prefix empty fields with the literal "undefined".
_UNDEFINED = re.compile(r"^(?:undefined)+")


def _severity(value: str) -> Severity:
    return NESSUS_SEVERITY.get(value.strip()) or label(value, Severity.INFO)


def _sections(issue: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for section in issue.iterfind("ReportSection"):
        name = child_text(section, "Name").lower()
        text = _UNDEFINED.sub("", (section.findtext("SectionText") or "").strip())
        if name and text:
            out[name] = text
    return out


@register
class MicrofocusWebinspect(ReportFormat):
    id = "microfocus_webinspect"
    scan_types = ("Microfocus Webinspect Scan",)
    aliases = ("webinspect", "fortify-webinspect", "microfocus-webinspect")
    default_asset_type = AssetType.WEB
    recognises = "Fortify WebInspect XML export: <Sessions><Session><URL/><Host/><Issues><Issue> ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "Sessions":
            return 0.0
        if {"Session", "URL", "Host"} <= sniff.xml_tags and ({"Issues", "RawRequest"} & sniff.xml_tags):
            return 0.9
        return 0.6 if "Session" in sniff.xml_tags else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folder = WebFolder(self.id)
        root_seen = False
        for event, el in iter_xml(report, ("Sessions", "Session"), events=("start", "end")):
            if el.tag.rsplit("}", 1)[-1] == "Sessions":
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                raise InvalidReport(f"{report.name}: <Session> outside <Sessions>: not a WebInspect export")
            url = child_text(el, "URL")
            asset = web_asset(ctx, "webinspect", child_text(el, "Host") or url or None)
            for issue in el.iterfind("Issues/Issue"):
                folder.add(_finding(asset, issue, url), url or None, child_text(issue, "VulnerabilityID") or None)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <Sessions> root element: not a WebInspect XML export")
        yield from folder.findings()


def _finding(asset: Any, issue: Any, url: str) -> Finding:
    name = child_text(issue, "Name") or f"WebInspect check {child_text(issue, 'VulnerabilityID')}"
    sections = _sections(issue)
    classes = [
        (c.get("kind") or "", c.get("identifier") or (c.text or "").strip()) for c in issue.iter("Classification")
    ]
    return Finding(
        asset=asset,
        name=name,
        severity=_severity(child_text(issue, "Severity")),
        description=join_nonempty(
            strip_html(sections.get("summary")),
            strip_html(sections.get("implication")),
            strip_html(sections.get("execution")),
        )
        or name,
        remedy=strip_html(sections.get("fix")),
        cwes=unique(cwe_id(ident) for kind, ident in classes if kind.upper() == "CWE"),
        location=url or None,
        details={
            "vulnerabilityId": child_text(issue, "VulnerabilityID"),
            "checkType": child_text(issue, "CheckTypeID"),
            "engine": child_text(issue, "EngineType"),
            "classifications": [f"{k}: {i}" for k, i in classes if k.upper() != "CWE" and i][:20],
            "references": unique(_HREF.findall(sections.get("reference info", "")))[:20],
        },
    )
