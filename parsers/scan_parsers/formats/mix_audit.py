"""mix_audit (mirego/mix_audit), `mix deps.audit --format json`: vulnerable Hex dependencies of an Elixir project.

Layout: {pass (true when nothing was found), vulnerabilities[] of {dependency {package, version, lockfile},
advisory {id (GHSA or a UUID in older versions), cve, title, description, severity, url, package,
disclosure_date, vulnerable_version_ranges[], first_patched_versions[] (2.x), patched_versions[] and
unaffected_versions[] (1.x)}}}.

One finding per advisory of a dependency. Severity is the advisory's (older advisories have none: MEDIUM). The
asset is the mix.lock the dependency was read from (BUILD).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cves_in, parse_datetime, remedy, text, unique


@register
class MixAudit(ReportFormat):
    id = "mix_audit"
    scan_types = ("Mix Audit Scan",)
    aliases = ("mix-audit", "mix-deps-audit")
    default_asset_type = AssetType.BUILD
    recognises = "mix deps.audit --format json: {pass, vulnerabilities[] of {dependency{lockfile}, advisory}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("vulnerabilities.item.dependency.lockfile") or sniff.has_paths(
            "vulnerabilities.item.advisory", "vulnerabilities.item.dependency.package"
        ):
            return 0.9
        if set(sniff.json_top_keys) == {"pass", "vulnerabilities"}:
            return 0.7  # a clean run: {"pass": true, "vulnerabilities": []}
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)  # the dependencies of one lock file: small
        if not isinstance(data, dict) or not isinstance(data.get("vulnerabilities"), list):
            raise InvalidReport(f"{report.name}: no `vulnerabilities` list: not a mix_audit report")
        ctx.meta.scanner = "mix_audit"
        for item in data["vulnerabilities"]:
            if not isinstance(item, dict) or not isinstance(item.get("advisory"), dict):
                raise InvalidReport(f"{report.name}: a vulnerability without an `advisory`: not a mix_audit report")
            yield _finding(ctx, obj(item.get("dependency")), item["advisory"])


def _finding(ctx: ParseContext, dep: dict[str, Any], adv: dict[str, Any]) -> Finding:
    lockfile = text(dep.get("lockfile"))
    asset = ctx.asset(
        AssetType.BUILD, {"buildFile": lockfile or "mix.lock", "origin": "mix_audit"}, placeholder=not lockfile
    )
    package = text(dep.get("package")) or text(adv.get("package"))
    version = text(dep.get("version"))
    fixed = unique([*(adv.get("first_patched_versions") or []), *(adv.get("patched_versions") or [])])
    aid = text(adv.get("id"))
    title = text(adv.get("title")) or aid
    cve = text(adv.get("cve"))
    if cve and not cve.upper().startswith("CVE-"):
        cve = f"CVE-{cve}"  # the elixir advisory database writes the bare number
    return Finding(
        asset=asset,
        name=f"{package}: {title}"[:255],
        severity=label(adv.get("severity")),
        description=text(adv.get("description")) or title,
        remedy=remedy(package, version, fixed),
        reference_ids=unique([*cves_in(cve), aid]),
        location=f"{lockfile or 'mix.lock'}: {package}@{version}",
        package=Package(package, version or None, fixed, f"pkg:hex/{package}@{version}" if version else None, "hex"),
        published=parse_datetime(adv.get("disclosure_date")),
        details={
            k: v
            for k, v in {
                "url": text(adv.get("url")),
                "vulnerableVersions": adv.get("vulnerable_version_ranges"),
                "unaffectedVersions": adv.get("unaffected_versions"),
            }.items()
            if v
        },
    )
