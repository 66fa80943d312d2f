"""Trivy JSON: schema 2 (`SchemaVersion`, `ArtifactName`, `Results[]`), the legacy top-level array of results,
and `trivy k8s` cluster reports (`ClusterName` with `Vulnerabilities[]`/`Misconfigurations[]`/`Resources[]`).

Every vulnerability, failed misconfiguration, secret and license entry is one finding (as DefectDojo counts
them). Schema-2 and legacy reports are streamed result by result, item by item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import iter_groups, leading_members, trailing_members
from ._sca_common import (
    container_attributes,
    cvss_score,
    cwe_id,
    looks_like_image_target,
    parse_datetime,
    remedy,
    split_versions,
    strip_os_suffix,
    text,
    unique,
)

_ARRAYS = ("Vulnerabilities", "Misconfigurations", "Secrets", "Licenses")
_CLUSTER_SECTIONS = ("Vulnerabilities", "Misconfigurations", "Resources")
_SEVERITIES = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "UNKNOWN": Severity.INFO,
}


def _severity(value: Any) -> Severity:
    known = _SEVERITIES.get(text(value).upper())
    return known if known is not None else label(value, Severity.INFO)


@register
class Trivy(ReportFormat):
    id = "trivy"
    scan_types = ("Trivy Scan",)
    aliases = ("trivy",)
    default_asset_type = AssetType.CONTAINER
    phoenix_scan_type = "Trivy Scan"
    recognises = (
        "Trivy JSON: SchemaVersion 2 with ArtifactName/Results[].Target, a legacy array of "
        "{Target, Vulnerabilities}, or a `trivy k8s` report with ClusterName"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.json_root == "object":
            if sniff.has_paths("SchemaVersion", "Results") and sniff.has_any_path(
                "ArtifactName", "ArtifactType", "Results.item.Target"
            ):
                return 0.9
            if sniff.has_paths("ClusterName") and sniff.has_any_path(
                "Vulnerabilities.item.Results", "Misconfigurations.item.Results", "Resources.item.Results"
            ):
                return 0.9
            return 0.0
        if sniff.has_paths("item.Target") and sniff.has_any_path(
            "item.Vulnerabilities.item.VulnerabilityID",
            "item.Vulnerabilities.item.PkgName",
            "item.Misconfigurations.item.AVDID",
        ):
            return 0.75
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" and head.text.strip() != "null":
            raise ValueError("expected a JSON document")
        if head.text.strip() == "null":
            return  # trivy writes `null` when it scanned nothing
        if head.json_root == "array":
            if "item.Target" not in head.json_paths and head.text.strip().replace(" ", "") != "[]":
                raise ValueError("a top-level array whose entries have no Target is not a Trivy report")
            yield from self._results(report, "item", ctx, _Artifact(None, None, None))
            return
        if "ClusterName" in head.json_top_keys and "SchemaVersion" not in head.json_top_keys:
            yield from self._cluster(report, ctx)
            return
        top = leading_members(report, ("Results",))
        if "SchemaVersion" not in top and "Results" not in head.json_top_keys:
            raise ValueError("no Results, SchemaVersion or ClusterName: this is not a Trivy report")
        meta = top.get("Metadata") or {}
        ctx.meta.target = text(top.get("ArtifactName")) or None
        ctx.meta.scan_date = parse_datetime(top.get("CreatedAt"))
        digests = [d for d in meta.get("RepoDigests") or [] if d]
        artifact = _Artifact(
            name=text(top.get("ArtifactName")) or next((t for t in meta.get("RepoTags") or [] if t), None),
            type_=text(top.get("ArtifactType")) or None,
            digest=digests[0].split("@", 1)[-1] if digests else (text(meta.get("ImageID")) or None),
        )
        yield from self._results(report, "Results.item", ctx, artifact)

    def _results(self, report: ReportInput, prefix: str, ctx: ParseContext, artifact: _Artifact) -> Iterator[Finding]:
        asset: Asset | None = None
        asked: tuple[str, str | None] | None = None
        found = False  # in the current target
        for result, kind, item in iter_groups(report, prefix, _ARRAYS, header_keys=("Target",)):
            if kind is None:
                if not found:
                    ctx.skip("target with nothing found")
                found = False
            target = text(result.get("Target"))
            # asset_for depends on the target and the artifact name (which its first call may set): ask once per both
            if asset is None or asked != (target, artifact.name):
                asked = (target, artifact.name)
                asset = artifact.asset_for(ctx, target)
            if kind is not None:
                finding = _finding(asset, kind, item, result)
                if finding is not None:
                    found = True
                    yield finding

    def _cluster(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # `trivy k8s` reports: one pass per section, one workload (with its results) decoded at a time
        head = leading_members(report, _CLUSTER_SECTIONS)
        if "ClusterName" not in head:
            head = trailing_members(report, ("ClusterName",)) or load_json(report)
        cluster = text(head.get("ClusterName"))
        ctx.meta.target = cluster or None
        for section in _CLUSTER_SECTIONS:
            for resource in iter_json(report, f"{section}.item"):
                if not isinstance(resource, dict):
                    raise ValueError(f"an entry of {section} is not an object")
                workload = "/".join(
                    p
                    for p in (text(resource.get("Namespace")), text(resource.get("Kind")), text(resource.get("Name")))
                    if p
                )
                for result in resource.get("Results") or []:
                    if not isinstance(result, dict) or "Target" not in result:
                        continue
                    target = text(result.get("Target"))
                    if looks_like_image_target(target):
                        asset = ctx.asset(
                            AssetType.CONTAINER, container_attributes(strip_os_suffix(target), origin="trivy")
                        )
                    else:
                        attrs: dict[str, str | None] = {
                            "buildFile": workload or target,
                            "repository": cluster,
                            "origin": "kubernetes",
                        }
                        asset = ctx.asset(AssetType.BUILD, attrs)
                    for kind in _ARRAYS:
                        for item in result.get(kind) or []:
                            finding = _finding(asset, kind, item, result)
                            if finding is not None:
                                finding.details["workload"] = workload
                                yield finding


class _Artifact:
    """What the report scanned; decides the asset of each result target."""

    def __init__(self, name: str | None, type_: str | None, digest: str | None) -> None:
        self.name = name
        self.type = type_
        self.digest = digest

    def asset_for(self, ctx: ParseContext, target: str) -> Asset:
        if self.type in ("container_image", "vm") or (self.type is None and looks_like_image_target(target)):
            if not self.name and looks_like_image_target(target):
                self.name = strip_os_suffix(target)  # the OS result names the image when the report does not
            image = self.name or "unknown-image"
            return ctx.asset(
                AssetType.CONTAINER,
                container_attributes(image, self.digest, origin="trivy"),
                placeholder=image == "unknown-image",
            )
        if self.type == "repository" and self.name:
            return ctx.asset(
                AssetType.BUILD, {"buildFile": target or self.name, "repository": self.name, "origin": "trivy"}
            )
        build_file = target or self.name or "unknown"
        return ctx.asset(
            AssetType.BUILD, {"buildFile": build_file, "origin": "trivy"}, placeholder=build_file == "unknown"
        )


def _finding(asset: Asset, kind: str, item: Any, result: dict[str, Any]) -> Finding | None:
    if not isinstance(item, dict):
        raise ValueError(f"an entry of {kind} is not an object")
    target = text(result.get("Target"))
    if kind == "Vulnerabilities":
        return _vulnerability(asset, item, target, result)
    if kind == "Misconfigurations":
        if text(item.get("Status")).upper() == "PASS":
            return None
        return _misconfiguration(asset, item, target)
    if kind == "Secrets":
        return _secret(asset, item, target)
    return _license(asset, item, target)


def _vulnerability(asset: Asset, v: dict[str, Any], target: str, result: dict[str, Any]) -> Finding:
    vid = text(v.get("VulnerabilityID"))
    pkg = text(v.get("PkgName"))
    version = text(v.get("InstalledVersion"))
    fixed = split_versions(v.get("FixedVersion"))
    title = text(v.get("Title"))
    purl = text((v.get("PkgIdentifier") or {}).get("PURL")) or text(v.get("Ref")) or None
    description = text(v.get("Description")) or title or f"{vid or 'Vulnerability'} in {pkg} {version}".strip()
    return Finding(
        asset=asset,
        name=vid or title or f"Vulnerability in {pkg}",
        severity=_severity(v.get("Severity")),
        description=description,
        remedy=remedy(pkg, version, fixed),
        score=_score(v),
        reference_ids=unique([vid, *(v.get("VendorIDs") or [])]),
        cwes=unique(cwe_id(c) for c in v.get("CweIDs") or []),
        location=f"{target}: {pkg}@{version}" if target else f"{pkg}@{version}",
        package=Package(pkg, version or None, fixed, purl, text(result.get("Type")) or None),
        published=parse_datetime(v.get("PublishedDate")),
        details={
            k: val
            for k, val in {
                "title": title,
                "target": target,
                "class": result.get("Class"),
                "status": v.get("Status"),
                "severitySource": v.get("SeveritySource"),
                "primaryUrl": v.get("PrimaryURL"),
                "pkgPath": v.get("PkgPath"),
            }.items()
            if val
        },
    )


def _score(v: dict[str, Any]) -> float | None:
    """The CVSS score of the severity's own source, else NVD's, else any: v3 before v2."""
    cvss = v.get("CVSS") or {}
    if not isinstance(cvss, dict):
        return None
    sources = [text(v.get("SeveritySource")), "nvd", *cvss.keys()]
    for field in ("V3Score", "V2Score"):
        for source in sources:
            score = cvss_score((cvss.get(source) or {}).get(field))
            if score is not None:
                return score
    return None


def _misconfiguration(asset: Asset, m: dict[str, Any], target: str) -> Finding:
    check = text(m.get("ID")) or text(m.get("AVDID"))
    title = text(m.get("Title"))
    cause = m.get("CauseMetadata") or {}
    line = cause.get("StartLine")
    description = "\n\n".join(p for p in (text(m.get("Description")), text(m.get("Message"))) if p)
    return Finding(
        asset=asset,
        name=f"{check}: {title}" if check and title else check or title or "Misconfiguration",
        severity=_severity(m.get("Severity")),
        description=description or title or check,
        remedy=text(m.get("Resolution")) or "No remediation provided",
        reference_ids=unique([m.get("AVDID")]),
        location=f"{target}:{line}" if line else target,
        details={
            k: val
            for k, val in {
                "type": m.get("Type"),
                "checkId": check,
                "primaryUrl": m.get("PrimaryURL"),
                "references": m.get("References"),
                "resource": cause.get("Resource"),
            }.items()
            if val
        },
    )


def _secret(asset: Asset, s: dict[str, Any], target: str) -> Finding:
    title = text(s.get("Title")) or text(s.get("RuleID")) or "Secret"
    line = s.get("StartLine")
    # The matched text is deliberately not copied: Trivy masks it, but a finding store is no place for it.
    return Finding(
        asset=asset,
        name=f"Secret detected in {target}: {title}" if target else f"Secret detected: {title}",
        severity=_severity(s.get("Severity")),
        description=f"Trivy found a secret ({title}, rule {text(s.get('RuleID'))}) in {target}.",
        remedy="Remove the secret from the file and its history, and rotate it.",
        location=f"{target}:{line}" if line else target,
        details={k: val for k, val in {"ruleId": s.get("RuleID"), "category": s.get("Category")}.items() if val},
    )


def _license(asset: Asset, lic: dict[str, Any], target: str) -> Finding:
    name = text(lic.get("Name")) or "unknown license"
    where = text(lic.get("PkgName")) or text(lic.get("FilePath")) or target
    category = text(lic.get("Category"))
    return Finding(
        asset=asset,
        name=f"License {name} in {where}",
        severity=_severity(lic.get("Severity")),
        description=f"{where} is distributed under {name}" + (f" (category: {category})." if category else "."),
        remedy="Review whether the license is acceptable for this use.",
        location=text(lic.get("FilePath")) or where,
        package=Package(text(lic.get("PkgName"))) if lic.get("PkgName") else None,
        details={
            k: val
            for k, val in {"category": category, "link": lic.get("Link"), "confidence": lic.get("Confidence")}.items()
            if val
        },
    )
