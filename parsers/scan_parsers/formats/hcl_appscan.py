"""HCL AppScan (Standard 10.x and AppScan on Cloud / 360° DAST) XML report: the "AppScan Report" export
(`<xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.5+">`, AppScan on Cloud adds
AsocXmlExportVersion); the layout is described in `_appscan`.

One finding per issue (issue-group item): named by its issue type, at the URL it was found on (the url-group entry
it refers to, else its entity's URL), with AppScan's severity (Critical / High / Medium / Low / Informational, or the
numeric severity-id when the label is missing), CVSS score, CWE, the variants' reasoning and the type's fix
recommendation. Asset: WEB, the host of the issue URL, else of the scan's starting URL. A report without an issue
group is a clean scan. The SAST export of the same envelope is `hcl_asoc_sast`; the IBM-era export (IBM Security
AppScan 9.x) is `ibm_app`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, fingerprint_of
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _appscan
from ._sca_common import cwe_id
from ._scan_common import join_nonempty, web_asset
from ._static_common import drop_empty

_WHAT = "an HCL AppScan XML report"


@register
class HclAppscan(ReportFormat):
    id = "hcl_appscan"
    scan_types = ("HCLAppScan XML",)
    aliases = ("hcl-appscan", "appscan")
    default_asset_type = AssetType.WEB
    recognises = 'XML <xml-report name="AppScan Report" technology="DAST"> written by HCL AppScan'

    def detect(self, sniff: Sniff) -> float:
        return 0.9 if _appscan.product(sniff) == "hcl" else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for issue in _appscan.iter_issues(report, ctx, _WHAT):
            url = issue.url or ctx.meta.extra.get("starting-url", "")
            cwe = cwe_id(issue.cwe)
            asset = web_asset(ctx, "hcl_appscan", url)
            yield Finding(
                asset=asset,
                name=issue.name or "AppScan issue",
                severity=issue.severity,
                score=issue.score,
                description=join_nonempty("\n".join(issue.reasoning), "\n".join(issue.tips)) or issue.name,
                remedy=issue.remedy,
                reference_ids=[issue.cve] if issue.cve.upper().startswith("CVE-") else [],
                cwes=[cwe] if cwe else [],
                location=issue.url or None,
                # AppScan reports a type once per URL and parameter (entity); its issue id separates the rest
                fingerprint=fingerprint_of(
                    ["hcl_appscan", asset.key, issue.issue_type or issue.name, issue.url, issue.entity, issue.issue_id]
                ),
                details=drop_empty({"issueType": issue.issue_type, "entity": issue.entity, "issueId": issue.issue_id}),
            )
