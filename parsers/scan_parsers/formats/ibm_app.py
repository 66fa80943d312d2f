"""IBM Security AppScan Standard (8.x-9.x) DAST XML report, DefectDojo's "IBM AppScan DAST": the "AppScan Report"
export `<xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.4x">` (layout in `_appscan`; HCL
AppScan, the same product after 2019, writes it too and is `hcl_appscan`).

One finding per issue type and site: AppScan lists an issue per URL and parameter it tested (testfire: 115 issues
of 27 types); these fold into one finding of the type on the site (`_web_fold`), with every URL in details and the
highest severity and CVSS score of its issues. The folded issues are counted as skipped. Asset: WEB, the host of
the issue URLs, else of the scan's starting URL.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _appscan
from ._sca_common import cwe_id
from ._scan_common import web_asset
from ._static_common import drop_empty
from ._web_fold import WebFolder

_WHAT = "an IBM AppScan XML report"


@register
class IbmApp(ReportFormat):
    id = "ibm_app"
    scan_types = ("IBM AppScan DAST",)
    aliases = ("ibm-appscan", "appscan-standard")
    default_asset_type = AssetType.WEB
    recognises = 'XML <xml-report name="AppScan Report" technology="DAST"> written by IBM Security AppScan'

    def detect(self, sniff: Sniff) -> float:
        return 0.9 if _appscan.product(sniff) == "ibm" else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folder = WebFolder(self.id)
        for issue in _appscan.iter_issues(report, ctx, _WHAT):
            before = len(folder)
            finding = _finding(ctx, issue)
            known = folder.add(finding, issue.url or None, key=issue.issue_type or issue.name)
            if len(folder) == before:
                ctx.skip("issue folded into its issue type")
                if finding.score is not None and (known.score is None or finding.score > known.score):
                    known.score = finding.score
        for finding in folder.findings():
            urls = finding.details.get("urls") or []
            if len(urls) > 1:
                finding.location = None  # the type on the whole site; the URLs are in details
                finding.description += f"\n\nFound on {finding.details['occurrences']} URL(s)/parameter(s):\n" + (
                    "\n".join(urls)
                )
            yield finding


def _finding(ctx: ParseContext, issue: _appscan.Issue) -> Finding:
    cwe = cwe_id(issue.cwe)
    return Finding(
        asset=web_asset(ctx, "ibm_app", issue.url or ctx.meta.extra.get("starting-url", "")),
        name=issue.name or "AppScan issue",
        severity=issue.severity,
        score=issue.score,
        description="\n".join(issue.reasoning or issue.tips or [issue.name]),
        remedy=issue.remedy,
        reference_ids=[issue.cve] if issue.cve.upper().startswith("CVE-") else [],
        cwes=[cwe] if cwe else [],
        location=issue.url or None,
        details=drop_empty({"issueType": issue.issue_type}),
    )
