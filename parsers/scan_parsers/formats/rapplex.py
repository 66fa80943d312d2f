"""Rapplex (Stealth Security) DAST JSON report: {ScanId, Target, CreatedDate, ScanPolicy, Fingerprinting,
Severities: {Information|Low|Medium|High|Critical: {Name, IssueGroups: [{Group, Severity, Definition: {Title,
Sections: {Summary, Remediation, Classification, References}, References: [{Title, Link}], Classifications:
[{Foundation, Value}]}, Issues: [{Title, Severity, Url, Path, HttpRequest, HttpResponse, Payload,
InjectionPoint, ...}]}]}}}.

One finding per issue, with Rapplex's severity, the CWE of its group's classifications and the CVSS v3 vector the
group references (scored). Requests and responses are not copied. Asset: WEB, the host of the issue URL, else of
the scan target.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._cvss import base_score
from ._sca_common import parse_datetime, text
from ._scan_common import strip_html, web_asset
from ._static_common import drop_empty
from ._web_fold import as_dict


@register
class Rapplex(ReportFormat):
    id = "rapplex"
    scan_types = ("Rapplex Scan",)
    aliases = ("rapplex",)
    default_asset_type = AssetType.WEB
    recognises = "Rapplex JSON: {ScanId, Target, ScanPolicy, Severities: {<level>: {IssueGroups: [{Issues}]}}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("ScanId", "Target", "Severities") and sniff.has_any_path("ScanPolicy", "Fingerprinting"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one scan's issues, with their definitions: small
        if not isinstance(doc, dict) or not isinstance(doc.get("Severities"), dict):
            raise InvalidReport(f"{report.name}: no Severities map: not a Rapplex report")
        target = text(doc.get("Target"))
        technologies = [
            item
            for g in as_dict(doc.get("Fingerprinting")).get("Groups") or []
            for item in as_dict(g).get("Items") or []
        ]
        if technologies:
            ctx.skip("technology fingerprint", len(technologies))
        published = parse_datetime(doc.get("StartedDate") or doc.get("CreatedDate"))
        for level, bucket in doc["Severities"].items():
            groups = as_dict(bucket).get("IssueGroups")
            if not isinstance(groups, list):
                raise InvalidReport(f"{report.name}: severity {level!r} has no IssueGroups list: not a Rapplex report")
            for group in groups:
                for issue in as_dict(group).get("Issues") or []:
                    if isinstance(issue, dict):
                        yield _finding(ctx, target, level, as_dict(group), issue, published=published)


def _finding(
    ctx: ParseContext, target: str, level: str, group: dict[str, Any], issue: dict[str, Any], *, published: Any
) -> Finding:
    definition = as_dict(group.get("Definition"))
    sections = as_dict(definition.get("Sections"))
    vector = next(
        (
            text(r.get("Title"))
            for r in definition.get("References") or []
            if text(as_dict(r).get("Title")).startswith("CVSS:")
        ),
        "",
    )
    cwes = [
        f"CWE-{text(c.get('Value'))}"
        for c in definition.get("Classifications") or []
        if text(as_dict(c).get("Foundation")).upper() == "CWE" and text(c.get("Value")).isdigit()
    ]
    url = text(issue.get("Url"))
    name = text(issue.get("Title")) or text(group.get("Group")) or text(definition.get("Title"))
    return Finding(
        asset=web_asset(ctx, "rapplex", url or target or None),
        name=name or "Rapplex issue",
        severity=label(issue.get("Severity") or group.get("Severity") or level, Severity.INFO),
        score=(base_score(vector) or None) if vector else None,  # a 0.0 vector scores nothing
        description=strip_html(sections.get("Summary")) or name,
        remedy=strip_html(sections.get("Remediation")),
        cwes=cwes,
        location=url or None,
        published=published,
        details=drop_empty(
            {
                "group": text(group.get("Group")),
                "path": text(issue.get("Path")),
                "injectionPoint": text(issue.get("InjectionPoint")),
                "payload": text(issue.get("Payload"))[:500],
                "cvssVector": vector,
                "exploitable": issue.get("Exploitable") or None,
            }
        ),
    )
