"""Aqua Security image scans as JSON, in every layout Aqua has written them:

- the CSP scan result, which the Aqua scanner CLI (`scannercli scan --jsonfile`, the CI/CD plugins) writes and the
  API v1 `scan_result` endpoint returns: {image, registry, digest, os, scan_started, resources: [{resource,
  scanned, vulnerabilities, sensitive_data_items}], image_assurance_results, vulnerability_summary, scan_options};
- the Azure DevOps / pipeline export: a list of {image_name, results: <CSP scan result>};
- the API v2 vulnerability listings (`/api/v2/risks/vulnerabilities`, `/api/v2/images/.../vulnerabilities`):
  {count, page, pagesize, result: [{name, resource, aqua_severity, image_name, registry, image_digest, ...}],
  query}; some gateways and exports name the list `results`;
- the older scanner "v2" layout: {cves: [{name, file, score, description, solution, fix_version, url}]}.

One finding is one vulnerability of one resource (package or file), plus one per distinct kind of sensitive data
Aqua found in a resource (as DefectDojo counts them). The asset is the CONTAINER image (its name, registry and
digest: per record in the API v2 listing, else the scan's or the query's). Severity is Aqua's own (`aqua_severity`)
before NVD v3, the vendor's v3, NVD v2 and the vendor's; the `cves` layout has only a score (CVSS bands).
Resources scanned with nothing found are counted as skipped; an empty object or list is a clean scan.
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

_SEVERITY_FIELDS = (
    "aqua_severity",
    "nvd_severity_v3",
    "nvd_cvss3_severity",
    "vendor_severity_v3",
    "nvd_severity",
    "vendor_severity",
    "severity",
)
_SCORE_FIELDS = (
    "aqua_score",
    "nvd_score_v3",
    "nvd_cvss3_score",
    "vendor_score_v3",
    "nvd_score",
    "nvd_cvss2_score",
    "vendor_score",
    "score",
)
#: Keys only Aqua writes in a scan result or a vulnerability record.
_SCAN_MARKS = ("image_assurance_results", "vulnerability_summary", "scan_options", "scan_started", "scan_duration")
_VULN_MARKS = ("aqua_severity", "aqua_score", "aqua_vectors", "aqua_scoring_system", "heuristic_ref_id")
_LISTS = ("result", "results")


@register
class Aqua(ReportFormat):
    id = "aqua"
    scan_types = ("Aqua Scan",)
    aliases = ("aqua", "aquasec")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "Aqua image scan JSON: resources[] of {resource, vulnerabilities} (CLI / API v1, or a DevOps list of them),"
        " the API v2 result[] listing, or cves[] of {name, file, score}"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        for prefix in ("", "item.results.", "results.item.", "result.item."):
            if not sniff.has_any_path(f"{prefix}resources.item.resource"):
                continue
            vuln = f"{prefix}resources.item.vulnerabilities.item."
            if sniff.has_any_path(*(prefix + k for k in _SCAN_MARKS), *(vuln + k for k in _VULN_MARKS)):
                return 0.9
            if sniff.has_any_path(f"{prefix}digest", f"{prefix}image") and sniff.has_any_path(
                f"{prefix}resources.item.scanned", f"{prefix}resources.item.sensitive_data_items"
            ):
                return 0.8
        for key in _LISTS:
            item = f"{key}.item."
            if sniff.has_paths(item + "resource", item + "name") and sniff.has_any_path(
                *(item + k for k in _VULN_MARKS), "query.image_name", item + "image_digest", item + "image_uid"
            ):
                return 0.9
        if sniff.has_paths("cves.item.name", "cves.item.file") and sniff.has_any_path(
            "cves.item.score", "cves.item.fix_version", "cves.item.solution"
        ):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if data in ({}, [], None):
            return  # Aqua writes an empty object or array for an image with nothing to report
        if isinstance(data, list):
            for entry in data:
                scan = entry.get("results") if isinstance(entry, dict) else None
                if isinstance(scan, dict):
                    yield from _scan(scan, ctx, text(entry.get("image_name")))
                elif isinstance(entry, dict) and "resources" in entry:
                    yield from _scan(entry, ctx, "")
                else:
                    raise InvalidReport(f"{report.name}: Aqua list entries need a `results` scan object")
            return
        if not isinstance(data, dict):
            raise InvalidReport(f"{report.name}: not an Aqua report (a JSON {type(data).__name__})")
        listing = next((data[k] for k in _LISTS if isinstance(data.get(k), list)), None)
        if "resources" in data:
            yield from _scan(data, ctx, "")
        elif listing is not None:
            yield from _listing(listing, data.get("query") or {}, ctx, report.name)
        elif isinstance(data.get("cves"), list):
            yield from _cves(data["cves"], data, ctx, report.name)
        elif isinstance(data.get("results"), dict) and "resources" in data["results"]:
            yield from _scan(data["results"], ctx, text(data.get("image_name")))
        else:
            raise InvalidReport(f"{report.name}: neither `resources`, `result`, `cves` nor a list of scans: not Aqua")


def _listing(rows: list[Any], query: dict[str, Any], ctx: ParseContext, name: str) -> Iterator[Finding]:
    q_image, q_registry = text(query.get("image_name")), text(query.get("registry_name") or query.get("registry"))
    for row in rows:
        if not isinstance(row, dict):
            raise InvalidReport(f"{name}: an Aqua API result entry is not an object")
        if "resources" in row:  # a listing of whole scan results
            yield from _scan(row, ctx, text(row.get("image_name")))
            continue
        if "name" not in row and "resource" not in row:
            raise InvalidReport(f"{name}: an Aqua API result entry has neither `name` nor `resource`")
        image = text(row.get("image_name")) or q_image
        registry = text(row.get("registry")) or q_registry
        asset = _asset(ctx, image, registry, text(row.get("image_digest")) or None)
        ctx.meta.target = ctx.meta.target or image or None
        yield _vulnerability(asset, row, row.get("resource") or {})


def _cves(rows: list[Any], data: dict[str, Any], ctx: ParseContext, name: str) -> Iterator[Finding]:
    image = text(data.get("image") or data.get("image_name"))
    asset = _asset(ctx, image, text(data.get("registry")), text(data.get("digest")) or None)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if not isinstance(row, dict) or "name" not in row:
            raise InvalidReport(f"{name}: an Aqua `cves` entry has no `name`")
        key = (text(row.get("file")), text(row.get("name")))
        if key in seen:
            ctx.skip("duplicate of a vulnerability in the same file")
            continue
        seen.add(key)
        res = {"path": row.get("file"), "name": row.get("package_name") or row.get("file")}
        finding = _vulnerability(asset, row, res)
        url = text(row.get("url"))
        if url:
            finding.details["url"] = url
        yield finding


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
        vulns = entry.get("vulnerabilities") or []
        for v in vulns:
            yield _vulnerability(asset, v, res)
        sensitive = [text(i.get("type")) for i in entry.get("sensitive_data_items") or [] if isinstance(i, dict)]
        sensitive = unique(sensitive or res.get("sensitive_items") or [])
        for kind in sensitive:
            yield _sensitive(asset, res, kind)
        if not vulns and not sensitive:
            ctx.skip("resource with nothing found")


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
        severity=label(severity_word, Severity.INFO) if severity_word else from_cvss(score or 0.0),
        description=text(v.get("description")) or f"{vid} in {pkg} {version}",
        remedy=solution or remedy(pkg, version, fixed),
        score=score,
        reference_ids=unique([vid]),
        cwes=unique(cwe_id(_cwe(c)) for c in v.get("cwe_info") or []),
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


def _cwe(c: Any) -> Any:
    if isinstance(c, dict):
        return c.get("id") or c.get("Id") or c.get("ID")
    return c


def _sensitive(asset: Asset, res: dict[str, Any], kind: str) -> Finding:
    path = text(res.get("path")) or text(res.get("name"))
    return Finding(
        asset=asset,
        name=f"Sensitive data in {path}: {kind}",
        severity=Severity.HIGH,
        description=f"Aqua found sensitive data ({kind}) in {path}.",
        remedy="Remove the file from the image and rotate the exposed credentials.",
        location=path,
        details={
            k: val for k, val in {"type": kind, "layer": res.get("layer"), "hash": res.get("hash")}.items() if val
        },
    )
