"""Clair container image scans, in the three JSON shapes Clair users feed on:

- clair-scanner (arminc/clair-scanner `--report`): {"image", "unapproved": [ids], "vulnerabilities": [{featurename,
  featureversion, vulnerability, namespace, description, link, severity, fixedby}]};
- klar (optiopay/klar with JSON_OUTPUT=true, Clair v2 API): {"LayerCount", "Vulnerabilities": {"<Severity>":
  [{Name, NamespaceName, Description, Link, Severity, FixedBy, FeatureName, FeatureVersion, Metadata}]}};
- Clair v4 vulnerability reports (`GET /matcher/api/v1/vulnerability_report/<digest>`, `clairctl report`):
  {"manifest_hash", "packages": {id: {...}}, "vulnerabilities": {id: {...}}, "package_vulnerabilities": {pkg id:
  [vuln ids]}}.

One finding per vulnerability and package (feature). Severity is Clair's word: Defcon1 and Critical are critical,
High, Medium and Low as written, Negligible and Unknown are info (v4: normalized_severity first). In clair-scanner
reports, vulnerabilities not listed under `unapproved` are whitelisted: kept, tagged approved=true.

Asset: the scanned image (CONTAINER): clair-scanner's `image`, v4's manifest digest; klar's JSON does not name
the image, so its findings share a placeholder image.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cves_in, cvss_score, parse_datetime, remedy, split_versions, text, unique

_SEVERITIES = {
    "defcon1": Severity.CRITICAL,
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "negligible": Severity.INFO,
    "unknown": Severity.INFO,
}


@register
class Clair(ReportFormat):
    id = "clair"
    scan_types = ("Clair Scan",)
    aliases = ("clair-scanner", "klar", "clairctl")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "Clair JSON: clair-scanner {image, unapproved, vulnerabilities}, klar {LayerCount, Vulnerabilities}, v4"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("unapproved", "vulnerabilities") and sniff.has_any_path(
            "vulnerabilities.item.featurename", "image"
        ):
            return 0.9
        if sniff.has_paths("LayerCount", "Vulnerabilities"):
            return 0.9
        if sniff.has_paths("manifest_hash", "package_vulnerabilities") or sniff.has_paths(
            "manifest_hash", "vulnerabilities", "packages"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if not isinstance(data, dict):
            raise InvalidReport(f"{report.name}: not a JSON object: not a Clair report")
        if "LayerCount" in data or isinstance(data.get("Vulnerabilities"), dict):
            yield from _klar(ctx, data)
        elif "manifest_hash" in data:
            yield from _v4(ctx, data)
        elif isinstance(data.get("vulnerabilities"), list):
            yield from _scanner(ctx, data)
        else:
            raise InvalidReport(
                f"{report.name}: neither a clair-scanner report (vulnerabilities list), a klar report "
                "(LayerCount, Vulnerabilities) nor a Clair v4 vulnerability report (manifest_hash)"
            )


def _severity(value: Any) -> Severity:
    return _SEVERITIES.get(text(value).lower()) or label(value, Severity.INFO)


def _finding(
    asset: Asset,
    *,
    vid: str,
    pkg: str,
    version: str,
    fixed: list[str],
    severity: Severity,
    description: str,
    link: str,
    namespace: str,
    score: float | None = None,
    published: Any = None,
    tags: list[Tag] | None = None,
) -> Finding:
    return Finding(
        asset=asset,
        name=f"{vid} in {pkg}" if pkg else vid,
        severity=severity,
        description=description or vid,
        remedy=remedy(pkg, version, fixed) + (f"\n{link}" if link else ""),
        score=score,
        reference_ids=unique([vid, *cves_in(description)]),
        location=f"{pkg}@{version}" if pkg else None,
        package=Package(pkg, version or None, fixed, None, namespace or None) if pkg else None,
        published=parse_datetime(published),
        details={k: v for k, v in {"namespace": namespace, "link": link}.items() if v},
        tags=tags or [],
    )


def _scanner(ctx: ParseContext, data: dict[str, Any]) -> Iterator[Finding]:
    image = text(data.get("image"))
    asset = ctx.asset(
        AssetType.CONTAINER, container_attributes(image or "clair-unknown-image", None, "clair"), placeholder=not image
    )
    unapproved = {text(u) for u in data.get("unapproved") or []}
    for v in data["vulnerabilities"]:
        if not isinstance(v, dict) or not v.get("vulnerability"):
            raise InvalidReport("a clair-scanner vulnerability lacks its `vulnerability` id")
        vid = text(v["vulnerability"])
        version = text(v.get("featureversion"))
        yield _finding(
            asset,
            vid=vid,
            pkg=text(v.get("featurename")),
            version=version,
            fixed=split_versions(v.get("fixedby")),
            severity=_severity(v.get("severity")),
            description=text(v.get("description")),
            link=text(v.get("link")),
            namespace=text(v.get("namespace")),
            tags=[Tag("true", "approved")] if unapproved and vid not in unapproved else [],
        )


def _klar(ctx: ParseContext, data: dict[str, Any]) -> Iterator[Finding]:
    groups = data.get("Vulnerabilities") or {}
    if not isinstance(groups, dict):
        raise InvalidReport("klar `Vulnerabilities` is not an object of severity groups")
    asset = ctx.asset(AssetType.CONTAINER, container_attributes("klar-unknown-image", None, "clair"), placeholder=True)
    for group, vulns in groups.items():
        for v in vulns or []:
            if not isinstance(v, dict) or not v.get("Name"):
                raise InvalidReport("a klar vulnerability lacks its `Name`")
            nvd = (v.get("Metadata") or {}).get("NVD") or {}
            score = cvss_score((nvd.get("CVSSv3") or {}).get("Score")) or cvss_score(
                (nvd.get("CVSSv2") or {}).get("Score")
            )
            yield _finding(
                asset,
                vid=text(v["Name"]),
                pkg=text(v.get("FeatureName")),
                version=text(v.get("FeatureVersion")),
                fixed=split_versions(v.get("FixedBy")),
                severity=_severity(v.get("Severity") or group),
                description=text(v.get("Description")),
                link=text(v.get("Link")),
                namespace=text(v.get("NamespaceName")),
                score=score,
            )


def _v4(ctx: ParseContext, data: dict[str, Any]) -> Iterator[Finding]:
    digest = text(data.get("manifest_hash"))
    asset = ctx.asset(
        AssetType.CONTAINER,
        container_attributes(digest or "clair-unknown-image", digest or None, "clair"),
        placeholder=not digest,
    )
    packages = data.get("packages") or {}
    vulns = data.get("vulnerabilities") or {}
    distributions = data.get("distributions") or {}
    for pkg_id, vuln_ids in (data.get("package_vulnerabilities") or {}).items():
        pkg = packages.get(pkg_id) or {}
        for vuln_id in vuln_ids or []:
            v = vulns.get(vuln_id)
            if not isinstance(v, dict):
                raise InvalidReport(f"package_vulnerabilities names vulnerability {vuln_id!r}, which is not listed")
            dist = v.get("distribution") or {}
            namespace = text(dist.get("pretty_name")) or text(
                (distributions.get(text(dist.get("id"))) or {}).get("pretty_name")
            )
            name = text(v.get("name")) or text(vuln_id)
            links = text(v.get("links")).split()
            yield _finding(
                asset,
                vid=name,
                pkg=text(pkg.get("name")) or text((v.get("package") or {}).get("name")),
                version=text(pkg.get("version")),
                fixed=split_versions(v.get("fixed_in_version")),
                severity=_severity(v.get("normalized_severity") or v.get("severity")),
                description=text(v.get("description")),
                link=links[0] if links else "",
                namespace=namespace,
                published=v.get("issued"),
            )
