"""Sonatype Lifecycle / Nexus IQ Server application scan: the raw report JSON of
`GET /api/v2/applications/{id}/reports/{scanId}/raw` (what the IQ CLI and CI plugins also save).

Layout: a root object with `components[]` and `matchSummary` {totalComponentCount, knownComponentCount}. Each
component has `hash`, `componentIdentifier` {format: maven | npm | a-name | pypi | nuget | gem | golang | conda |
...; coordinates: per format, e.g. groupId/artifactId/version or packageId/version or name/version}, optionally
`packageUrl` (newer servers), `displayName`, `matchState`, `pathnames[]`, `licenseData` and `securityData`
{securityIssues[] of {source, reference, severity (CVSS score), status, url, threatCategory, cwe}}; securityData
is null or empty for components without known vulnerabilities.

One finding per security issue of a component (Sonatype's own grouping). The report does not name the application,
so all findings share one BUILD placeholder asset; the first pathname of the component is the location. Severity
comes from the issue's CVSS score (threatCategory when the score is missing). Issues whose status is Not Applicable
(set by a reviewer in IQ Server) are inactive findings; components without security issues are counted as skipped.
Licence data is not security data and is not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj, objs
from ._purl import purl_parts
from ._sca_common import cvss_score, cwe_id, text, unique

_THREAT = {"critical": Severity.CRITICAL, "severe": Severity.HIGH, "moderate": Severity.MEDIUM, "low": Severity.LOW}
_CLOSED = {"not applicable": "status not applicable"}


@register
class Sonatype(ReportFormat):
    id = "sonatype"
    scan_types = ("Sonatype Application Scan",)
    aliases = ("nexus-iq", "sonatype-iq", "sonatype-lifecycle")
    default_asset_type = AssetType.BUILD
    recognises = "Sonatype IQ raw report JSON: components[] {componentIdentifier{format, coordinates}, securityData}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("components.item.componentIdentifier.coordinates"):
            if sniff.has_any_path("components.item.securityData", "matchSummary", "components.item.matchState"):
                return 0.9
            return 0.6
        if set(sniff.json_top_keys) >= {"components", "matchSummary"} and sniff.has_any_path(
            "matchSummary.knownComponentCount", "matchSummary.totalComponentCount"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = ctx.asset(
            AssetType.BUILD, {"buildFile": "sonatype-application", "origin": "sonatype"}, placeholder=True
        )
        ctx.meta.scanner = "Sonatype IQ"
        any_component = False
        for comp in iter_json(report, "components.item"):
            any_component = True
            if not isinstance(comp, dict) or not (
                comp.get("componentIdentifier") or comp.get("packageUrl") or "hash" in comp
            ):
                raise InvalidReport(f"{report.name}: a component without componentIdentifier: not a Sonatype IQ report")
            security = obj(comp.get("securityData"))
            issues = objs(security.get("securityIssues"))
            if not issues:
                ctx.skip("component without security issues")
                continue
            for issue in issues:
                finding = _finding(asset, comp, issue)
                closed = _CLOSED.get(text(issue.get("status")).lower())
                if closed:
                    # Ruled out by a reviewer in IQ Server: an inactive finding, never imported as open.
                    finding.active = False
                    finding.details["status"] = closed
                yield finding
        if not any_component:
            require_list_member(report, ("components",), "a Sonatype IQ report")


def _package(comp: dict[str, Any]) -> Package:
    ident = obj(comp.get("componentIdentifier"))
    fmt = text(ident.get("format")) or None
    coords = obj(ident.get("coordinates"))
    purl = text(comp.get("packageUrl")) or None
    if coords.get("artifactId"):
        name = ":".join(p for p in (text(coords.get("groupId")), text(coords.get("artifactId"))) if p)
    else:
        name = text(coords.get("packageId")) or text(coords.get("name"))
    version = text(coords.get("version"))
    parts = purl_parts(purl)
    if parts and not name:
        name, version = parts[1], version or parts[2]
    return Package(
        name or text(comp.get("displayName")) or text(comp.get("hash")),
        version or None,
        [],
        purl,
        fmt or (parts[0] if parts else None),
    )


def _finding(asset: Asset, comp: dict[str, Any], issue: dict[str, Any]) -> Finding:
    pkg = _package(comp)
    ref = text(issue.get("reference"))
    score = cvss_score(issue.get("severity"))
    threat = text(issue.get("threatCategory")).lower()
    severity = from_cvss(score) if score is not None else _THREAT.get(threat, Severity.MEDIUM)
    paths = [text(p) for p in comp.get("pathnames") or [] if text(p)]
    coordinate = f"{pkg.name}@{pkg.version}" if pkg.version else pkg.name
    url = text(issue.get("url"))
    return Finding(
        asset=asset,
        name=f"{ref} in {coordinate}",
        severity=severity,
        description=f"{ref} ({text(issue.get('source')) or 'unknown source'}, threat category {threat or 'unknown'}) "
        f"affects {coordinate}." + (f" See {url}." if url else ""),
        remedy=f"Upgrade {pkg.name} to a version that is not affected by {ref}, or remove the dependency.",
        score=score,
        reference_ids=unique([ref]),
        cwes=unique([cwe_id(issue.get("cwe"))]),
        location=paths[0] if paths else coordinate,
        package=pkg,
        details={
            k: v
            for k, v in {
                "source": text(issue.get("source")),
                "status": text(issue.get("status")),
                "threatCategory": threat,
                "url": url,
                "pathnames": paths[:20],
                "matchState": text(comp.get("matchState")),
                "hash": text(comp.get("hash")),
            }.items()
            if v
        },
    )
