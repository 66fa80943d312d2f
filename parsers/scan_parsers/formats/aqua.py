"""Aqua Security image scans as JSON, in three shapes: the scanner CLI result ({image, digest, resources: [{resource,
vulnerabilities}]}), the DevOps/pipeline export (a list of {image_name, results: <scan>}) and the API v2
vulnerability listing ({count, result: [{name, resource, aqua_severity, ...}], query}).

Each vulnerability of a resource is a finding; so is each resource in which Aqua found sensitive data (keys).
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
from ._sca_common import (
    container_attributes,
    cvss_score,
    cwe_id,
    parse_datetime,
    remedy,
    split_versions,
    text,
    unique,
)

_SEVERITY_FIELDS = ("aqua_severity", "nvd_severity_v3", "vendor_severity_v3", "nvd_severity", "vendor_severity")
_SCORE_FIELDS = ("aqua_score", "nvd_score_v3", "nvd_cvss3_score", "vendor_score_v3", "nvd_score", "nvd_cvss2_score")


@register
class Aqua(ReportFormat):
    id = "aqua"
    scan_types = ("Aqua Scan",)
    aliases = ("aqua", "aquasec")
    default_asset_type = AssetType.CONTAINER
    recognises = "Aqua image scan JSON: resources[] of {resource, vulnerabilities} (or the API v2 result listing)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        for prefix in ("", "item.results."):
            if sniff.has_paths(f"{prefix}resources.item.resource", f"{prefix}digest") and sniff.has_any_path(
                f"{prefix}image_assurance_results", f"{prefix}vulnerability_summary", f"{prefix}scan_options"
            ):
                return 0.9
        if sniff.has_paths("result.item.resource", "result.item.name") and sniff.has_any_path(
            "result.item.aqua_severity", "result.item.aqua_score", "query.image_name"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if data in ({}, []):
            return  # Aqua writes an empty object or array for an image with nothing to report
        if isinstance(data, list):
            for entry in data:
                if not isinstance(entry, dict) or not isinstance(entry.get("results"), dict):
                    raise ValueError("list entries need a `results` object")
                yield from _scan(entry["results"], ctx, text(entry.get("image_name")))
        elif isinstance(data, dict) and isinstance(data.get("result"), list):
            query = data.get("query") or {}
            asset = _asset(ctx, text(query.get("image_name")), text(query.get("registry_name")), None)
            for v in data["result"]:
                res = v.get("resource") or {}
                yield _vulnerability(asset, v, res)
        elif isinstance(data, dict) and "resources" in data:
            yield from _scan(data, ctx, "")
        else:
            raise ValueError("neither `resources`, `result` nor a list of scans: not an Aqua report")


def _asset(ctx: ParseContext, image: str, registry: str, digest: str | None) -> Asset:
    attrs = container_attributes(image or digest or "unknown-image", digest, "aqua")
    if registry and not attrs.get("registry"):
        attrs["registry"] = registry
    return ctx.asset(AssetType.CONTAINER, attrs, placeholder=not (image or digest))


def _scan(scan: dict[str, Any], ctx: ParseContext, image_name: str) -> Iterator[Finding]:
    image = text(scan.get("image")) or image_name
    asset = _asset(ctx, image, text(scan.get("registry")), text(scan.get("digest")) or None)
    ctx.meta.target = ctx.meta.target or image or None
    for entry in scan.get("resources") or []:
        res = entry.get("resource") or {}
        for v in entry.get("vulnerabilities") or []:
            yield _vulnerability(asset, v, res)
        sensitive = [text(i.get("type")) for i in entry.get("sensitive_data_items") or [] if isinstance(i, dict)]
        sensitive = unique(sensitive or res.get("sensitive_items") or [])
        if sensitive:
            yield _sensitive(asset, res, sensitive)


def _vulnerability(asset: Asset, v: dict[str, Any], res: dict[str, Any]) -> Finding:
    vid = text(v.get("name"))
    pkg = text(res.get("name"))
    version = text(res.get("version"))
    fixed = split_versions(v.get("fix_version"))
    severity_word = next((text(v.get(f)) for f in _SEVERITY_FIELDS if text(v.get(f))), "")
    score = next((s for s in (cvss_score(v.get(f)) for f in _SCORE_FIELDS) if s is not None), None)
    path = text(res.get("path"))
    solution = text(v.get("solution"))
    return Finding(
        asset=asset,
        name=vid or f"Vulnerability in {pkg}",
        severity=label(severity_word, Severity.INFO) if severity_word else Severity.INFO,
        description=text(v.get("description")) or f"{vid} in {pkg} {version}",
        remedy=solution or remedy(pkg, version, fixed),
        score=score,
        reference_ids=unique([vid]),
        cwes=unique(cwe_id(c.get("id") if isinstance(c, dict) else c) for c in v.get("cwe_info") or []),
        location=f"{path or pkg}@{version}" if version else (path or pkg),
        package=Package(pkg, version or None, fixed, None, text(res.get("format")) or None),
        published=parse_datetime(v.get("publish_date")),
        details={
            k: val
            for k, val in {
                "nvdUrl": v.get("nvd_url"),
                "vendorUrl": v.get("vendor_url"),
                "aquaScoringSystem": v.get("aqua_scoring_system"),
                "severityClassification": v.get("aqua_severity_classification"),
                "epssScore": v.get("epss_score"),
                "layer": res.get("layer"),
                "cpe": res.get("cpe"),
            }.items()
            if val not in (None, "")
        },
    )


def _sensitive(asset: Asset, res: dict[str, Any], kinds: list[str]) -> Finding:
    path = text(res.get("path")) or text(res.get("name"))
    return Finding(
        asset=asset,
        name=f"Sensitive data in {path}",
        severity=Severity.HIGH,
        description=f"Aqua found sensitive data ({', '.join(kinds)}) in {path}.",
        remedy="Remove the file from the image and rotate the exposed credentials.",
        location=path,
        details={
            k: val for k, val in {"types": kinds, "layer": res.get("layer"), "hash": res.get("hash")}.items() if val
        },
    )
