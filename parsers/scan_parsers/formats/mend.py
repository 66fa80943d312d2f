"""Mend (formerly WhiteSource) SCA JSON in three shapes:

* the legacy API/report export: {vulnerabilities: [{name, severity, cvss3_score, library, topFix, project, ...}]};
* the Unified Agent / CLI project report: {projectVitals, libraries: [{name, version, vulnerabilities: [...]}]};
* the Mend platform API 3.0 findings listing: {supportToken, response: [{name, component, findingInfo,
  vulnerability, topFix, project, application}]} -- only ACTIVE findings count (removed libraries do not).

One finding per vulnerability of a library. The scanned project is a REPOSITORY asset.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, parse_datetime, text, unique


@register
class Mend(ReportFormat):
    id = "mend"
    scan_types = ("Mend Scan",)
    aliases = ("mend", "whitesource", "ws")
    default_asset_type = AssetType.REPOSITORY
    phoenix_scan_type = "Whitesource Scan"  # Phoenix's list carries DefectDojo's older name for this format
    recognises = "Mend/WhiteSource JSON: vulnerabilities[] with library, libraries[] with projectVitals, or API 3.0"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.has_paths("vulnerabilities.item.library") and sniff.has_any_path(
            "vulnerabilities.item.topFix", "vulnerabilities.item.project", "vulnerabilities.item.cvss3_severity"
        ):
            return 0.9
        if sniff.has_paths("projectVitals", "libraries"):
            return 0.9
        if sniff.has_paths("supportToken", "response") and sniff.has_any_path(
            "response.item.findingInfo", "additionalData.totalItems"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        if isinstance(data.get("response"), list):
            yield from _platform(data["response"], ctx)
        elif isinstance(data.get("libraries"), list):
            vitals = data.get("projectVitals") or {}
            asset = _project(ctx, text(vitals.get("name")), text(vitals.get("productName")))
            for lib in data["libraries"]:
                for v in lib.get("vulnerabilities") or []:
                    yield _legacy(asset, v, lib)
        elif isinstance(data.get("vulnerabilities"), list):
            for v in data["vulnerabilities"]:
                asset = _project(ctx, text(v.get("project")), text(v.get("product")))
                yield _legacy(asset, v, v.get("library") or {})
        else:
            raise ValueError("no `vulnerabilities`, `libraries` or `response` list: not a Mend report")


def _project(ctx: ParseContext, project: str, product: str) -> Asset:
    name = "/".join(p for p in (product, project) if p) if project and not project.startswith("http") else project
    return ctx.asset(
        AssetType.REPOSITORY,
        {"repository": name or "mend-project", "origin": "mend"},
        placeholder=not name,
    )


def _fix_text(fix: Any) -> str:
    if not isinstance(fix, dict):
        return ""
    return text(fix.get("fixResolution")) or text(fix.get("message"))


def _legacy(asset: Asset, v: dict[str, Any], lib: dict[str, Any]) -> Finding:
    vid = text(v.get("name"))
    pkg = text(lib.get("artifactId")) or text(lib.get("name")) or text(lib.get("filename"))
    version = text(lib.get("version"))
    score = cvss_score(v.get("cvss3_score")) or cvss_score(v.get("score"))
    word = text(v.get("cvss3_severity")) or text(v.get("severity"))
    paths = [text(loc.get("path")) for loc in v.get("locations") or [] if isinstance(loc, dict) and loc.get("path")]
    fix = _fix_text(v.get("topFix"))
    return Finding(
        asset=asset,
        name=vid or f"Vulnerability in {pkg}",
        severity=label(word, Severity.INFO) if word else Severity.INFO,
        description=text(v.get("description")) or f"{vid} in {pkg} {version}",
        remedy=fix or "No fix available",
        score=score,
        reference_ids=unique([vid]),
        location=paths[0] if paths else text(lib.get("filename")) or f"{pkg}@{version}",
        package=Package(pkg, version or None, [], None, text(lib.get("type")) or None),
        published=parse_datetime(v.get("publishDate")),
        details={
            k: val
            for k, val in {
                "type": v.get("type"),
                "url": v.get("url"),
                "vector": v.get("scoreMetadataVector"),
                "sha1": lib.get("sha1"),
                "groupId": lib.get("groupId"),
                "paths": paths[:5],
            }.items()
            if val
        },
    )


def _platform(items: list[Any], ctx: ParseContext) -> Iterator[Finding]:
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("an entry of `response` is not an object")
        status = text((item.get("findingInfo") or {}).get("status"))
        if status and status != "ACTIVE":
            continue
        project = item.get("project") or {}
        application = item.get("application") or {}
        asset = _project(ctx, text(project.get("name")), text(application.get("name")))
        comp = item.get("component") or {}
        vuln = item.get("vulnerability") or {}
        vid = text(vuln.get("name")) or text(item.get("name"))
        pkg = text(comp.get("artifactId")) or text(comp.get("name"))
        version = text(comp.get("version"))
        fix = _fix_text(item.get("topFix"))
        yield Finding(
            asset=asset,
            name=vid or f"Vulnerability in {pkg}",
            severity=label(vuln.get("severity"), Severity.INFO),
            description=text(vuln.get("description")) or f"{vid} in {pkg} {version}",
            remedy=f"Upgrade to {fix}" if fix and not fix.lower().startswith("upgrade") else fix or "No fix available",
            score=cvss_score(vuln.get("score")),
            reference_ids=unique([vid]),
            location=text(comp.get("path")) or f"{pkg}@{version}",
            package=Package(pkg, version or None, [], None, text(comp.get("libraryType")) or None),
            published=parse_datetime(vuln.get("publishDate")),
            details={
                k: val
                for k, val in {
                    "status": status,
                    "dependencyType": comp.get("dependencyType"),
                    "vector": item.get("scoreMetadataVector"),
                    "epss": (item.get("threatAssessment") or {}).get("epssPercentage"),
                    "findingUuid": item.get("uuid"),
                }.items()
                if val not in (None, "")
            },
        )
