"""n0s1 (Spark 1's secret scanner for Jira, Confluence, GitHub, GitLab, Slack, Asana, Linear, Wrike, Zendesk) JSON
report, as `n0s1 <target>_scan --report-format json` writes it (1.x):

    {"tool": {"name": "n0s1", "version", "scan_arguments": {"scan_target": "confluence_scan", ...}},
     "scan_date": {"timestamp", "date_utc"}, "regex_config": {"title", "rules": [...]},
     "findings": {"<id>": {"id", "url", "secret": <context, redacted unless --show-matched-secret-on-logs>,
                           "details": {"matched_regex_config": {"id", "description", "tags"},
                                       "platform": "Confluence", "ticket_field": "description|comments|..."}}}}

(some versions write `findings` as an array of the same objects). One finding per entry: a secret in one field of
one ticket or page. The asset is the WEB site of the platform the URL names (e.g. acme.atlassian.net), the location
the page or ticket URL. Severity is high. `secret` is never copied: only a masked form and a digest are kept.
`findings: {}` is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_json, iter_json_members, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import text
from ._scan_common import web_asset
from ._static_common import SECRET_REMEDY, drop_empty, mask_secret, secret_digest


@register
class N0s1(ReportFormat):
    id = "n0s1"
    scan_types = ("n0s1 Scanner",)
    aliases = ("n0s1",)
    default_asset_type = AssetType.WEB
    recognises = 'JSON with tool.name "n0s1", regex_config and a findings map of {url, secret, details}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if "findings" in sniff.json_top_keys and sniff.has_any_path("regex_config.rules", "regex_config.title"):
            return 0.95 if sniff.contains('"n0s1"') else 0.8
        if sniff.has_paths("tool.name", "tool.scan_arguments") and sniff.contains('"n0s1"'):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for _key, entry in iter_json_members(report, "findings"):
            seen += 1
            yield _finding(report, ctx, entry)
        if seen:
            return
        doc = load_json(report)  # no findings map with members: a clean scan, or the array variant
        findings = doc.get("findings") if isinstance(doc, dict) else None
        if isinstance(findings, dict):
            return
        if not isinstance(findings, list):
            raise InvalidReport(f"{report.name}: no `findings` map: not an n0s1 report")
        for entry in iter_json(report, "findings.item"):
            yield _finding(report, ctx, entry)


def _finding(report: ReportInput, ctx: ParseContext, entry: Any) -> Finding:
    if not isinstance(entry, dict) or "url" not in entry:
        raise InvalidReport(f"{report.name}: a finding has no url: not an n0s1 finding")
    details = member_dict(entry, "details")
    rule = member_dict(details, "matched_regex_config")
    kind = text(rule.get("description")) or text(rule.get("id")) or "secret"
    url = text(entry.get("url"))
    platform = text(details.get("platform"))
    field = text(details.get("ticket_field"))
    secret = entry.get("secret")
    return Finding(
        asset=web_asset(ctx, "n0s1", url or None),
        name=f"Hard-coded secret: {kind}",
        severity=Severity.HIGH,
        description=f"n0s1 found a {kind} ({mask_secret(secret)})"
        + (f" in the {field} of" if field else " in")
        + f" {platform + ' ' if platform else ''}{url or 'an item'}.",
        remedy=SECRET_REMEDY,
        location=url or None,
        fingerprint=text(entry.get("id")),
        tags=[Tag(t, "n0s1") for t in member_list(rule, "tags") if isinstance(t, str) and t],
        details=drop_empty(
            {
                "ruleId": text(rule.get("id")),
                "platform": platform,
                "field": field,
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret) if secret else "",
            }
        ),
    )
