"""OWASP Dependency-Track Finding Packaging Format (FPF), the JSON export of a project's findings.

Layout (FPF `version` 1.0 of Dependency-Track 3.x up to 1.2/1.3 of 4.x): a root object with `version`, `meta`
{application: "Dependency-Track", version, timestamp, baseUrl}, `project` {uuid, name, version, purl} and
`findings[]`, each {component {uuid, group, name, version, purl, latestVersion}, vulnerability {source, vulnId,
title, severity, cvssV2BaseScore, cvssV3BaseScore, cvssV4Score, cweId, cwes[], aliases[], description,
recommendation, references, published, epssScore}, analysis {state, isSuppressed, detail}, attribution, matrix}.
`findings` may be null or empty for a clean project.

One finding per FPF finding (one vulnerability of one component, as Dependency-Track groups them). The asset is the
Dependency-Track project (BUILD, identified by project name and version). Severity is the vulnerability's
`severity`; UNASSIGNED falls back to the CVSS v3, v4 or v2 score. Inactive findings (counted, never imported as
open): suppressed findings and those whose analysis state is NOT_AFFECTED, FALSE_POSITIVE or RESOLVED.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._json_values import obj
from ._purl import purl_type
from ._sca_common import cvss_score, cwe_id, parse_datetime, remedy, split_versions, text, unique

#: Analysis states in which the project's owner has decided the finding does not apply or is dealt with.
_CLOSED_STATES = {
    "NOT_AFFECTED": "analysis not affected",
    "FALSE_POSITIVE": "analysis false positive",
    "RESOLVED": "analysis resolved",
}
_ALIAS_KEYS = ("cveId", "ghsaId", "sonatypeId", "osvId", "snykId", "gsdId", "vulnDbId", "internalId")


@register
class DependencyTrack(ReportFormat):
    id = "dependency_track"
    scan_types = ("Dependency Track Finding Packaging Format (FPF) Export",)
    aliases = ("dependency-track", "dtrack", "fpf")
    default_asset_type = AssetType.BUILD
    recognises = "Dependency-Track FPF JSON: version, meta.application, project, findings[] {component, vulnerability}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("findings.item.component", "findings.item.vulnerability.vulnId"):
            return 0.95 if sniff.has_any_path("findings.item.matrix", "findings.item.analysis") else 0.7
        if "findings" in sniff.json_top_keys and sniff.has_paths("meta.application", "project"):
            return 0.9 if sniff.contains('"Dependency-Track"') else 0.4
        if sniff.json_string("meta.application") == "Dependency-Track" and "project" in sniff.json_top_keys:
            return 0.8  # a clean project whose null findings were left out
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen_findings = False
        for header, array, item in iter_groups(report, "", ("findings",), ("project",)):
            if array is None:
                if "findings" not in header and not seen_findings and not _has_empty_findings(report):
                    raise InvalidReport(f"{report.name}: no `findings` member: not a Dependency-Track FPF export")
                _meta(ctx, header)
                continue
            seen_findings = True
            if not isinstance(item, dict) or not isinstance(item.get("vulnerability"), dict):
                raise InvalidReport(f"{report.name}: an FPF finding without a `vulnerability` object")
            finding = _finding(_project_asset(ctx, header.get("project")), item)
            closed = _closed(item.get("analysis"))
            if closed:
                # Triaged away in Dependency-Track: an inactive finding, never imported as open.
                finding.active = False
                finding.details["status"] = closed
            yield finding


def _has_empty_findings(report: ReportInput) -> bool:
    """Streaming does not tell an empty `findings` list from a missing one; a document without findings is small.
    A clean project's findings may be [], null, or (a writer that drops nulls) absent beside Dependency-Track's meta."""
    data = load_json(report)
    if not isinstance(data, dict):
        return False
    if "findings" not in data:
        return text(obj(data.get("meta")).get("application")) == "Dependency-Track" and "project" in data
    return not data["findings"]


def _meta(ctx: ParseContext, header: dict[str, Any]) -> None:
    meta = obj(header.get("meta"))
    ctx.meta.scanner = "Dependency-Track"
    ctx.meta.scan_date = parse_datetime(meta.get("timestamp"))
    project = obj(header.get("project"))
    ctx.meta.target = text(project.get("name")) or None
    ctx.meta.extra.update(
        {k: v for k, v in {"fpfVersion": header.get("version"), "baseUrl": meta.get("baseUrl")}.items() if v}
    )


def _closed(analysis: Any) -> str | None:
    if not isinstance(analysis, dict):
        return None
    if analysis.get("isSuppressed") is True:
        return "suppressed"
    return _CLOSED_STATES.get(text(analysis.get("state")).upper())


def _project_asset(ctx: ParseContext, project: Any) -> Asset:
    project = obj(project)
    name, version = text(project.get("name")), text(project.get("version"))
    build = f"{name}@{version}" if name and version else name or text(project.get("uuid"))
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": build or "dependency-track-project", "origin": "dependency-track"},
        placeholder=not build,
    )


def _severity(vuln: dict[str, Any], score: float | None) -> Severity:
    word = text(vuln.get("severity")).upper()
    if word and word != "UNASSIGNED":
        return label(word)
    return from_cvss(score) if score is not None else Severity.MEDIUM


def _finding(asset: Asset, item: dict[str, Any]) -> Finding:
    comp = obj(item.get("component"))
    vuln: dict[str, Any] = item["vulnerability"]
    group, name, version = text(comp.get("group")), text(comp.get("name")), text(comp.get("version"))
    full_name = f"{group}/{name}" if group and name and not name.startswith(group) else name
    purl = text(comp.get("purl")) or None
    vid = text(vuln.get("vulnId")) or text(vuln.get("uuid"))
    score = next(
        (s for s in (cvss_score(vuln.get(k)) for k in ("cvssV3BaseScore", "cvssV4Score", "cvssV2BaseScore")) if s),
        None,
    )
    aliases = [a.get(k) for a in vuln.get("aliases") or [] if isinstance(a, dict) for k in _ALIAS_KEYS]
    cwes = unique(
        [cwe_id(vuln.get("cweId")), *(cwe_id(c.get("cweId")) for c in vuln.get("cwes") or [] if isinstance(c, dict))]
    )
    fixed = split_versions(vuln.get("patchedVersions"))
    title = text(vuln.get("title"))
    recommendation = text(vuln.get("recommendation"))
    analysis = obj(item.get("analysis"))
    return Finding(
        asset=asset,
        name=f"{vid}: {title}"[:255] if title else f"{vid} in {full_name}" if full_name else vid,
        severity=_severity(vuln, score),
        description=text(vuln.get("description")) or title or vid,
        remedy=recommendation or remedy(full_name, version, fixed),
        score=score,
        reference_ids=unique([vid, *aliases]),
        cwes=cwes,
        location=purl or (f"{full_name}@{version}" if version else full_name) or None,
        package=Package(full_name, version or None, fixed, purl, purl_type(purl)) if full_name else None,
        published=parse_datetime(vuln.get("published")),
        details={
            k: v
            for k, v in {
                "source": text(vuln.get("source")),
                "cvssV3Vector": text(vuln.get("cvssV3Vector")),
                "cvssV4Vector": text(vuln.get("cvssV4Vector")),
                "epssScore": vuln.get("epssScore"),
                "latestVersion": text(comp.get("latestVersion")),
                "analysisState": text(analysis.get("state")),
                "analysisDetail": text(analysis.get("detail"))[:2000],
                "references": text(vuln.get("references"))[:2000],
                "matrix": text(item.get("matrix")),
            }.items()
            if v not in (None, "")
        },
    )
