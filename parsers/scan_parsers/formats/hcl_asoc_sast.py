"""HCL AppScan on Cloud (ASoC) XML report of a static (SAST) scan: the "AppScan Report" export,
`<xml-report name="AppScan Report" AsocXmlExportVersion="1.x" technology="SAST|Mixed">` with a `dictionary`, a
`layout` (application-name, report-date), summary groups, and the issues:

    <issue-group total="N">
      <item filename=".." language=".." context=".." id="..">
        <issue-type><ref>CrossSiteScripting</ref></issue-type>
        <variant-group><item><issue-information><method-signature>api text</method-signature>..</item></variant-group>
        <fix><item><remediation>..</remediation><general><text>..</text></general></item></fix>
        <severity>High</severity> <technology>SAST</technology> <cwe><ref>79</ref></cwe>
        <status>Open</status> <issue-type-name>Cross-Site Scripting</issue-type-name>
        <location>src/a.php:48</location> <source-file>..</source-file> <line>48</line> <asoc-issue-id/>
      </item>
    </issue-group>

One finding per issue-group item, on the CODE asset of the application the layout names. Severity is ASoC's
Critical / High / Medium / Low / Informational. Issue statuses Fixed, Passed and Noise (ASoC's "not an issue")
are counted as skipped; New, Open, InProgress and Reopened are findings. A report without an issue-group is a clean
scan. The DAST export of the same product (technology="DAST") is the hcl_appscan format and is not claimed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id
from ._scan_common import child_text
from ._static_common import code_asset, drop_empty, location

_INACTIVE = {"fixed", "passed", "noise", "closed"}
_SAST_TAGS = {"source-file", "method-signature", "call-trace"}


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@register
class HclAsocSast(ReportFormat):
    id = "hcl_asoc_sast"
    scan_types = ("HCL AppScan on Cloud SAST XML",)
    aliases = ("asoc-sast", "appscan-on-cloud-sast")
    default_asset_type = AssetType.CODE
    recognises = 'XML <xml-report name="AppScan Report" AsocXmlExportVersion technology="SAST|Mixed"> with SAST issues'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "xml-report":
            return 0.0
        technology = sniff.xml_root_attrs.get("technology", "").upper()
        if technology == "SAST":
            return 0.9
        if technology == "MIXED" or "AsocXmlExportVersion" in sniff.xml_root_attrs:
            # ASoC also exports DAST scans in this envelope: claim only with static-analysis issues in sight
            return 0.85 if _SAST_TAGS & sniff.xml_tags else 0.2 if technology == "MIXED" else 0.0
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        app = ""
        root_seen = False
        for event, el in iter_xml(report, ("xml-report", "dictionary", "application-name", "item"), ("start", "end")):
            name = _local(el.tag)
            if name == "xml-report":
                root_seen = True
                continue
            if event != "end":
                continue
            if name == "dictionary":
                clear_element(el)
            elif name == "application-name":
                app = (el.text or "").strip()
            elif _local(el.getparent().tag if el.getparent() is not None else None) == "issue-group":
                status = child_text(el, "status")
                if status.lower() in _INACTIVE:
                    ctx.skip(f"status {status.lower()}")
                else:
                    yield _finding(ctx, app, el)
                clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <xml-report> root: not an HCL AppScan on Cloud XML report")


def _finding(ctx: ParseContext, app: str, item: Any) -> Finding:
    issue_type = child_text(item, "issue-type-name") or child_text(item, "issue-type/ref") or "AppScan issue"
    path = child_text(item, "source-file") or item.get("filename") or ""
    line = child_text(item, "line")
    api = child_text(item, "variant-group/item/issue-information/method-signature")
    fix = child_text(item, "fix/item/general/text") or child_text(item, "fix/item/remediation")
    context = item.get("context") or ""
    cwes = [c for c in (cwe_id(r.text) for r in item.findall("cwe/ref")) if c and c != "CWE-0"]
    description = "\n\n".join(p for p in (api, f"Code:\n{context}" if context else "") if p) or issue_type
    return Finding(
        asset=code_asset(ctx, app or None, "hcl_asoc_sast"),
        name=issue_type,
        severity=label(child_text(item, "severity"), Severity.MEDIUM),
        description=description,
        remedy=fix or "Review the issue in HCL AppScan on Cloud and apply its fix recommendation.",
        cwes=list(dict.fromkeys(cwes)),
        location=location(path, line) or child_text(item, "location") or None,
        details=drop_empty(
            {
                "issueType": child_text(item, "issue-type/ref"),
                "issueId": child_text(item, "asoc-issue-id"),
                "status": child_text(item, "status"),
                "language": item.get("language"),
                "technology": child_text(item, "technology"),
                "threatClass": child_text(item, "threat-class/ref"),
                "fixGroupId": child_text(item, "fix-group-id"),
                "cve": item.get("cve"),
            }
        ),
    )
