"""IBM Security AppScan Standard (8.x-9.x) DAST XML report, DefectDojo's "IBM AppScan DAST": the "AppScan Report"
export `<xml-report name="AppScan Report" technology="DAST" xmlExportVersion="2.4x">` (layout in `_appscan`; HCL
AppScan, the same product after 2019, writes it too and is `hcl_appscan`).

One finding per issue type and site: AppScan lists an issue per URL and parameter it tested (testfire: 115 issues
of 27 types); these fold into one finding of the type on the site, with every URL in details and the highest
severity and CVSS score of its issues. The folded issues are counted as skipped. Asset: WEB, the host of the issue
URLs, else of the scan's starting URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _appscan
from ._sca_common import cwe_id
from ._scan_common import host_of, web_asset
from ._static_common import drop_empty

_WHAT = "an IBM AppScan XML report"
_RANK = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
_MAX_URLS = 200


@dataclass(slots=True)
class _Group:
    asset: Asset
    first: _appscan.Issue
    severity: Severity
    score: float | None
    urls: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    count: int = 0


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
        groups: dict[tuple[str, str], _Group] = {}
        for issue in _appscan.iter_issues(report, ctx, _WHAT):
            url = issue.url or ctx.meta.extra.get("starting-url", "")
            key = (issue.issue_type or issue.name, host_of(url)[0].lower() if url else "")
            group = groups.get(key)
            if group is None:
                asset = web_asset(ctx, "ibm_app", url)
                group = groups[key] = _Group(asset, issue, issue.severity, issue.score)
            else:
                ctx.skip("issue folded into its issue type")
                if _RANK.index(issue.severity) > _RANK.index(group.severity):
                    group.severity = issue.severity
                if issue.score is not None and (group.score is None or issue.score > group.score):
                    group.score = issue.score
            group.count += 1
            if issue.url and issue.url not in group.urls and len(group.urls) < _MAX_URLS:
                group.urls.append(issue.url)
            for reason in issue.reasoning:
                if reason not in group.reasons and len(group.reasons) < 20:
                    group.reasons.append(reason)
        for group in groups.values():
            yield _finding(group)


def _finding(group: _Group) -> Finding:
    issue = group.first
    cwe = cwe_id(issue.cwe)
    listed = "\n".join(group.urls)
    return Finding(
        asset=group.asset,
        name=issue.name or "AppScan issue",
        severity=group.severity,
        score=group.score,
        description="\n".join(group.reasons or issue.tips or [issue.name])
        + (f"\n\nFound on {group.count} URL(s)/parameter(s):\n{listed}" if listed else ""),
        remedy=issue.remedy,
        reference_ids=[issue.cve] if issue.cve.upper().startswith("CVE-") else [],
        cwes=[cwe] if cwe else [],
        location=group.urls[0] if len(group.urls) == 1 else None,
        details=drop_empty({"issueType": issue.issue_type, "urls": group.urls, "occurrences": group.count}),
    )
