"""Kubescape JSON (`kubescape scan ... --format json`), every layout the tool has written:

- v2 / v3 posture report (`--format-version v2`, the only JSON layout since 2.0.16x): an object with
  `summaryDetails` (`controls{<id>: {name, scoreFactor, category, status, ResourceCounters}}`, frameworks,
  counters), `resources[]` (`resourceID`, `object` with the Kubernetes manifest and its `sourcePath` when files
  were scanned, `source.path` in newer releases) and `results[]` (`resourceID`, `controls[]` with `controlID`,
  `name`, `status{status, subStatus}` and `rules[]`; v3 adds `prioritizedResource`).
  Early 2.x releases listed only failing controls per resource, without a status (or with the status on the
  rules only): a control without any status is failed (DefectDojo's reading too); one whose rules all carry an
  exception is excepted.
- v1 framework report (Kubescape 1.x `--format json`, 2.0.x `--format-version v1`): one framework object
  (`name`, `controlReports[]`) or an array of them when several frameworks ran. Each control report has
  `controlID`, `name`, `description`, `remediation`, `baseScore` (the score factor) and `ruleReports[]`, whose
  `ruleResponses[]` each name the failing objects in `alertObject.k8sApiObjects[]` (or `externalObjects`);
  a response with an `exception` is excepted.

One finding per failed control and resource. Status "passed", "skipped", "irrelevant", "error", and "excluded" /
"warning" (failed but covered by an exception policy) are counted with ctx.skip, as are v1 controls with no
failing object. Severity comes from the control's scoreFactor / baseScore (Kubescape's own bands: 1-3 low, 4-6
medium, 7-8 high, 9-10 critical); a control that names its severity keeps it. Manifests scanned from files become
BUILD assets (the file); resources of a live cluster are INFRA assets named after the cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text

#: Kubescape statuses that mean "failed but covered by an exception" (2.x "excluded", 1.x "warning").
_EXCEPTED = {"excluded", "warning"}


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
    recognises = (
        "Kubescape JSON: summaryDetails.controls with results[].resourceID/controls[].controlID (v2/v3), or "
        "framework reports with controlReports[].ruleReports (v1)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.has_paths("results.item.resourceID", "results.item.controls.item.controlID"):
            return 0.9 if sniff.has_any_path("summaryDetails", "resources", "customerGUID") else 0.8
        if sniff.has_any_path("summaryDetails.controls", "summaryDetails.frameworks") and sniff.has_any_path(
            "customerGUID", "clusterName", "reportGUID", "resources.item.resourceID", "results.item.resourceID"
        ):
            return 0.8
        if sniff.has_paths("resources.item.resourceID", "resources.item.object") and sniff.has_any_path(
            "customerGUID", "reportGUID", "clusterAPIServerInfo", "customerGUIDGenerated"
        ):
            return 0.7
        for prefix in ("controlReports.item", "item.controlReports.item"):
            if sniff.has_paths(f"{prefix}.controlID", f"{prefix}.ruleReports"):
                return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if doc is None or doc in ([], {}):
            return
        frameworks = doc if isinstance(doc, list) else [doc] if isinstance(doc, dict) else []
        if frameworks and all(isinstance(f, dict) and isinstance(f.get("controlReports"), list) for f in frameworks):
            yield from _parse_v1(frameworks, ctx)
            return
        results = doc.get("results") if isinstance(doc, dict) else None
        results = [] if results is None else results
        if not isinstance(doc, dict) or not isinstance(results, list):
            raise InvalidReport(f"{report.name}: no summaryDetails/results nor controlReports: not a Kubescape report")
        if not isinstance(doc.get("summaryDetails"), dict) and not (
            results and all(isinstance(r, dict) and "resourceID" in r for r in results)
        ):
            raise InvalidReport(f"{report.name}: no summaryDetails nor results[].resourceID: not a Kubescape report")
        yield from _parse_v2(doc, results, ctx)


# --- v2 / v3 posture report ---------------------------------------------------------------------------------


def _parse_v2(doc: dict[str, Any], results: list[Any], ctx: ParseContext) -> Iterator[Finding]:
    summary = (doc.get("summaryDetails") or {}).get("controls") or {}
    if not isinstance(summary, dict):
        summary = {}
    resources = {r.get("resourceID"): r for r in doc.get("resources") or [] if isinstance(r, dict)}
    cluster = text(doc.get("clusterName"))
    for result in results:
        if not isinstance(result, dict):
            raise InvalidReport("a Kubescape results[] entry is not an object")
        controls = result.get("controls") or []
        if not controls:
            ctx.skip("resource with no control result")
            continue
        resource_id = text(result.get("resourceID"))
        resource = resources.get(resource_id) or {}
        asset: Asset | None = None
        for control in controls:
            status = _control_status(control)
            if status != "failed":
                ctx.skip("excepted (exception policy)" if status in _EXCEPTED else f"status {status}")
                continue
            if asset is None:
                asset = _asset(ctx, resource.get("object"), resource.get("source"), cluster)
            info = summary.get(control.get("controlID")) or {}
            obj = _dict(resource.get("object"))
            yield _finding(asset, control, info, resource_id, _target(obj, resource_id), fixes=_fixes(control))


def _control_status(control: dict[str, Any]) -> str:
    status = control.get("status")
    value = status.get("status") if isinstance(status, dict) else status
    if isinstance(value, str) and value.strip():
        return value.strip().lower()
    rules = [r for r in control.get("rules") or [] if isinstance(r, dict)]
    statuses = [text(r.get("status")).lower() for r in rules if text(r.get("status"))]
    if statuses:
        if "failed" in statuses:
            return "failed"
        return next((s for s in statuses if s != "passed"), "passed")
    # early 2.x: results[] listed only the failing controls, with no status; an exception marks the excepted ones
    if rules and all(r.get("exception") for r in rules):
        return "excluded"
    return "failed"


def _fixes(control: dict[str, Any]) -> list[str]:
    fixes = []
    for rule in control.get("rules") or []:
        for p in (rule.get("paths") if isinstance(rule, dict) else None) or []:
            fix = p.get("fixPath") if isinstance(p, dict) else None
            if isinstance(fix, dict):
                fixes.append(f"{fix.get('path')} = {fix.get('value')}")
    return fixes


# --- v1 framework reports -----------------------------------------------------------------------------------


def _parse_v1(frameworks: list[dict[str, Any]], ctx: ParseContext) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for framework in frameworks:
        for control in framework["controlReports"]:
            if not isinstance(control, dict):
                raise InvalidReport("a Kubescape controlReports[] entry is not an object")
            control_id = text(control.get("controlID")) or text(control.get("id"))
            failed = 0
            for rule in control.get("ruleReports") or []:
                for response in (rule.get("ruleResponses") if isinstance(rule, dict) else None) or []:
                    if not isinstance(response, dict):
                        continue
                    status = text(response.get("ruleStatus")).lower()
                    for obj in _alert_objects(response):
                        if response.get("exception") or status in _EXCEPTED:
                            ctx.skip("excepted (exception policy)")
                            continue
                        target = _target(obj, "")
                        if (control_id, target) in seen:
                            continue  # the same control over several frameworks or rules: one finding
                        seen.add((control_id, target))
                        failed += 1
                        asset = _asset(ctx, obj, None, "")
                        info = {"scoreFactor": control.get("baseScore"), "severity": control.get("severity")}
                        finding = _finding(asset, control, info, target, target, fixes=[])
                        finding.description = text(control.get("description")) or finding.description
                        alert = text(response.get("alertMessage"))
                        if alert:
                            finding.description = f"{finding.description}\n\n{alert}".strip()
                        finding.remedy = text(control.get("remediation")) or text(rule.get("remediation"))
                        yield finding
            if not failed:
                ctx.skip("control with no failed resource")


def _alert_objects(response: dict[str, Any]) -> list[dict[str, Any]]:
    alert = response.get("alertObject") or {}
    objects = [o for o in alert.get("k8sApiObjects") or [] if isinstance(o, dict)]
    external = alert.get("externalObjects")
    if not objects and isinstance(external, dict) and external:
        objects = [external]
    return objects


# --- shared -------------------------------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _asset(ctx: ParseContext, obj: Any, source: Any, cluster: str) -> Asset:
    obj = obj if isinstance(obj, dict) else {}
    path = text(source.get("path") if isinstance(source, dict) else None)
    path = path or text(obj.get("sourcePath")).rsplit(":", 1)[0]
    if path:
        return ctx.asset(AssetType.BUILD, {"buildFile": path, "origin": "kubescape"})
    if cluster:
        return ctx.asset(AssetType.INFRA, {"hostname": cluster})
    return ctx.asset(AssetType.INFRA, {"hostname": "kubescape-cluster"}, placeholder=True)


def _target(obj: dict[str, Any], resource_id: str) -> str:
    """kind/name (namespace/kind/name in a namespace) of the resource, from its manifest or its resourceID
    ("path=.../api=apps/v1//Deployment/nginx", "apps/v1/default/Deployment/nginx")."""
    meta = _dict(obj.get("metadata"))
    kind = text(obj.get("kind"))
    name = text(meta.get("name")) or text(obj.get("name"))
    namespace = text(meta.get("namespace")) or text(obj.get("namespace"))
    if not (kind and name) and resource_id:
        parts = resource_id.split("/")
        if len(parts) >= 3:
            namespace, kind, name = parts[-3], parts[-2], parts[-1]
            namespace = "" if namespace.startswith("api=") else namespace
    if kind and name:
        return f"{namespace}/{kind}/{name}" if namespace else f"{kind}/{name}"
    return resource_id or text(obj.get("apiVersion"))


def _finding(
    asset: Asset,
    control: dict[str, Any],
    info: dict[str, Any],
    resource_id: str,
    target: str,
    *,
    fixes: list[str],
) -> Finding:
    control_id = text(control.get("controlID")) or text(control.get("id"))
    name = text(control.get("name")) or text(info.get("name")) or control_id
    named = text(info.get("severity")) or text(control.get("severity"))
    severity = label(named) if named else severity_of(info.get("scoreFactor"))
    category = info.get("category")
    return Finding(
        asset=asset,
        name=f"{control_id} - {name}" if control_id else name,
        severity=severity,
        description=f"Control {control_id} ({name}) failed for {target}.",
        remedy="Set " + "; ".join(fixes) if fixes else "",
        location=target,
        details={
            "controlId": control_id,
            "resourceId": resource_id,
            "category": text(category.get("name")) if isinstance(category, dict) else text(category),
            "scoreFactor": info.get("scoreFactor"),
            "documentation": f"https://hub.armosec.io/docs/{control_id.lower()}" if control_id else "",
        },
    )
