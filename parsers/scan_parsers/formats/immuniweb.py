"""ImmuniWeb (High-Tech Bridge) web application security test XML export: <Vulnerabilities><Vulnerability><ID/>
<Name/><Date/><Status/><Type/><CWE-ID/><CVE-ID/><CVSSv3>9.8 [CVSS:3.0/...]</CVSSv3><Risk/><URL/><Description/>
<PoC/><Remediation/></Vulnerability>...</Vulnerabilities>.

One finding per Vulnerability, with ImmuniWeb's risk (Critical, High, Medium, Low, Info or Informational), the
CVSS v3 score and vector of its CVSSv3 element, CWE and CVE. A vulnerability whose status is fixed, closed or
false positive is emitted inactive with that status. The proof of concept is not copied: it is a raw request
with the tester's session cookies. Asset: WEB, the host of the vulnerable URL. Streamed vulnerability by
vulnerability.
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
from ._sca_common import cves_in, cwe_id, parse_datetime
from ._scan_common import child_map, float_or_none, strip_html, web_asset
from ._static_common import drop_empty

_CVSS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:\[(CVSS:[^\]]+)\])?")
_CLOSED = frozenset({"fixed", "closed", "false positive", "false-positive", "resolved", "not vulnerable"})


@register
class Immuniweb(ReportFormat):
    id = "immuniweb"
    scan_types = ("Immuniweb Scan",)
    aliases = ("immuniweb",)
    default_asset_type = AssetType.WEB
    recognises = "ImmuniWeb XML: <Vulnerabilities><Vulnerability> with ID, Name, Risk, CVSSv3, URL, PoC"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "Vulnerabilities":
            return 0.0
        if {"Vulnerability", "Risk", "URL"} <= sniff.xml_tags and sniff.xml_tags & {"PoC", "CVSSv3", "CWE-ID"}:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("Vulnerabilities", "Vulnerability"), events=("start", "end")):
            if el.tag == "Vulnerabilities":
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                break
            yield _finding(report, ctx, child_map(el))
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <Vulnerabilities> root element: not an ImmuniWeb XML report")


def _first(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""


def _finding(report: ReportInput, ctx: ParseContext, fields: dict[str, Any]) -> Finding:
    name = _first(fields, "Name") or _first(fields, "Type")
    if not name:
        raise InvalidReport(f"{report.name}: a Vulnerability without Name or Type: not an ImmuniWeb report")
    url = _first(fields, "URL")
    cvss = _CVSS.match(_first(fields, "CVSSv3"))
    score = float_or_none(cvss.group(1)) if cvss else None
    status = _first(fields, "Status")
    closed = status.lower() in _CLOSED
    cwe = cwe_id(_first(fields, "CWE-ID"))
    return Finding(
        asset=web_asset(ctx, "immuniweb", url or None),
        name=name,
        severity=label(_first(fields, "Risk"), Severity.MEDIUM),
        score=score,
        description=strip_html(_first(fields, "Description")) or name,
        remedy=strip_html(_first(fields, "Remediation")),
        reference_ids=cves_in(_first(fields, "CVE-ID")),
        cwes=[cwe] if cwe else [],
        location=url or None,
        published=parse_datetime(_first(fields, "Date")),
        active=not closed,
        details=drop_empty(
            {
                "immuniwebId": _first(fields, "ID"),
                "type": _first(fields, "Type"),
                "status": status.lower() if closed else status,
                "cvssVector": cvss.group(2) if cvss and cvss.group(2) else "",
            }
        ),
    )
