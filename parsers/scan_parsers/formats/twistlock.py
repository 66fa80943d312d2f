"""Twistlock / Prisma Cloud Compute image scans: `twistcli images scan --output-file` JSON ({results: [{id, name,
vulnerabilities, compliances}]}) and the console's CSV export (Registry, Repository, Tag, Id, CVE ID,
Compliance ID, Severity, Packages, ...).

Every vulnerability and every compliance issue is one finding; each CSV row is one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_csv_columns, require_list_member
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
        if report.first_byte() in (b"{", b"["):
            yield from self._json(report, ctx)
        else:
            yield from self._csv(report, ctx)

    def _json(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # One image at a time: its vulnerabilities and compliance issues are decoded one by one.
        asset: Asset | None = None
        images = 0
        for result, kind, item in iter_groups(report, "results.item", _ARRAYS, header_keys=("id", "name", "distro")):
            if asset is None:
                asset = _image_asset(ctx, result)
            if kind == "vulnerabilities":
                yield _json_vulnerability(asset, _object(item), text(result.get("distro")))
            elif kind == "compliances":
                yield _compliance(asset, _object(item))
            else:
                images += 1
                asset = None
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
