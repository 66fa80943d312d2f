"""WPScan 3.x JSON output (`wpscan --format json`):

{banner: {description: "WordPress Security Scanner by the WPScan Team", version}, target_url, target_ip,
effective_url, interesting_findings: [{url, to_s, type, found_by, confidence, interesting_entries,
references}], version: {number, status, vulnerabilities: [...]}, main_theme: {slug, version, vulnerabilities},
themes: {slug: {...}}, plugins: {slug: {location, version: {number}, outdated, vulnerabilities: [{title,
fixed_in, cvss?: {score, vector}, references: {cve: [...], url: [...], wpvulndb: [...]}}]}}, config_backups,
db_exports, timthumbs, users, vuln_api, scan_aborted?}

One WEB asset, the target site. Findings: each vulnerability of the WordPress core, the main theme, the
enumerated themes and the plugins, with the component as package and its fixed version; the same WPVulnDB entry
reported for several components (WPScan repeats one advisory per matching slug) is one finding. Each
interesting finding (readme, XML-RPC, directory listing, headers...) is an informational finding. Severity
from the CVSS score the WPScan API gives with an API token, else medium for a vulnerability. Exposed config
backups and DB exports are high. An aborted scan (`scan_aborted`) is refused with WPScan's message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import remedy, text, unique
from ._scan_common import float_or_none, web_asset
from ._web_fold import as_dict

#: Names of the interesting-finding types: WPScan's `to_s` changed between versions (a message, later the bare URL).
_INTERESTING = {
    "headers": "Interesting HTTP headers",
    "robots_txt": "robots.txt found",
    "xmlrpc": "XML-RPC enabled",
    "readme": "WordPress readme found",
    "mu_plugins": "Must-use plugins directory found",
    "upload_directory_listing": "Upload directory listing enabled",
    "upload_sql_dump": "SQL dump in the upload directory",
    "wp_cron": "External WP-Cron enabled",
    "debug_log": "Debug log found",
    "full_path_disclosure": "Full path disclosure",
    "registration": "User registration enabled",
    "backup_db": "Database backup found",
    "emergency_pwd_reset_script": "Emergency password reset script found",
    "php_disabled": "PHP disabled in the upload directory",
    "duplicator_installer_log": "Duplicator installer log found",
    "tmm_db_migrate": "ThemeMakers migration file found",
}


@register
class Wpscan(ReportFormat):
    id = "wpscan"
    scan_types = ("Wpscan",)
    aliases = ("wpscan",)
    default_asset_type = AssetType.WEB
    recognises = "WPScan JSON: banner (WPScan Team) + target_url + interesting_findings / plugins / version"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.has_paths("target_url"):
            return 0.0
        if sniff.has_paths("banner.description") and "WPScan" in sniff.text:
            return 0.95
        return 0.6 if sniff.has_any_path("interesting_findings", "main_theme") else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # small (one site), and the components are separate members
        if not isinstance(doc, dict) or "target_url" not in doc:
            raise InvalidReport(f"{report.name}: no target_url: not a WPScan JSON report")
        if doc.get("scan_aborted"):
            raise InvalidReport(f"{report.name}: the WPScan scan was aborted: {text(doc['scan_aborted'])}")
        target = text(doc.get("effective_url")) or text(doc.get("target_url"))
        asset = web_asset(ctx, "wpscan", target or None)
        for item in doc.get("interesting_findings") or []:
            if isinstance(item, dict):
                yield _interesting(asset, item)
        seen: set[str] = set()
        for kind, slug, component in _components(doc):
            for vuln in component.get("vulnerabilities") or []:
                if not isinstance(vuln, dict):
                    continue
                refs = as_dict(vuln.get("references"))
                key = ",".join(text(i) for i in refs.get("wpvulndb") or []) or text(vuln.get("title"))
                if key in seen:
                    ctx.skip("advisory repeated for another component")
                    continue
                seen.add(key)
                yield _vulnerability(asset, kind, slug, component, vuln, refs=refs)
        for kind in ("config_backups", "db_exports"):
            for url in as_dict(doc.get(kind)):
                yield Finding(
                    asset=asset,
                    name=f"Exposed {'configuration backup' if kind == 'config_backups' else 'database export'}",
                    severity=Severity.HIGH,
                    description=f"WPScan found a publicly readable {kind.replace('_', ' ')[:-1]} at {url}.",
                    remedy="Remove the file from the web root.",
                    location=url,
                )


def _components(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    version = as_dict(doc.get("version"))
    if version:
        yield "wordpress", "wordpress", version
    theme = as_dict(doc.get("main_theme"))
    if theme:
        yield "theme", text(theme.get("slug")), theme
    for kind, member in (("theme", "themes"), ("plugin", "plugins"), ("timthumb", "timthumbs")):
        for slug, component in as_dict(doc.get(member)).items():
            if isinstance(component, dict) and not (member == "themes" and slug == text(theme.get("slug"))):
                yield kind, str(slug), component


def _interesting(asset: Any, item: dict[str, Any]) -> Finding:
    entries = [text(e) for e in item.get("interesting_entries") or []]
    url = text(item.get("url"))
    kind = text(item.get("type"))
    return Finding(
        asset=asset,
        name=_INTERESTING.get(kind) or _title(kind, text(item.get("to_s"))),
        severity=Severity.INFO,
        description="\n".join([text(item.get("to_s")), *entries]).strip(),
        location=url or None,
        details={"type": kind, "foundBy": text(item.get("found_by")), "confidence": item.get("confidence")},
    )


def _title(kind: str, to_s: str) -> str:
    """WPScan's message ("XML-RPC seems to be enabled: URL") without the URL, else the finding type."""
    head = to_s.split(": http", 1)[0].strip()
    if head and not head.startswith("http"):
        return head
    return kind.replace("_", " ").capitalize() or "WPScan interesting finding"


def _vulnerability(
    asset: Any, kind: str, slug: str, component: dict[str, Any], vuln: dict[str, Any], *, refs: dict[str, Any]
) -> Finding:
    version = component.get("version")
    number = text(as_dict(version).get("number")) if isinstance(version, dict) else text(component.get("number"))
    fixed = text(vuln.get("fixed_in"))
    cvss = as_dict(vuln.get("cvss"))
    score = float_or_none(cvss.get("score"))
    title = text(vuln.get("title")) or f"{slug} vulnerability"
    return Finding(
        asset=asset,
        name=title,
        severity=from_cvss(score) if score is not None else Severity.MEDIUM,
        description=f"{title} ({kind} {slug}{f' {number}' if number else ''}).",
        remedy=remedy(slug, number or None, [fixed] if fixed else []),
        score=score,
        reference_ids=unique(
            f"CVE-{c}" if not text(c).upper().startswith("CVE") else text(c) for c in refs.get("cve") or []
        ),
        location=text(component.get("location")) or None,
        package=Package(slug, number or None, [fixed] if fixed else [], None, f"wordpress-{kind}"),
        details={
            "component": kind,
            "wpvulndb": [text(i) for i in refs.get("wpvulndb") or []],
            "references": [text(u) for u in refs.get("url") or []][:20],
            "cvssVector": text(cvss.get("vector")) or None,
            "outdated": component.get("outdated"),
        },
    )
