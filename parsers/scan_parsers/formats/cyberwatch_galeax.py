"""Cyberwatch vulnerability export (the Galeax integration): one JSON object with `cves` (CVE announcements, each
with cve_code, cve_score, cve_level, cvss_v3, cwes, and the `servers` it affects) and `security_issues`
(Cyberwatch's own checks, e.g. WSTG web tests, with security_issue_id, level, title, description and `servers`).

One finding per CVE or security issue and server (a Phoenix finding belongs to one host); a CVE or issue with no
server listed is one finding on a Cyberwatch placeholder host. Severity from Cyberwatch's level (level_critical,
level_high, level_medium, level_low, level_info), the CVE's score from cve_score. A server entry Cyberwatch marks
fixed or ignored (active false, fixed_at, ignored true, or an issue state other than "active") is still counted,
with `active=False` and its state in `details["status"]`. Assets are INFRA: the server's computer name and OS.
`{"cves": [], "security_issues": []}` is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._json_values import obj, objs
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._scan_common import infra_asset
from ._static_common import drop_empty

_ARRAYS = ("cves", "security_issues")


@register
class CyberwatchGaleax(ReportFormat):
    id = "cyberwatch_galeax"
    scan_types = ("Cyberwatch scan (Galeax)",)
    aliases = ("cyberwatch",)
    default_asset_type = AssetType.INFRA
    recognises = "JSON object with cves[] (cve_code, cve_level, servers[]) and security_issues[] (security_issue_id)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("cves.item.cve_code", "security_issues.item.security_issue_id"):
            return 0.9
        if sniff.has_paths(*_ARRAYS) and set(sniff.json_top_keys) <= set(_ARRAYS):
            return 0.6  # the two lists and nothing else: an empty Cyberwatch export
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        items = 0
        for header, array, item in iter_groups(report, "", _ARRAYS):
            if array is None:
                if not items and not any(k in header for k in _ARRAYS):
                    require_list_member(report, _ARRAYS, "a Cyberwatch export")
                continue
            items += 1
            if not isinstance(item, dict) or not ({"cve_code", "security_issue_id"} & item.keys()):
                raise InvalidReport(f"{report.name}: an entry of `{array}` has no cve_code or security_issue_id")
            if array == "cves":
                yield from _cve_findings(ctx, item)
            else:
                yield from _issue_findings(ctx, item)


def _level(value: Any) -> Severity:
    return label(text(value).lower().removeprefix("level_"), Severity.INFO)


def _server_asset(ctx: ParseContext, server: dict[str, Any] | None) -> Asset:
    server = server or {}
    return infra_asset(
        ctx,
        "cyberwatch",
        hostname=text(server.get("computer_name")) or None,
        os=text(server.get("computer_os_name")) or text(server.get("computer_os")) or None,
    )


def _server_state(server: dict[str, Any]) -> str | None:
    """Why Cyberwatch no longer counts this server as affected, or None while it is."""
    active = server.get("active")
    if server.get("ignored") is True:
        return "ignored"
    if active is False or (isinstance(active, str) and active.lower() not in ("active", "true")):
        return "fixed" if server.get("fixed_at") or active is False else text(active).lower()
    if server.get("fixed_at"):
        return "fixed"
    return None


def _servers(item: dict[str, Any]) -> list[dict[str, Any] | None]:
    servers: list[dict[str, Any] | None] = list(objs(item.get("servers")))
    return servers or [None]


def _cve_findings(ctx: ParseContext, cve: dict[str, Any]) -> Iterator[Finding]:
    code = text(cve.get("cve_code"))
    weaknesses = obj(cve.get("cwes"))
    raw_cwes = weaknesses.get("cwe_id")
    cwes = unique(cwe_id(c) for c in (raw_cwes if isinstance(raw_cwes, list) else [raw_cwes]))
    for server in _servers(cve):
        state = _server_state(server) if server else None
        updates = objs(server.get("updates")) if server else []
        package = _package(updates[0]) if updates else None
        yield Finding(
            asset=_server_asset(ctx, server),
            name=code,
            severity=_level(cve.get("cve_level")),
            score=cvss_score(cve.get("cve_score")),
            description=text(cve.get("content")) or f"{code} affects this server.",
            remedy=_remedy(updates),
            reference_ids=[code],
            cwes=cwes,
            package=package,
            published=parse_datetime(cve.get("cve_published_at")),
            active=state is None,
            details=drop_empty(
                {
                    "status": state,
                    "cvssVector": text(cve.get("cvss_v3")) or text(cve.get("cvss")),
                    "epss": cve.get("cve_epss"),
                    "exploitMaturity": text(cve.get("exploit_code_maturity")),
                    "fixedAt": text(server.get("fixed_at")) if server else "",
                    "computerId": server.get("computer_id") if server else None,
                }
            ),
        )


def _package(update: dict[str, Any]) -> Package | None:
    current = obj(update.get("current"))
    target = obj(update.get("target"))
    name = text(current.get("product")) or text(target.get("product"))
    if not name:
        return None
    fixed = text(target.get("version"))
    return Package(name=name, version=text(current.get("version")) or None, fixed_versions=[fixed] if fixed else [])


def _remedy(updates: list[dict[str, Any]]) -> str:
    steps = []
    for update in updates:
        current, target = obj(update.get("current")), obj(update.get("target"))
        product = text(current.get("product")) or text(target.get("product"))
        if product and target.get("version"):
            steps.append(f"Update {product} from {text(current.get('version')) or '?'} to {text(target['version'])}")
    return "\n".join(steps)


def _issue_findings(ctx: ParseContext, issue: dict[str, Any]) -> Iterator[Finding]:
    issue_id = text(issue.get("security_issue_id"))
    title = text(issue.get("security_issue_title")) or issue_id
    cves = unique(text(obj(c).get("cve_code")) or text(c) for c in (issue.get("cve_announcements") or []))
    for server in _servers(issue):
        state = _server_state(server) if server else None
        yield Finding(
            asset=_server_asset(ctx, server),
            name=f"{issue_id}: {title}" if issue_id and issue_id != title else title,
            severity=_level(issue.get("level")),
            description=text(issue.get("security_issue_description")) or title,
            reference_ids=cves,
            published=parse_datetime(server.get("detected_at")) if server else None,
            active=state is None,
            details=drop_empty(
                {
                    "status": state,
                    "securityIssueId": issue_id,
                    "computerId": server.get("computer_id") if server else None,
                }
            ),
        )
