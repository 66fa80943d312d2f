"""Anchore Grype JSON (`grype -o json`, every version from 0.x on): {matches: [{vulnerability,
relatedVulnerabilities, matchDetails, artifact}], ignoredMatches?, source: {type: image|directory|file|sbom, target},
distro, descriptor: {name: "grype", version}}. The asset is the CONTAINER image of an image scan (its user input or
tag, and the manifest digest), else the BUILD manifest the match was found in. Severity is Grype's (Negligible and
Unknown are info); the score the highest-version CVSS base score of the vulnerability, else of its NVD relative.
Matches Grype ignored (`ignoredMatches`, from its ignore rules or VEX) are not findings and are counted as skipped.

Grype writes `source` after the (possibly huge) `matches` array, so the source is read from the end of the file
first (a streaming pass only when that is not possible: compressed reports, other member orders), then matches are
streamed one at a time.

Default mode merges matches of the same vulnerability in the same package name and version into one finding
(DefectDojo's rule); detailed mode ("Anchore Grype detailed") keeps one finding per vulnerability, package and
set of install paths, so two copies of a package at different paths are reported separately.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import ijson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import json_backend
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups, trailing_members
from ._sca_common import container_attributes, cvss_score, remedy, split_versions, text, unique

_GRYPE_NAME = re.compile(r'"name"\s*:\s*"grype"')


@register
class AnchoreGrype(ReportFormat):
    id = "anchore_grype"
    scan_types = ("Anchore Grype", "Anchore Grype detailed")
    aliases = ("grype",)
    default_asset_type = AssetType.CONTAINER
    phoenix_scan_type = "Anchore Grype"
    recognises = "Grype JSON: matches[] of {vulnerability, artifact, matchDetails}, with source and descriptor"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("matches.item.vulnerability", "matches.item.artifact"):
            return 0.9
        if (
            sniff.kind == "json"
            and sniff.has_paths("matches", "descriptor.name", "source.type")
            and _GRYPE_NAME.search(sniff.text)
        ):
            return 0.8  # a clean scan: empty matches (xeol writes the same shape under its own name)
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        tail = trailing_members(report, ("source", "distro")) or {}
        source = (tail["source"] if "source" in tail else _read_member(report, "source")) or {}
        distro = (tail["distro"] if "distro" in tail else _read_member(report, "distro")) or {}
        if not isinstance(source, dict):
            raise ValueError("`source` is not an object")
        image_asset = _image_asset(ctx, source)
        if isinstance(distro, dict) and distro.get("name"):
            ctx.meta.extra["distro"] = f"{distro.get('name')} {distro.get('version') or ''}".strip()
        detailed = ctx.mode == "detailed"
        seen: set[tuple[str, ...]] = set()
        found_matches = False
        for _root, member, match in iter_groups(report, "", ("matches", "ignoredMatches")):
            if member is None:
                continue  # the end of the root object
            if member == "ignoredMatches":
                ctx.skip("match ignored by a Grype ignore rule")
                continue
            found_matches = True
            if not isinstance(match, dict) or not isinstance(match.get("vulnerability"), dict):
                raise ValueError("a match has no `vulnerability` object")
            vuln = match["vulnerability"]
            artifact = match.get("artifact") or {}
            paths = tuple(text(loc.get("path")) for loc in artifact.get("locations") or [] if isinstance(loc, dict))
            key: tuple[str, ...] = (text(vuln.get("id")), text(artifact.get("name")), text(artifact.get("version")))
            if detailed:
                key += paths
            if key in seen:
                ctx.skip("another match of the same vulnerability and package")
                continue
            seen.add(key)
            asset = image_asset or _manifest_asset(ctx, source, paths)
            yield _finding(asset, vuln, match, artifact, paths)
        if not found_matches:
            if not _has_member(report, "matches"):
                raise InvalidReport(f"{report.name}: no `matches` array; not a Grype JSON report")
            ctx.skip("scan with no match")


def _read_member(report: ReportInput, name: str) -> Any:
    with report.open() as f:
        return next(json_backend(report).items(f, name, use_float=True), None)


def _has_member(report: ReportInput, name: str) -> bool:
    with report.open() as f:
        return any(prefix == "" and event == "map_key" and value == name for prefix, event, value in ijson.parse(f))


def _image_asset(ctx: ParseContext, source: dict[str, Any]) -> Asset | None:
    if source.get("type") != "image":
        return None
    target = source.get("target") or {}
    if not isinstance(target, dict):
        target = {"userInput": target}
    tags = [t for t in target.get("tags") or [] if t]
    image = text(target.get("userInput")) or (tags[0] if tags else "") or text(target.get("imageID"))
    ctx.meta.target = image or None
    digest = text(target.get("manifestDigest")) or text(target.get("imageID")) or None
    if not image:
        return ctx.asset(AssetType.CONTAINER, container_attributes("unknown-image", digest, "grype"), placeholder=True)
    return ctx.asset(AssetType.CONTAINER, container_attributes(image, digest, "grype"))


def _manifest_asset(ctx: ParseContext, source: dict[str, Any], paths: tuple[str, ...]) -> Asset:
    """Directory and file scans: the manifest (lock file, jar) the package was found in is the build file."""
    target = source.get("target")
    root = text(target).strip('"') if not isinstance(target, dict) else text(target.get("userInput"))
    ctx.meta.target = root or None
    if paths:
        return ctx.asset(AssetType.BUILD, {"buildFile": paths[0], "origin": "grype"})
    return ctx.asset(AssetType.BUILD, {"buildFile": root or "unknown", "origin": "grype"}, placeholder=not root)


def _score(vuln: dict[str, Any], related: list[dict[str, Any]]) -> float | None:
    """The highest-version CVSS base score of the vulnerability itself, else of its NVD relative."""
    for record in (vuln, *related):
        entries = [c for c in record.get("cvss") or [] if isinstance(c, dict)]
        entries.sort(key=lambda c: text(c.get("version")), reverse=True)
        for entry in entries:
            score = cvss_score((entry.get("metrics") or {}).get("baseScore"))
            if score is not None:
                return score
    return None


def _finding(
    asset: Asset, vuln: dict[str, Any], match: dict[str, Any], artifact: dict[str, Any], paths: tuple[str, ...]
) -> Finding:
    vid = text(vuln.get("id"))
    related = [r for r in match.get("relatedVulnerabilities") or [] if isinstance(r, dict)]
    name = text(artifact.get("name"))
    version = text(artifact.get("version"))
    fix = vuln.get("fix") or {}
    fixed = split_versions(fix.get("versions"))
    description = text(vuln.get("description")) or next(
        (text(r.get("description")) for r in related if r.get("description")), ""
    )
    matchers = unique(d.get("matcher") for d in match.get("matchDetails") or [] if isinstance(d, dict))
    details: dict[str, Any] = {
        "namespace": vuln.get("namespace"),
        "dataSource": vuln.get("dataSource"),
        "fixState": fix.get("state"),
        "matchers": matchers,
        "paths": list(paths[:5]),
        "urls": (vuln.get("urls") or [])[:5],
        "risk": vuln.get("risk"),
    }
    return Finding(
        asset=asset,
        name=vid or f"Vulnerability in {name}",
        severity=label(vuln.get("severity"), Severity.INFO),
        description=description or f"{vid} in {name} {version}",
        remedy=remedy(name, version, fixed),
        score=_score(vuln, related),
        reference_ids=unique([vid, *(r.get("id") for r in related)]),
        location=f"{paths[0]}: {name}@{version}" if paths else f"{name}@{version}",
        package=Package(
            name, version or None, fixed, text(artifact.get("purl")) or None, text(artifact.get("type")) or None
        ),
        details={k: v for k, v in details.items() if v not in (None, "", [])},
    )
