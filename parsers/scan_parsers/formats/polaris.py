"""Fairwinds Polaris audit JSON, `polaris audit --format json` (PolarisOutputVersion 1.0, Polaris 1.x-9.x):
{PolarisOutputVersion, AuditTime, SourceType ("Path", "Cluster", "Workload"), SourceName, DisplayName, ClusterInfo,
Results[] of {Name, Namespace, Kind, Results{<check>: {ID, Message, Success, Severity, Category}}, PodResult{Name,
Results{...}, ContainerResults[] of {Name, Results{...}}}}}.

Every check result of every controller, pod and container is listed, passed or not. Counting rule: one finding per
check with `Success: false` on the controller, its pod spec or one of its containers; passed checks (`Success:
true`) are counted with ctx.skip, and so are checks at severity "ignore" (configured off). Severity: Polaris'
`danger` is high, `warning` medium. Asset: an audit of files (`SourceType` "Path") is about manifests, a BUILD
asset per SourceName (as kube-linter); an audit of a live cluster is an INFRA asset named after the cluster
(SourceName / DisplayName), as kubescape does. The object (namespace/Kind/name, container) is the location.
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
from ._sca_common import parse_datetime, text
from ._static_common import build_asset

_SEVERITIES = {"danger": Severity.HIGH, "warning": Severity.MEDIUM}


@register
class Polaris(ReportFormat):
    id = "polaris"
    scan_types = ("Polaris Scan",)
    aliases = ("polaris", "fairwinds-polaris")
    default_asset_type = AssetType.BUILD
    recognises = "polaris audit --format json: {PolarisOutputVersion, SourceType, Results[] of {Kind, Results{}}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("PolarisOutputVersion"):
            return 0.95
        if sniff.has_paths("SourceType", "ClusterInfo", "Results") and sniff.has_any_path(
            "Results.item.PodResult", "Results.item.Kind"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        results = doc.get("Results") if isinstance(doc, dict) else None
        if not isinstance(doc, dict) or not ("PolarisOutputVersion" in doc or "SourceType" in doc):
            raise InvalidReport(f"{report.name}: no PolarisOutputVersion/SourceType: not a Polaris audit report")
        if not isinstance(results, list | None):
            raise InvalidReport(f"{report.name}: Polaris `Results` is not a list")
        ctx.meta.scan_date = parse_datetime(doc.get("AuditTime"))
        source = text(doc.get("SourceName")) or text(doc.get("DisplayName"))
        ctx.meta.target = source or None
        asset = _asset(ctx, text(doc.get("SourceType")), source)
        for controller in results or []:
            if not isinstance(controller, dict):
                raise InvalidReport(f"{report.name}: a Polaris result is not an object")
            obj = "/".join(
                p
                for p in (text(controller.get("Namespace")), text(controller.get("Kind")), text(controller.get("Name")))
                if p
            )
            yield from _checks(ctx, asset, controller.get("Results"), obj)
            pod = controller.get("PodResult") or {}
            yield from _checks(ctx, asset, pod.get("Results"), obj)
            for container in pod.get("ContainerResults") or []:
                where = f"{obj} container {text(container.get('Name'))}"
                yield from _checks(ctx, asset, container.get("Results"), where)


def _asset(ctx: ParseContext, source_type: str, source: str) -> Asset:
    if source_type.lower() == "path" or not source_type:
        return build_asset(ctx, source, "polaris")
    if source:
        return ctx.asset(AssetType.INFRA, {"hostname": source})
    return ctx.asset(AssetType.INFRA, {"hostname": "polaris-cluster"}, placeholder=True)


def _checks(ctx: ParseContext, asset: Asset, checks: Any, where: str) -> Iterator[Finding]:
    for key, check in (checks or {}).items():
        if not isinstance(check, dict):
            raise InvalidReport(f"the Polaris check {key!r} is not an object")
        severity = text(check.get("Severity")).lower()
        if check.get("Success") is True or severity == "ignore":
            ctx.skip("check passed" if check.get("Success") is True else "check ignored")
            continue
        check_id = text(check.get("ID")) or str(key)
        message = text(check.get("Message"))
        yield Finding(
            asset=asset,
            name=f"{check_id}: {message}" if message else check_id,
            severity=_SEVERITIES.get(severity, label(severity)),
            description=f"Polaris check {check_id} failed for {where}: {message}",
            location=where or None,
            details={k: v for k, v in {"check": check_id, "category": text(check.get("Category"))}.items() if v},
        )
