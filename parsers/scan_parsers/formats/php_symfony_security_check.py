"""Symfony security check JSON: `symfony check:security --format=json` (Symfony CLI), the same output of
SensioLabs' `security-checker security:check --format=json` and of `local-php-security-checker --format=json`.
The document maps each vulnerable Composer package to {version, advisories: [{title, link, cve}]}; a clean
composer.lock gives `{}`. (`composer audit --format=json` is the composer_audit format.)

One finding per advisory of a package. The checkers give no severity: findings are medium. The asset is the BUILD
composer.lock that was checked (the report does not name it: one placeholder per report).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text, unique

_ORIGIN = "symfony-security-check"


@register
class PhpSymfonySecurityCheck(ReportFormat):
    id = "php_symfony_security_check"
    scan_types = ("PHP Symfony Security Check",)
    aliases = ("symfony-security-check", "security-checker", "local-php-security-checker")
    default_asset_type = AssetType.BUILD
    recognises = 'symfony check:security --format=json: {"vendor/package": {version, advisories[] of {title, link}}}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or not sniff.json_top_keys:
            return 0.0
        # every member is a Composer package name ("vendor/name") with its version and advisories
        packages = [k for k in sniff.json_top_keys if "/" in k]
        if len(packages) != len(sniff.json_top_keys):
            return 0.0
        if all(sniff.has_paths(f"{k}.version", f"{k}.advisories") for k in packages[:5]):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict):
            raise InvalidReport(f"{report.name}: not a Symfony security check report (expected a JSON object)")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "composer.lock", "origin": _ORIGIN}, placeholder=True)
        for package, entry in doc.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("advisories"), list):
                raise InvalidReport(
                    f"{report.name}: {package} has no advisories list: not a Symfony security check report"
                )
            version = text(entry.get("version"))
            if not entry["advisories"]:
                ctx.skip("package listed with no advisory")
            for advisory in entry["advisories"]:
                if not isinstance(advisory, dict):
                    raise InvalidReport(f"{report.name}: an advisory of {package} is not an object")
                yield _finding(asset, text(package), version, advisory)


def _finding(asset: Any, package: str, version: str, advisory: dict[str, Any]) -> Finding:
    title = text(advisory.get("title")) or f"Security advisory for {package}"
    cve = text(advisory.get("cve"))
    link = text(advisory.get("link"))
    return Finding(
        asset=asset,
        name=f"{package}: {title}",
        severity=Severity.MEDIUM,
        description=f"{title} ({cve or 'no CVE'}) affects {package} {version}." + (f" See {link}" if link else ""),
        remedy=f"Update {package} from {version} to a version the advisory lists as fixed.",
        reference_ids=unique([cve, link]),
        location=f"composer.lock: {package}@{version}",
        package=Package(package, version.removeprefix("v") or None, [], f"pkg:composer/{package}", "composer"),
        details={"link": link} if link else {},
    )
