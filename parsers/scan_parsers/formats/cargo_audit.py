"""cargo audit --json: {database, lockfile, settings, vulnerabilities: {found, count, list[]}, warnings}.

One finding per entry of vulnerabilities.list (warnings such as "unmaintained" are not vulnerabilities and are not
imported, as in DefectDojo). Severity comes from the advisory's CVSS vector; without one it is medium.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, iter_json_members
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._cvss import base_score
from ._sca_common import cves_in, parse_datetime, remedy, text, unique


@register
class CargoAudit(ReportFormat):
    id = "cargo_audit"
    scan_types = ("CargoAudit Scan",)
    aliases = ("cargo-audit", "cargo")
    default_asset_type = AssetType.BUILD
    recognises = "cargo audit --json: database.advisory-count, lockfile.dependency-count, vulnerabilities.list[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("lockfile.dependency-count", "vulnerabilities"):
            return 0.9 if sniff.has_any_path("database.advisory-count", "vulnerabilities.list") else 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.json_root != "object" or "vulnerabilities" not in head.json_top_keys:
            raise ValueError("no `vulnerabilities` object: this is not a cargo audit report")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "Cargo.lock", "origin": "cargo"}, placeholder=True)
        for entry in iter_json(report, "vulnerabilities.list.item"):
            yield _finding(asset, entry)
        for kind, warnings in iter_json_members(report, "warnings"):
            if isinstance(warnings, list) and warnings:
                ctx.skip(f"{kind} warning, not a vulnerability", len(warnings))


def _finding(asset: Asset, entry: dict[str, Any]) -> Finding:
    adv = entry.get("advisory") or {}
    pkg = entry.get("package") or {}
    name, version = text(pkg.get("name")) or text(adv.get("package")), text(pkg.get("version"))
    patched = unique((entry.get("versions") or {}).get("patched") or [])
    rid = text(adv.get("id"))
    score = base_score(text(adv.get("cvss")))
    aliases = adv.get("aliases") or []
    description = text(adv.get("description"))
    return Finding(
        asset=asset,
        name=f"{rid}: {text(adv.get('title'))}" if rid else text(adv.get("title")) or f"Vulnerability in {name}",
        severity=from_cvss(score) if score is not None else Severity.MEDIUM,
        description=description or text(adv.get("title")) or rid,
        remedy=remedy(name, version, patched),
        score=score if score else None,
        reference_ids=unique([rid, *aliases, *cves_in(description)]),
        location=f"{name}@{version}",
        package=Package(name, version or None, patched, f"pkg:cargo/{name}@{version}" if version else None, "cargo"),
        published=parse_datetime(adv.get("date")),
        details={
            k: v
            for k, v in {
                "url": adv.get("url"),
                "cvssVector": adv.get("cvss"),
                "categories": adv.get("categories"),
                "keywords": adv.get("keywords"),
                "references": adv.get("references"),
            }.items()
            if v
        },
    )
