"""Xanitizer (RIGS IT's Java SAST, 2.x to 5.x) findings list XML, the "XML Findings List" export:

    <XanitizerFindingsList xanitizerVersion=".." timeStamp=".." allFindings="9" ...>
      <finding id="365" kind="PATH|GENERIC|PROTOCOL_CHECK|SPECIAL">
        <problemType>Injection: OS Command Injection</problemType> <problemTypeId>ci:OSCommandInjection</problemTypeId>
        <producer/> <category/> <rating>10.00</rating>
        <classification>Must Fix|Warning|Information|Harmless</classification>
        <matchCode>NOT|NEW|...</matchCode> <reviewed/> <date/> <package/> <class/> <file/> <line/>
        <cweNumber>CWE-78</cweNumber>
        <description/> <startNode lineNo classFQN relativePath><code lineNo finding/>..</startNode> <endNode/> | <node/>
      </finding>
    </XanitizerFindingsList>

(the "no details" variant leaves out the code snippets). One finding per `finding`; those a reviewer classified
Harmless are counted as skipped. Severity is the 0-10 rating on the CVSS scale (0 info), at least high for Must Fix.
Location: the package path and file, with the line. The asset is the CODE of the analysed project (not named: a
per-tool placeholder). A list without findings is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, parse_datetime
from ._scan_common import child_text, float_or_none
from ._static_common import code_asset, drop_empty, location

_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


@register
class Xanitizer(ReportFormat):
    id = "xanitizer"
    scan_types = ("Xanitizer Scan",)
    aliases = ("xanitizer",)
    default_asset_type = AssetType.CODE
    recognises = "XML <XanitizerFindingsList> of <finding> (problemType, rating, classification, file, line)"

    def detect(self, sniff: Sniff) -> float:
        return 0.95 if sniff.kind == "xml" and sniff.xml_root == "XanitizerFindingsList" else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("XanitizerFindingsList", "finding"), ("start", "end")):
            if el.tag == "XanitizerFindingsList":
                root_seen = True
                if event == "start":
                    ctx.meta.extra["xanitizerVersion"] = el.get("xanitizerVersionShort") or el.get("xanitizerVersion")
                continue
            if event != "end":
                continue
            if child_text(el, "classification").lower() == "harmless":
                ctx.skip("classified harmless")
            else:
                yield _finding(ctx, el)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <XanitizerFindingsList> root: not a Xanitizer findings list")


def _snippet(node: Any) -> str:
    if node is None:
        return ""
    lines = [f"{c.get('lineNo')}: {c.text or ''}" for c in node.findall("code")]
    where = node.get("classFQN") or node.get("relativePath") or ""
    head = f"{where}:{node.get('lineNo')}" if where else ""
    return "\n".join([head, *lines]).strip()


def _finding(ctx: ParseContext, el: Any) -> Finding:
    problem = child_text(el, "problemType") or child_text(el, "problemTypeId") or "Xanitizer finding"
    classification = child_text(el, "classification")
    rating = float_or_none(child_text(el, "rating"))
    severity = from_cvss(rating) if rating is not None else Severity.MEDIUM
    if classification.lower() == "must fix":
        severity = max(severity, Severity.HIGH, key=_ORDER.index)
    elif classification.lower() == "information" and rating is None:
        severity = Severity.INFO
    package, file = child_text(el, "package"), child_text(el, "file")
    path = f"{package.replace('.', '/')}/{file}" if package and file.endswith(".java") else file
    start, end = _snippet(el.find("startNode")), _snippet(el.find("endNode"))
    flow = "\n\n".join(p for p in (f"Source:\n{start}" if start else "", f"Sink:\n{end}" if end else "") if p)
    cwe = cwe_id(child_text(el, "cweNumber"))
    return Finding(
        asset=code_asset(ctx, None, "xanitizer"),
        name=problem,
        severity=severity,
        score=rating if rating else None,
        description="\n\n".join(p for p in (child_text(el, "description"), flow) if p) or problem,
        cwes=[cwe] if cwe and cwe != "CWE-0" else [],
        location=location(path, child_text(el, "line")) or None,
        published=parse_datetime(child_text(el, "date").split(" - ")[0]),
        details=drop_empty(
            {
                "id": el.get("id"),
                "kind": el.get("kind"),
                "problemTypeId": child_text(el, "problemTypeId"),
                "classification": classification,
                "rating": child_text(el, "rating"),
                "category": child_text(el, "category"),
                "matchCode": child_text(el, "matchCode"),
                "reviewed": child_text(el, "reviewed"),
                "class": child_text(el, "class"),
            }
        ),
    )
