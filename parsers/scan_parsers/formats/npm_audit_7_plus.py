"""`npm audit --json` of npm 7 and later: auditReportVersion 2, `vulnerabilities` keyed by package name.

One finding per vulnerable package, as DefectDojo counts them. A package vulnerable only through its dependencies
(`via` holds names, not advisories) is reported with the advisories it inherits named in the description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package
from ..readers import iter_json_members
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._npm_advisory import cwes_of
from ._sca_common import cves_in, cvss_score, text, unique

_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")


@register
class NpmAudit7Plus(ReportFormat):
    id = "npm_audit_7_plus"
    scan_types = ("NPM Audit v7+ Scan",)
    aliases = ("npm-audit-7", "npm7-audit", "npm-audit-v7")
    default_asset_type = AssetType.BUILD
    recognises = "npm 7+ `npm audit --json`: auditReportVersion 2, vulnerabilities{name: {severity, via, range}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("auditReportVersion", "vulnerabilities"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.json_root != "object" or "vulnerabilities" not in head.json_top_keys:
            raise ValueError("no `vulnerabilities` object: this is not an npm 7+ audit report")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "package-lock.json", "origin": "npm"}, placeholder=True)
        for name, node in iter_json_members(report, "vulnerabilities"):
            if not isinstance(node, dict):
                raise ValueError(f"vulnerabilities.{name} is not an object")
            yield _finding(asset, name, node)


def _finding(asset: Asset, name: str, node: dict[str, Any]) -> Finding:
    package = text(node.get("name")) or name
    via = node.get("via") or []
    advisories = [v for v in via if isinstance(v, dict)]
    through = [text(v) for v in via if isinstance(v, str)]
    first = advisories[0] if advisories else {}
    urls = unique(a.get("url") for a in advisories)
    title = text(first.get("title")) or (f"Vulnerable dependency {', '.join(through)}" if through else "Vulnerability")
    fix = node.get("fixAvailable")
    if isinstance(fix, dict):
        fixed = [text(fix.get("version"))] if fix.get("version") else []
        remedy = f"Update {text(fix.get('name')) or package} to {text(fix.get('version'))}"
        if fix.get("isSemVerMajor"):
            remedy += " (a semver-major change)"
    elif fix is True:
        fixed, remedy = [], f"Run `npm audit fix` to update {package}"
    else:
        fixed, remedy = [], "No fix available"
    lines = [f"{package} {text(node.get('range'))} is vulnerable."]
    lines += [f"- {text(a.get('title'))} ({text(a.get('url'))}), affected {text(a.get('range'))}" for a in advisories]
    if through:
        lines.append(f"Vulnerable through its dependencies: {', '.join(through)}.")
    scores = [s for a in advisories if (s := cvss_score((a.get("cvss") or {}).get("score"))) is not None]
    return Finding(
        asset=asset,
        name=f"{package}: {title}"[:255],
        severity=label(node.get("severity")),
        description="\n".join(lines),
        remedy=remedy,
        score=max(scores) if scores else None,
        reference_ids=unique([g for u in urls for g in _GHSA.findall(u)] + [c for u in urls for c in cves_in(u)]),
        cwes=unique(c for a in advisories for c in cwes_of(a.get("cwe"))),
        location=package,
        package=Package(package, None, fixed, None, "npm"),
        details={
            k: v
            for k, v in {
                "range": node.get("range"),
                "isDirect": node.get("isDirect"),
                "via": through,
                "effects": node.get("effects"),
                "nodes": (node.get("nodes") or [])[:20],
                "urls": urls,
            }.items()
            if v not in (None, [], "")
        },
    )
