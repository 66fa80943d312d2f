"""Trivy Operator (and its predecessor Starboard) custom resources as JSON (`kubectl get ... -o json`), every kind
of group aquasecurity.github.io: VulnerabilityReport and ClusterVulnerabilityReport, ExposedSecretReport,
ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and their Cluster* variants, ClusterComplianceReport
(`status.detailReport` of reportType `all`, `status.summaryReport` of reportType `summary`, and the Starboard-era
`status.control_check`), the Starboard-era ClusterComplianceDetailReport, and SbomReport / ClusterSbomReport.
Accepts one resource, a kubectl `List`, a plain array, or a dict of resource-plural -> list (an export of all of
them, as DefectDojo reads it).

One finding is: a vulnerability of a VulnerabilityReport (asset: the CONTAINER image, with its workload), a secret
of an ExposedSecretReport, a failed check of a config/RBAC/infra assessment (asset: the BUILD workload
namespace/kind/name), a failed check of a compliance control (asset: its target), a failed object of a detail
report's control. Severity is the report's own word (the control's for compliance checks without one).
Not findings, counted as skipped: passed checks (`success: true`), reports with nothing found, SBOM components, and
compliance summaries (a fail count per control names no object; DefectDojo reads none either).
Lists are streamed resource by resource (each resource is one workload's or image's report).
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
#: Paths that only the operator's resources have, one per kind of report.
_SHAPES = (
    "report.vulnerabilities",
    "report.checks",
    "report.secrets",
    "report.components",
    "report.controlCheck",
    "status.detailReport",
    "status.summaryReport",
    "status.control_check",
    "spec.compliance",
)


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
        if sniff.kind != "json":
            return 0.0
        if any(k.endswith(f".{_GROUP}") for k in sniff.json_top_keys):
            return 0.9
        # The group in apiVersion, or (keys in another order, apiVersion beyond the head) the operator's labels.
        evidence = _GROUP in sniff.text or "trivy-operator." in sniff.text or '"starboard.' in sniff.text
        if not evidence:
            return 0.0
        for prefix in ("", "item.", "items.item."):
            if sniff.has_any_path(f"{prefix}apiVersion", f"{prefix}kind") and sniff.has_any_path(
                *(prefix + p for p in _SHAPES)
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
        if "kind" in data and ("report" in data or "status" in data or data.get("kind") == "ClusterComplianceReport"):
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
    if kind == "ClusterComplianceReport" or "detailReport" in (res.get("status") or {}):
        yield from _compliance(res, ctx)
        return
    if kind == "ClusterComplianceDetailReport" or "controlCheck" in report:
        yield from _compliance_detail(res, ctx)
        return
    if "vulnerabilities" in report or "secrets" in report:
        asset = _image_asset(ctx, report, meta)
        secrets = "vulnerabilities" not in report
        items = report.get("secrets") if secrets else report.get("vulnerabilities")
        for item in items or []:
            yield _secret(asset, item) if secrets else _vulnerability(asset, item)
        if not items:
            ctx.skip(f"{kind or 'report'} with nothing found")
        return
    if "checks" in report:
        # ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and their cluster-scoped variants
        asset = ctx.asset(AssetType.BUILD, {"buildFile": _workload(meta), "origin": "kubernetes"})
        checks = report.get("checks") or []
        for check in checks:
            if check.get("success", False):
                ctx.skip("check passed")
            else:
                yield _check(asset, check, kind)
        if not checks:
            ctx.skip(f"{kind or 'report'} with no checks")
        return
    if "components" in report:
        ctx.skip("SBOM report (components, not findings)")
        return
    ctx.skip(f"{kind or 'resource'} without vulnerabilities, secrets or checks")


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
    status = res.get("status") or {}
    if "detailReport" not in status:
        # reportType "summary" (summaryReport.controlCheck) or Starboard's control_check: fail counts per control
        summary = status.get("summaryReport") or {}
        controls = summary.get("controlCheck") or status.get("control_check") or []
        failing = sum(1 for c in controls if isinstance(c, dict) and (c.get("totalFail") or c.get("total_fail")))
        if failing:
            ctx.warn(
                "compliance-summary",
                f"compliance summary with {failing} failing controls and no per-check detail: "
                "set the ClusterComplianceReport's reportType to `all` for findings",
            )
        ctx.skip("compliance control in a summary report", max(len(controls), 1))
        return
    detail = status.get("detailReport") or {}
    benchmark = text(detail.get("title")) or text(detail.get("id")) or "compliance"
    for control in detail.get("results") or []:
        control_severity = _severity(control.get("severity"), Severity.MEDIUM)
        for check in control.get("checks") or []:
            if check.get("success", False):
                ctx.skip("check passed")
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


def _compliance_detail(res: dict[str, Any], ctx: ParseContext) -> Iterator[Finding]:
    """Starboard-era ClusterComplianceDetailReport: report.controlCheck[].checkResults[].details[] per object."""
    report = res.get("report") or {}
    benchmark = text((report.get("type") or {}).get("name")) or "compliance"
    for control in report.get("controlCheck") or []:
        control_id = text(control.get("id"))
        severity = _severity(control.get("severity"), Severity.MEDIUM)
        for result in control.get("checkResults") or []:
            for detail in result.get("details") or []:
                if text(detail.get("status")).upper() in ("PASS", "PASSED", "OK"):
                    ctx.skip("check passed")
                    continue
                target = "/".join(
                    p
                    for p in (text(detail.get("namespace")), text(result.get("objectType")), text(detail.get("name")))
                    if p
                )
                asset = ctx.asset(
                    AssetType.BUILD, {"buildFile": target or "cluster", "origin": "kubernetes"}, placeholder=not target
                )
                check = {
                    "checkID": result.get("id"),
                    "title": control.get("name"),
                    "description": control.get("description"),
                    "messages": [detail.get("msg")],
                    "remediation": result.get("remediation"),
                    "target": target,
                }
                finding = _check(asset, check, "ClusterComplianceDetailReport", severity)
                finding.name = f"{benchmark} {control_id}: {text(control.get('name')) or finding.name}"
                finding.details["control"] = control_id
                yield finding
