"""Twistlock / Prisma Cloud Compute image scans, in the layouts its tools write:

- twistcli JSON (`twistcli images scan --output-file`, with or without `--details`): {results: [{id, name, distro,
  distroRelease, digest, packages, compliances, complianceDistribution, vulnerabilities: [{id, status, cvss, vector,
  description, severity, packageName, packageVersion, link, riskFactors, publishedDate}], vulnerabilityDistribution}],
  consoleURL};
- the Compute API image list (`GET /api/v<version>/images`, the console's JSON download): [{_id, id, repoTag:
  {registry, repo, tag}, distro, vulnerabilities: [{cve, severity, packageName, packageVersion, status, cvss, ...}],
  complianceIssues: [{id, title, severity, description}]}];
- the console's Monitor > Vulnerabilities > Images CSV export, old and new column sets (Registry, Repository, Tag,
  Id, CVE ID, Compliance ID, Type, Severity, Packages, Package Version, CVSS, Fix Status, Description, Published,
  ... with Hostname/Scan Time/Pass in the old one and Hosts/Risk Factors/Clusters in the new one).

One finding per vulnerability and per compliance issue of an image, and per CSV row (as DefectDojo counts them).
The asset is the CONTAINER image (name or registry/repository:tag, and its sha256 id). Severity is the tool's word
(important -> high, moderate -> medium, unimportant/negligible -> info); fixed versions come from "fixed in ...".
Images with nothing found are counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_csv_columns, iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import container_attributes, cvss_score, parse_datetime, remedy, text, unique

_CSV_COLUMNS = frozenset({"cve id", "compliance id", "severity", "packages", "package version", "fix status"})
_ARRAYS = ("vulnerabilities", "compliances")
_FIXED_IN = re.compile(r"fixed in\s+(.+)", re.I)


def _severity(value: Any) -> Severity:
    word = text(value).lower()
    return {"important": Severity.HIGH, "moderate": Severity.MEDIUM}.get(word) or label(word, Severity.INFO)


def _fixes(status: str) -> list[str]:
    m = _FIXED_IN.search(status)
    return [v.strip() for v in re.split(r"[,;]\s*", m.group(1)) if v.strip()] if m else []


@register
class Twistlock(ReportFormat):
    id = "twistlock"
    scan_types = ("Twistlock Image Scan",)
    aliases = ("twistlock", "prisma", "prisma-cloud", "twistcli")
    default_asset_type = AssetType.CONTAINER
    recognises = "twistcli JSON (results[] with vulnerabilities/compliances) or the Prisma Cloud images CSV export"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            cols = sniff.csv_columns
            if cols >= _CSV_COLUMNS and {"registry", "repository", "tag"} <= cols:
                return 0.9
            return 0.0
        if (
            sniff.kind == "json"
            and sniff.json_root == "array"
            and sniff.has_any_path("item.vulnerabilities.item.cve", "item.complianceIssues.item.title")
            and sniff.has_any_path("item.repoTag", "item._id", "item.complianceDistribution", "item.scanTime")
        ):
            return 0.85
        if (
            sniff.kind == "json"
            and sniff.has_paths("results.item.id")
            and sniff.has_any_path(
                "results.item.vulnerabilityDistribution",
                "results.item.complianceDistribution",
                "results.item.vulnerabilities.item.packageName",
            )
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        first = report.first_byte()
        if first == b"[":
            yield from self._api_list(report, ctx)
        elif first == b"{":
            yield from self._json(report, ctx)
        else:
            yield from self._csv(report, ctx)

    def _api_list(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for image in iter_json(report, "item"):
            if not isinstance(image, dict) or not ("vulnerabilities" in image or "complianceIssues" in image):
                raise InvalidReport(f"{report.name}: an image entry has neither vulnerabilities nor complianceIssues")
            tag = image.get("repoTag") or {}
            name = "/".join(p for p in (text(tag.get("registry")), text(tag.get("repo"))) if p)
            name += f":{text(tag.get('tag'))}" if name and text(tag.get("tag")) else ""
            asset = _image_asset(ctx, {"name": name, "id": image.get("id") or image.get("_id")})
            vulns = image.get("vulnerabilities") or []
            issues = image.get("complianceIssues") or []
            for v in vulns:
                v = _object(v)
                yield _json_vulnerability(asset, dict(v, id=v.get("cve") or v.get("id")), text(image.get("distro")))
            for c in issues:
                yield _compliance(asset, _object(c))
            if not vulns and not issues:
                ctx.skip("image with nothing found")

    def _json(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # One image at a time: its vulnerabilities and compliance issues are decoded one by one.
        asset: Asset | None = None
        images = found = 0
        for result, kind, item in iter_groups(report, "results.item", _ARRAYS, header_keys=("id", "name", "distro")):
            if asset is None:
                asset = _image_asset(ctx, result)
            if kind == "vulnerabilities":
                found += 1
                yield _json_vulnerability(asset, _object(item), text(result.get("distro")))
            elif kind == "compliances":
                found += 1
                yield _compliance(asset, _object(item))
            else:
                images += 1
                asset = None
                if not found:
                    ctx.skip("image with nothing found")
                found = 0
        if not images:
            require_list_member(report, ("results",), "a twistcli JSON report")

    def _csv(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _CSV_COLUMNS, "Prisma Cloud"):
            yield _csv_finding(ctx, row)


def _image_asset(ctx: ParseContext, result: dict[str, Any]) -> Asset:
    image = text(result.get("name")) or text(result.get("id")) or "unknown-image"
    digest = text(result.get("id")) if text(result.get("id")).startswith("sha256:") else None
    return ctx.asset(
        AssetType.CONTAINER, container_attributes(image, digest, "twistlock"), placeholder=not result.get("id")
    )


def _object(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("an entry of a twistcli result is not an object")
    return item


def _json_vulnerability(asset: Asset, v: dict[str, Any], distro: str) -> Finding:
    vid = text(v.get("id"))
    pkg = text(v.get("packageName"))
    version = text(v.get("packageVersion"))
    status = text(v.get("status"))
    fixed = _fixes(status)
    return Finding(
        asset=asset,
        name=vid or f"Vulnerability in {pkg}",
        severity=_severity(v.get("severity")),
        description=text(v.get("description")) or f"{vid} in {pkg} {version}",
        remedy=remedy(pkg, version, fixed) if fixed else (status or "No fix available"),
        score=cvss_score(v.get("cvss")),
        reference_ids=unique([vid]),
        location=f"{pkg}@{version}",
        package=Package(pkg, version or None, fixed),
        published=parse_datetime(v.get("publishedDate")),
        details={
            k: val
            for k, val in {
                "vector": v.get("vector"),
                "link": v.get("link"),
                "status": status,
                "riskFactors": sorted(map(str, v.get("riskFactors") or [])),
                "distro": distro,
                "layer": v.get("layerInstruction"),
            }.items()
            if val
        },
    )


def _compliance(asset: Asset, c: dict[str, Any]) -> Finding:
    title = text(c.get("title")) or f"Compliance check {c.get('id')}"
    return Finding(
        asset=asset,
        name=title,
        severity=_severity(c.get("severity")),
        description=text(c.get("description")) or title,
        remedy="Apply the configuration the compliance check requires.",
        reference_ids=unique([f"twistlock-compliance-{c.get('id')}"] if c.get("id") is not None else []),
        details={k: val for k, val in {"category": c.get("category"), "complianceId": c.get("id")}.items() if val},
    )


def _csv_finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    registry, repository, tag = row.get("registry", ""), row.get("repository", ""), row.get("tag", "")
    image = "/".join(p for p in (registry, repository) if p) + (f":{tag}" if tag else "")
    digest = row.get("id") if row.get("id", "").startswith("sha256:") else None
    asset = ctx.asset(
        AssetType.CONTAINER,
        container_attributes(image or digest or "unknown-image", digest, "twistlock"),
        placeholder=not (image or digest),
    )
    vid = row.get("cve id", "")
    pkg = row.get("packages", "")
    version = row.get("package version", "")
    status = row.get("fix status", "")
    fixed = _fixes(status)
    name = vid or (f"Compliance {row.get('compliance id')}" if row.get("compliance id") else f"Issue in {pkg}")
    return Finding(
        asset=asset,
        name=name,
        severity=_severity(row.get("severity")),
        description=row.get("description") or f"{name} in {pkg} {version}".strip(),
        remedy=remedy(pkg, version, fixed) if fixed else (status or "No fix available"),
        score=cvss_score(row.get("cvss")),
        reference_ids=unique([vid]),
        location=f"{pkg}@{version}" if pkg else None,
        package=Package(pkg, version or None, fixed) if pkg else None,
        published=parse_datetime(row.get("published")),
        details={
            k: val
            for k, val in {
                "complianceId": row.get("compliance id"),
                "type": row.get("type"),
                "distro": row.get("distro"),
                "riskFactors": row.get("risk factors"),
                "license": row.get("package license"),
                "hosts": row.get("hosts") or row.get("hostname"),
                "clusters": row.get("clusters"),
            }.items()
            if val
        },
    )
