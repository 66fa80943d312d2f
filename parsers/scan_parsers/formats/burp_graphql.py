"""Burp Suite Enterprise / Burp Suite DAST issues fetched through its GraphQL API (the `scan { issues {...} }`
query), saved as JSON: {"Issues": [{issue_type: {name, description_html, remediation_html,
vulnerability_classifications_html, references_html}, description_html, remediation_html, severity
(high/medium/low/info), confidence, path, origin, serial_number, evidence: [{request_segments | response_segments:
[{data_html | highlight_html}]}]}]}.

Burp lists an issue per path; as the burp format does, one finding per issue type and origin (WEB asset), with
the paths in details. Descriptions and remediations are the issue's own text, then the issue type's background.
Evidence segments (request/response data, possibly credentials) are not copied. Issues without any name are
kept under "Unnamed Burp issue" rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import cwes_in, join_nonempty, strip_html, web_asset
from ._web_fold import WebFolder, as_dict, join_url
from .burp import burp_severity

_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)


@register
class BurpGraphql(ReportFormat):
    id = "burp_graphql"
    scan_types = ("Burp GraphQL API",)
    aliases = ("burp-graphql",)
    default_asset_type = AssetType.WEB
    recognises = 'Burp Enterprise GraphQL issues JSON: {"Issues": [{issue_type: {name...}, origin, path, severity}]}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "Issues" not in sniff.json_top_keys:
            return 0.0
        if sniff.has_paths("Issues.item.issue_type", "Issues.item.origin"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folder = WebFolder(self.id)
        seen = False
        for issue in iter_json(report, "Issues.item"):
            seen = True
            if not isinstance(issue, dict):
                raise InvalidReport(f"{report.name}: an entry of Issues is not an object")
            kind = as_dict(issue.get("issue_type"))
            origin = text(issue.get("origin"))
            path = text(issue.get("path"))
            url = join_url(origin, path)
            name = text(kind.get("name")) or "Unnamed Burp issue"
            finding = Finding(
                asset=web_asset(ctx, "burp-graphql", origin or url or None),
                name=name,
                severity=burp_severity(text(issue.get("severity"))),
                description=join_nonempty(
                    strip_html(issue.get("description_html")), strip_html(kind.get("description_html"))
                )
                or name,
                remedy=join_nonempty(
                    strip_html(issue.get("remediation_html")), strip_html(kind.get("remediation_html"))
                ),
                cwes=cwes_in(text(kind.get("vulnerability_classifications_html"))),
                location=url or None,
                details={
                    "confidence": text(issue.get("confidence")) or None,
                    "serialNumber": text(issue.get("serial_number")) or None,
                    "references": _HREF.findall(text(kind.get("references_html")))[:20],
                },
            )
            folder.add(finding, url or None)
        if not seen:
            require_list_member(report, ("Issues",), "a Burp GraphQL issues export")
        yield from folder.findings()
