"""`composer audit --format=json` (Composer 2.4+): security advisories of the packages in composer.lock.

Layout: a root object with `advisories`, keyed by package name, each a list of {advisoryId (PKSA-...),
packageName, affectedVersions, title, cve, link, reportedAt, sources[] of {name, remoteId}, severity (2.6+)}; PHP
writes an empty map as `[]`, so a clean scan reads `"advisories": []`. Composer 2.7+ adds `abandoned` (package ->
suggested replacement or null); some versions add `filter` or `ignored` members.

One finding per advisory of a package (Composer's own grouping). Composer does not print the installed version,
so the package carries only its name; the affected range is kept in the details. Severity is the advisory's
(`null` or missing = MEDIUM). The asset is the project's composer.lock (BUILD placeholder: the report does not
name the project). Abandoned packages are not vulnerabilities: they are counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, fingerprint_of
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import objs
from ._sca_common import parse_datetime, text, unique

_ADVISORY_FIELD = re.compile(r"^advisories\..+\.item\.(advisoryId|affectedVersions|packageName)$")


@register
class ComposerAudit(ReportFormat):
    id = "composer_audit"
    scan_types = ("Composer Audit Scan",)
    aliases = ("composer-audit", "composer")
    default_asset_type = AssetType.BUILD
    recognises = "composer audit --format=json: advisories{package: [{advisoryId, affectedVersions, cve}]}, abandoned"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "advisories" not in sniff.json_top_keys:
            return 0.0
        fields = {m.group(1) for p in sniff.json_paths if (m := _ADVISORY_FIELD.match(p))}
        if {"advisoryId", "affectedVersions"} <= fields or {"packageName", "affectedVersions"} <= fields:
            return 0.9
        if set(sniff.json_top_keys) <= {"advisories", "abandoned", "filter", "ignored"} and (
            "abandoned" in sniff.json_top_keys
        ):
            return 0.6  # a clean scan of Composer 2.7+
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # Small by nature (advisories of one lock file), and PHP's `[]`-for-empty-map needs a look at the value type.
        data = load_json(report)
        if not isinstance(data, dict) or "advisories" not in data:
            raise InvalidReport(f"{report.name}: no `advisories` member: not a composer audit report")
        advisories = data["advisories"]
        if advisories in ([], None):
            advisories = {}
        if not isinstance(advisories, dict):
            raise InvalidReport(f"{report.name}: `advisories` is not a map of package names: not composer audit")
        ctx.meta.scanner = "composer audit"
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "composer.lock", "origin": "composer"}, placeholder=True)
        for package, items in advisories.items():
            # Composer writes a list per package; a map keyed by index appears when entries were filtered out.
            records = items if isinstance(items, list) else list(items.values()) if isinstance(items, dict) else None
            if records is None or not all(isinstance(r, dict) for r in records):
                raise InvalidReport(f"{report.name}: the advisories of {package} are not a list of objects")
            for adv in records:
                yield _finding(asset, text(adv.get("packageName")) or str(package), adv)
        abandoned = data.get("abandoned")
        if isinstance(abandoned, dict | list) and abandoned:
            ctx.skip("abandoned package", len(abandoned))


def _finding(asset: Asset, package: str, adv: dict[str, Any]) -> Finding:
    title = text(adv.get("title")) or text(adv.get("advisoryId")) or "Security advisory"
    cve = text(adv.get("cve"))
    ghsa = [text(s.get("remoteId")) for s in objs(adv.get("sources")) if text(s.get("remoteId")).startswith("GHSA-")]
    affected = text(adv.get("affectedVersions"))
    link = text(adv.get("link"))
    return Finding(
        asset=asset,
        name=f"{package}: {title}"[:255],
        severity=label(adv.get("severity")),
        description=f"{title}\n\nAffected versions of {package}: {affected or 'unknown'}."
        + (f"\n\nAdvisory: {link}" if link else ""),
        remedy=f"Update {package} to a version outside {affected}." if affected else f"Update {package}.",
        reference_ids=unique([cve or None, *ghsa, adv.get("advisoryId")]),
        location=package,
        package=Package(package, None, [], None, "packagist"),
        published=parse_datetime(adv.get("reportedAt")),
        # two advisories of one package may share a title: the advisory id tells them apart
        fingerprint=fingerprint_of(["composer_audit", asset.key, package, text(adv.get("advisoryId")) or cve or title]),
        details={
            k: v
            for k, v in {
                "advisoryId": text(adv.get("advisoryId")),
                "affectedVersions": affected,
                "link": link,
                "sources": [f"{text(s.get('name'))}: {text(s.get('remoteId'))}" for s in objs(adv.get("sources"))],
            }.items()
            if v
        },
    )
