"""GitLab DAST report (gl-dast-report.json): the GitLab security-report schema with scan.type "dast", written by
GitLab's ZAP-based DAST analyzer (schema 2.x to 15.x) and by its browser-based DAST (scanner id "browserker").

{version, vulnerabilities: [{id, name | message, severity, confidence, identifiers[], links[], solution,
location: {hostname, method, path, param}, evidence: {request, response, summary}}], remediations, scan, site?}

Older analyzers also embed ZAP's own JSON (`site`, `spider`, `@version`) beside the schema; only `vulnerabilities`
is read, so nothing is counted twice. GitLab writes one vulnerability per affected URL and lists each in its
vulnerability report; one finding per vulnerability, on a WEB asset for the host of `location.hostname`, located at
its URL (method and parameter in details). Severity is GitLab's word (Critical/High/Medium/Low/
Info/Unknown). The evidence (request/response headers may hold credentials, the summary the personal data a PII
alert found) is not copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from . import _gitlab
from ._sca_common import text
from ._scan_common import web_asset
from ._web_fold import WebFolder, as_dict, join_url

_LOC = "vulnerabilities.item.location."


def dast_like(sniff: Sniff) -> bool:
    """Vulnerabilities located by host name and path: the DAST/API-fuzzing location of the GitLab schema."""
    return (
        sniff.kind == "json"
        and sniff.json_root == "object"
        and "vulnerabilities" in sniff.json_top_keys
        and sniff.has_paths(_LOC + "hostname")
        and sniff.has_any_path(_LOC + "path", _LOC + "method")
    )


def issue_name(vuln: dict[str, Any]) -> str:
    """The vulnerability's name; schema-15 DAST entries have none and name the issue in their first non-CWE
    identifier ("PII Disclosure", type ZAProxy_PluginId)."""
    name = text(vuln.get("name")) or text(vuln.get("message"))
    if name:
        return name
    for ident in vuln.get("identifiers") or []:
        if isinstance(ident, dict) and text(ident.get("type")).lower() != "cwe" and text(ident.get("name")):
            return text(ident.get("name"))
    return text(vuln.get("cve")) or "GitLab DAST finding"


def issue_key(vuln: dict[str, Any], name: str) -> str:
    for ident in vuln.get("identifiers") or []:
        if isinstance(ident, dict) and text(ident.get("type")).lower() not in ("cwe", "cve", ""):
            value = text(ident.get("value"))
            if value:
                return f"{text(ident.get('type'))}:{value}"
    return name


def check_web_report(report: ReportInput, kinds: tuple[str, ...]) -> None:
    """A GitLab security report (a `vulnerabilities` list) whose scan type, when it names one, is one of `kinds`."""
    head = sniff(report)
    if head.kind != "json" or head.json_root != "object" or "vulnerabilities" not in head.json_top_keys:
        raise InvalidReport(f"{report.name}: no `vulnerabilities` list: not a GitLab {kinds[0]} report")
    kind, _ = _gitlab.classify(head)
    if kind is not None and kind not in kinds:
        raise InvalidReport(f"{report.name}: this GitLab report is of scan type {kind!r}, not {kinds[0]!r}")


def vulnerabilities(report: ReportInput) -> Iterator[dict[str, Any]]:
    try:
        yield from _gitlab.iter_vulnerabilities(report)
    except ValueError as exc:
        raise InvalidReport(f"{report.name}: {exc}") from exc


def web_vulnerability(ctx: ParseContext, vuln: dict[str, Any], origin: str) -> tuple[Finding, str | None, str]:
    """One hostname/path-located vulnerability: its finding, its "METHOD URL" and its issue key."""
    loc = as_dict(vuln.get("location"))
    host = text(loc.get("hostname"))
    url = join_url(host, text(loc.get("path")))
    method = text(loc.get("method"))
    asset = web_asset(ctx, origin, host or url or None)
    name = issue_name(vuln)
    found = _gitlab.finding(asset, {**vuln, "name": name}, url or host)
    if text(loc.get("param")):
        found.details["param"] = text(loc["param"])
    if method:
        found.details["method"] = method
    return found, f"{method} {url}".strip() if url else None, issue_key(vuln, name)


def fold_web_vulnerability(folder: WebFolder, ctx: ParseContext, vuln: dict[str, Any], origin: str) -> None:
    """Add one hostname/path-located vulnerability to the folded findings of its issue and site."""
    found, url, key = web_vulnerability(ctx, vuln, origin)
    folder.add(found, url, key)


@register
class GitlabDast(ReportFormat):
    id = "gitlab_dast"
    scan_types = ("GitLab DAST Report",)
    aliases = ("gitlab-dast",)
    default_asset_type = AssetType.WEB
    recognises = "GitLab security report with scan.type dast (vulnerabilities located by hostname and path)"

    def detect(self, sniff: Sniff) -> float:
        kind, score = _gitlab.classify(sniff)
        if kind in ("dast", "browser_based"):
            return score
        if kind is None and dast_like(sniff) and not _gitlab.CHECKMARX_MARKER.search(sniff.text):
            if '"api_fuzzing"' in sniff.text or '"coverage_fuzzing"' in sniff.text:
                return 0.0
            # schema-15 cuts without `scan`: hostname + path locations and ZAP plugin ids are GitLab DAST's
            return (
                0.8 if '"ZAProxy_PluginId"' in sniff.text or sniff.has_paths("vulnerabilities.item.evidence") else 0.6
            )
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        check_web_report(report, ("dast", "browser_based"))
        for vuln in vulnerabilities(report):
            yield web_vulnerability(ctx, vuln, "gitlab-dast")[0]
