"""Arachni 1.x JSON report (`arachni_reporter scan.afr --reporter=json`, Arachni 1.0 to 1.6):

{version, seed, options: {url, ...}, sitemap, start_datetime, finish_datetime, issues: [{name, description,
severity (high/medium/low/informational), cwe, cwe_url, references: {title: url}, tags, remedy_guidance,
check: {name, shortname, description}, vector: {class, type, url, action, method, affected_input_name},
proof, trusted, digest, page, referring_page, request, response}], plugins}.

Arachni logs an issue per element and page it affects. One finding per check (shortname, else issue name) and
site, a WEB asset for the host of the vector URL (else options.url), with the URLs and inputs in details.
Untrusted issues (Arachni could not verify them) are kept and tagged "untrusted". Page bodies, requests and
responses are not copied. The JSON is streamed issue by issue; Arachni's XML/HTML reporters are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text, unique
from ._scan_common import join_nonempty, web_asset
from ._web_fold import WebFolder, as_dict


@register
class Arachni(ReportFormat):
    id = "arachni"
    scan_types = ("Arachni Scan",)
    aliases = ("arachni",)
    default_asset_type = AssetType.WEB
    recognises = "Arachni JSON report: {version, options, sitemap, issues: [{check, vector, severity...}]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "issues" not in sniff.json_top_keys:
            return 0.0
        if sniff.has_any_path("issues.item.check.shortname", "issues.item.vector.class"):
            return 0.9
        if sniff.has_paths("sitemap", "options.url") and "seed" in sniff.json_top_keys:
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folder = WebFolder(self.id)
        target: str | None = None
        seen = False
        for issue in iter_json(report, "issues.item"):
            seen = True
            if not isinstance(issue, dict):
                raise InvalidReport(f"{report.name}: an entry of issues is not an object")
            vector = as_dict(issue.get("vector"))
            url = text(vector.get("action")) or text(vector.get("url")) or text(as_dict(issue.get("page")).get("url"))
            url = url or text(as_dict(as_dict(issue.get("page")).get("dom")).get("url"))
            if not url and target is None:
                target = text(next(iter_json(report, "options.url"), ""))
            _fold(ctx, folder, issue, vector, url or target or "")
        if not seen:
            require_list_member(report, ("issues",), "an Arachni report")
            target = text(next(iter_json(report, "options.url"), ""))
            if target:
                web_asset(ctx, "arachni", target)
        yield from folder.findings()


def _fold(ctx: ParseContext, folder: WebFolder, issue: dict[str, Any], vector: dict[str, Any], url: str) -> None:
    check = as_dict(issue.get("check"))
    name = text(issue.get("name")) or text(check.get("name")) or "Arachni issue"
    refs = as_dict(issue.get("references"))
    cwe = cwe_id(issue.get("cwe"))
    tags = [Tag("untrusted")] if issue.get("trusted") is False else []
    finding = Finding(
        asset=web_asset(ctx, "arachni", url or None),
        name=name,
        severity=label(issue.get("severity"), Severity.INFO),
        description=join_nonempty(text(issue.get("description")), text(check.get("description"))) or name,
        remedy=text(issue.get("remedy_guidance")),
        cwes=[cwe] if cwe else [],
        location=url or None,
        details={
            "check": text(check.get("shortname")) or None,
            "element": text(vector.get("type")) or None,
            "input": text(vector.get("affected_input_name")) or None,
            "references": unique(text(v) for v in refs.values())[:20],
            "arachniTags": [text(t) for t in issue.get("tags") or []][:20],
        },
        tags=tags,
    )
    method = text(vector.get("method")).upper()
    found = folder.add(finding, f"{method} {url}".strip() if url else None, text(check.get("shortname")) or name)
    if found is not finding and not tags:
        found.tags = [t for t in found.tags if t.value != "untrusted"]  # verified somewhere: not untrusted
