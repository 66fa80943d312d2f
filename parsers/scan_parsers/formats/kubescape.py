"""Kubescape JSON (`kubescape scan --format json`): results[] per Kubernetes resource with controls[] and their
status, resources[] with the objects (and their sourcePath when files were scanned), and
summaryDetails.controls[<id>] with the control's name, scoreFactor and category.

One finding per failed control and resource. Severity comes from the control's scoreFactor (Kubescape's own
bands: 1-3 low, 4-6 medium, 7-8 high, 9-10 critical). Manifests scanned from files become BUILD assets (the
file); resources of a live cluster are INFRA assets named after the cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text


def severity_of(score_factor: Any) -> Severity:
    try:
        factor = float(score_factor)
    except (TypeError, ValueError):
        return Severity.MEDIUM
    if factor >= 9:
        return Severity.CRITICAL
    if factor >= 7:
        return Severity.HIGH
    if factor >= 4:
        return Severity.MEDIUM
    if factor >= 1:
        return Severity.LOW
    return Severity.INFO


@register
class Kubescape(ReportFormat):
    id = "kubescape"
    scan_types = ("Kubescape JSON Importer",)
    aliases = ("kubescape",)
    default_asset_type = AssetType.INFRA
    recognises = "Kubescape JSON: summaryDetails.controls, results[].resourceID and results[].controls[].controlID"

    def detect(self, sniff: Sniff) -> float:
        if sniff.has_paths("summaryDetails", "results.item.resourceID", "results.item.controls.item.controlID"):
            return 0.9
        if sniff.has_paths("summaryDetails.controls", "resources") and sniff.has_any_path(
            "customerGUID", "clusterName"
        ):
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict) or not isinstance(doc.get("results", []), list) or "summaryDetails" not in doc:
            raise InvalidReport(f"{report.name}: no summaryDetails/results: not a Kubescape JSON report")
        summary = (doc.get("summaryDetails") or {}).get("controls") or {}
        resources = {r.get("resourceID"): r for r in doc.get("resources") or [] if isinstance(r, dict)}
        cluster = text(doc.get("clusterName"))
        for result in doc.get("results") or []:
            failed = [c for c in result.get("controls") or [] if (c.get("status") or {}).get("status") == "failed"]
            if not failed:
                continue
            resource_id = text(result.get("resourceID"))
            resource = resources.get(resource_id) or {}
            asset = _asset(ctx, resource, cluster)
            for control in failed:
                yield _finding(asset, control, summary.get(control.get("controlID")) or {}, resource_id, resource)


def _asset(ctx: ParseContext, resource: dict[str, Any], cluster: str) -> Asset:
    source = text(resource.get("source", {}).get("path") if isinstance(resource.get("source"), dict) else None)
    source = source or text((resource.get("object") or {}).get("sourcePath")).rsplit(":", 1)[0]
    if source:
        return ctx.asset(AssetType.BUILD, {"buildFile": source, "origin": "kubescape"})
    if cluster:
        return ctx.asset(AssetType.INFRA, {"hostname": cluster})
    return ctx.asset(AssetType.INFRA, {"hostname": "kubescape-cluster"}, placeholder=True)


def _finding(
    asset: Asset, control: dict[str, Any], info: dict[str, Any], resource_id: str, resource: dict[str, Any]
) -> Finding:
    control_id = text(control.get("controlID"))
    name = text(control.get("name")) or text(info.get("name")) or control_id
    obj = resource.get("object") or {}
    kind = text(obj.get("kind"))
    obj_name = text((obj.get("metadata") or {}).get("name"))
    fixes = [
        f"{p['fixPath'].get('path')} = {p['fixPath'].get('value')}"
        for rule in control.get("rules") or []
        for p in rule.get("paths") or []
        if isinstance(p.get("fixPath"), dict)
    ]
    target = f"{kind}/{obj_name}" if kind and obj_name else resource_id
    return Finding(
        asset=asset,
        name=f"{control_id} - {name}" if control_id else name,
        severity=severity_of(info.get("scoreFactor")),
        description=f"Control {control_id} ({name}) failed for {target}.",
        remedy="Set " + "; ".join(fixes) if fixes else "",
        location=target,
        details={
            "controlId": control_id,
            "resourceId": resource_id,
            "category": text((info.get("category") or {}).get("name")),
            "scoreFactor": info.get("scoreFactor"),
            "documentation": f"https://hub.armosec.io/docs/{control_id.lower()}" if control_id else "",
        },
    )
