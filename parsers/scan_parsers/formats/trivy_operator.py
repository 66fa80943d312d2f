"""Trivy Operator custom resources as JSON (`kubectl get ... -o json`): VulnerabilityReport, ConfigAuditReport,
ExposedSecretReport, RbacAssessmentReport, InfraAssessmentReport and ClusterComplianceReport. Accepts one
resource, a kubectl `List`, a plain array, or a dict of resource-plural -> list (an export of all of them).

Failed checks only: passed checks (`success: true`) are not findings. Lists are streamed resource by resource
(each resource is one workload's or image's report).
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
from ._sca_common import container_attributes, cvss_score, parse_datetime, remedy, split_versions, text, unique

_GROUP = "aquasecurity.github.io"


def _severity(value: Any, default: Severity = Severity.INFO) -> Severity:
    return label(value, default) if text(value) else default


@register
class TrivyOperator(ReportFormat):
    id = "trivy_operator"
    scan_types = ("Trivy Operator Scan",)
    aliases = ("trivy-operator", "starboard")
    default_asset_type = AssetType.CONTAINER
    phoenix_scan_type = "Trivy Operator Scan"
    recognises = "Trivy Operator resources (aquasecurity.github.io): VulnerabilityReport, ConfigAuditReport, ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or _GROUP not in sniff.text[:200_000]:
            return 0.0
        if any(k.endswith(f".{_GROUP}") for k in sniff.json_top_keys):
            return 0.9
        for prefix in ("", "item.", "items.item."):
            if sniff.has_paths(f"{prefix}apiVersion", f"{prefix}kind") and sniff.has_any_path(
                f"{prefix}report.vulnerabilities",
                f"{prefix}report.checks",
                f"{prefix}report.secrets",
                f"{prefix}status.detailReport",
            ):
                return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # A cluster-wide `kubectl get ... -o json` List is streamed one resource at a time; a single resource, or a
        # document where streaming finds no item, is read whole (it is small) and checked for its shape.
        items = found = 0
        prefix = _item_prefix(report)
        for item in iter_json(report, prefix) if prefix else ():
            items += 1
            for resource in _resources(item):
                found += 1
                yield from _parse_resource(resource, ctx)
        if items and not found:
            raise ValueError("no Trivy Operator resources (objects with kind and report/status) in the list")
        if items:
            return
        data = load_json(report)
        resources = list(_resources(data))
        if not resources and not _is_empty_container(data):
            raise ValueError("no Trivy Operator resources (objects with kind and report/status) found")
        for resource in resources:
            yield from _parse_resource(resource, ctx)


def _item_prefix(report: ReportInput) -> str | None:
    """Where the resources of a streamable document are: a plain array or a List's items. (An export keyed by
    resource plural is read whole: its later keys may lie beyond the head, and missing one would lose a list.)"""
    head = sniff(report)
    if head.kind != "json":
        return None
    if head.json_root == "array":
        return "item"
    return "items.item" if "items" in head.json_top_keys else None


def _is_empty_container(data: Any) -> bool:
    if isinstance(data, list):
        return not data
    if isinstance(data, dict):
        if isinstance(data.get("items"), list):
            return not data["items"]
        return bool(data) and all(isinstance(v, list) and not v for v in data.values())
    return False


def _resources(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _resources(item)
    elif isinstance(data, dict):
        if "kind" in data and ("report" in data or "status" in data):
            yield data
        elif isinstance(data.get("items"), list):
            yield from _resources(data["items"])
        else:
            for key, value in data.items():
                if key.endswith(_GROUP) and isinstance(value, list):
                    yield from _resources(value)


def _parse_resource(res: dict[str, Any], ctx: ParseContext) -> Iterator[Finding]:
    kind = text(res.get("kind"))
    meta = res.get("metadata") or {}
    report = res.get("report") or {}
    if kind == "ClusterComplianceReport":
        yield from _compliance(res, ctx)
        return
    if kind in ("VulnerabilityReport", "ExposedSecretReport", "ClusterVulnerabilityReport"):
        asset = _image_asset(ctx, report, meta)
        items = report.get("vulnerabilities") if "vulnerabilities" in report else report.get("secrets")
        for item in items or []:
            yield _vulnerability(asset, item) if kind != "ExposedSecretReport" else _secret(asset, item)
        return
    # ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and their cluster-scoped variants
    asset = ctx.asset(AssetType.BUILD, {"buildFile": _workload(meta), "origin": "kubernetes"})
    for check in report.get("checks") or []:
        if not check.get("success", False):
            yield _check(asset, check, kind)


def _workload(meta: dict[str, Any]) -> str:
    labels = meta.get("labels") or {}
    namespace = labels.get("trivy-operator.resource.namespace") or meta.get("namespace")
    kind = labels.get("trivy-operator.resource.kind")
    name = labels.get("trivy-operator.resource.name")
    parts = [namespace, kind, name] if kind and name else [namespace, meta.get("name")]
    return "/".join(text(p) for p in parts if p) or "cluster"


def _image_asset(ctx: ParseContext, report: dict[str, Any], meta: dict[str, Any]) -> Asset:
    artifact = report.get("artifact") or {}
    server = text((report.get("registry") or {}).get("server"))
    repository = text(artifact.get("repository"))
    tag = text(artifact.get("tag"))
    image = "/".join(p for p in (server, repository) if p) + (f":{tag}" if tag else "")
    attrs = container_attributes(image or _workload(meta), text(artifact.get("digest")) or None, "trivy-operator")
    attrs["workload"] = _workload(meta)
    return ctx.asset(AssetType.CONTAINER, attrs, placeholder=not image)


def _vulnerability(asset: Asset, v: dict[str, Any]) -> Finding:
    vid = text(v.get("vulnerabilityID"))
    pkg = text(v.get("resource"))
    version = text(v.get("installedVersion"))
    fixed = split_versions(v.get("fixedVersion"))
    title = text(v.get("title"))
    target = text(v.get("target"))
    return Finding(
        asset=asset,
        name=vid or title or f"Vulnerability in {pkg}",
        severity=_severity(v.get("severity")),
        description=text(v.get("description")) or title or f"{vid} in {pkg} {version}",
        remedy=remedy(pkg, version, fixed),
        score=cvss_score(v.get("score")),
        reference_ids=unique([vid]),
        location=f"{target}: {pkg}@{version}" if target else f"{pkg}@{version}",
        package=Package(pkg, version or None, fixed, None, text(v.get("packageType")) or None),
        published=parse_datetime(v.get("publishedDate")),
        details={
            k: val
            for k, val in {"title": title, "primaryLink": v.get("primaryLink"), "class": v.get("class")}.items()
            if val
        },
    )


def _secret(asset: Asset, s: dict[str, Any]) -> Finding:
    title = text(s.get("title")) or text(s.get("ruleID")) or "Secret"
    target = text(s.get("target"))
    return Finding(
        asset=asset,
        name=f"Secret detected in {target}: {title}" if target else f"Secret detected: {title}",
        severity=_severity(s.get("severity")),
        description=f"Trivy Operator found a secret ({title}, rule {text(s.get('ruleID'))}) in {target}."
        if target
        else f"Trivy Operator found a secret ({title}) in the image.",
        remedy="Remove the secret from the image and rotate it.",
        location=target or None,
        details={k: val for k, val in {"ruleId": s.get("ruleID"), "category": s.get("category")}.items() if val},
    )


def _check(asset: Asset, c: dict[str, Any], kind: str, default: Severity = Severity.INFO) -> Finding:
    check_id = text(c.get("checkID")) or text(c.get("id"))
    title = text(c.get("title")) or check_id or "Failed check"
    messages = [text(m) for m in c.get("messages") or [] if m]
    description = "\n".join([text(c.get("description")), *messages]).strip()
    return Finding(
        asset=asset,
        name=f"{check_id}: {title}" if check_id and check_id != title else title,
        severity=_severity(c.get("severity"), default),
        description=description or title,
        remedy=text(c.get("remediation")) or "No remediation provided",
        reference_ids=unique([check_id]),
        location=text(c.get("target")) or None,
        details={k: val for k, val in {"category": c.get("category"), "kind": kind}.items() if val},
    )


def _compliance(res: dict[str, Any], ctx: ParseContext) -> Iterator[Finding]:
    detail = (res.get("status") or {}).get("detailReport") or {}
    benchmark = text(detail.get("title")) or text(detail.get("id")) or "compliance"
    for control in detail.get("results") or []:
        control_severity = _severity(control.get("severity"), Severity.MEDIUM)
        for check in control.get("checks") or []:
            if check.get("success", False):
                continue
            target = text(check.get("target"))
            asset = ctx.asset(
                AssetType.BUILD,
                {"buildFile": target or "cluster", "origin": "kubernetes"},
                placeholder=not target,
            )
            finding = _check(asset, check, "ClusterComplianceReport", control_severity)
            control_id = text(control.get("id"))
            finding.name = f"{benchmark} {control_id}: {text(control.get('name')) or finding.name}"
            if not text(check.get("description")):
                finding.description = text(control.get("description")) or finding.description
            finding.details["control"] = control_id
            yield finding
