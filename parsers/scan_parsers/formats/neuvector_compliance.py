"""NeuVector compliance (CIS Docker / Kubernetes benchmark) reports from the NeuVector REST API: the per-host or
per-workload bench report (`GET /v1/host/<id>/compliance`, `/v1/workload/<id>/compliance`, the console's
compliance export): {"run_timestamp", "run_at", "kubernetes_cis_version", "docker_cis_version", "items": [{
test_number, category, type, profile, scored, automated, description, remediation, tags, level, message[]}]},
and the cluster-wide `GET /v1/compliance/asset` view {"compliances": [{name, category, type, level, description,
remediation, tags, workloads[], nodes[], images[], platforms[]}], "nodes": {...}, "workloads": {...}}.

One finding per check whose level says it failed: WARN (medium), HIGH and FAIL (high), CRITICAL; PASS, INFO,
NOTE and MANUAL results are counted as skipped. In the asset view, one finding per check and node/workload/image
it names. Asset: the node, workload or image named (INFRA host, or CONTAINER for images); a host bench report
does not name its host, so its findings share a placeholder host.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, parse_datetime, text
from ._scan_common import infra_asset

_FAILED_LEVELS = {"WARN": Severity.MEDIUM, "HIGH": Severity.HIGH, "FAIL": Severity.HIGH, "CRITICAL": Severity.CRITICAL}
_ORIGIN = "neuvector"


@register
class NeuVectorCompliance(ReportFormat):
    id = "neuvector_compliance"
    scan_types = ("NeuVector (compliance)",)
    aliases = ("neuvector-compliance", "neuvector-bench")
    default_asset_type = AssetType.INFRA
    recognises = "NeuVector compliance JSON: items[] of {test_number, level, profile} with run_at / CIS versions"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("items") and sniff.has_any_path("docker_cis_version", "kubernetes_cis_version"):
            return 0.9
        if sniff.has_paths("items.item.test_number", "items.item.level", "items.item.profile"):
            return 0.7
        if sniff.has_paths("compliances.item.level", "compliances.item.name") and sniff.has_any_path(
            "compliances.item.workloads", "compliances.item.nodes"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if isinstance(data, dict) and isinstance(data.get("report"), dict):
            data = data["report"]
        if not isinstance(data, dict) or not (
            isinstance(data.get("items"), list) or isinstance(data.get("compliances"), list)
        ):
            raise InvalidReport(f"{report.name}: no `items` or `compliances` list: not a NeuVector compliance report")
        ctx.meta.scan_date = parse_datetime(data.get("run_at") or data.get("run_timestamp"))
        for item in data.get("items") or []:
            check = _check_of(report, item, ctx)
            if check is not None:
                yield _finding(infra_asset(ctx, _ORIGIN), check, check["_severity"])
        for item in data.get("compliances") or []:
            check = _check_of(report, item, ctx)
            if check is None:
                continue
            assets = [infra_asset(ctx, _ORIGIN, hostname=text(n)) for n in check.get("nodes") or [] if text(n)]
            assets += [
                ctx.asset(AssetType.CONTAINER, container_attributes(text(i), None, _ORIGIN))
                for i in check.get("images") or []
                if text(i)
            ]
            assets += [infra_asset(ctx, _ORIGIN, hostname=text(w)) for w in check.get("workloads") or [] if text(w)]
            for asset in assets or [infra_asset(ctx, _ORIGIN)]:
                yield _finding(asset, check, check["_severity"])


def _check_of(report: ReportInput, item: Any, ctx: ParseContext) -> dict[str, Any] | None:
    if not isinstance(item, dict) or not (item.get("test_number") or item.get("name")):
        raise InvalidReport(f"{report.name}: a compliance item has no test_number: not a NeuVector compliance report")
    level = text(item.get("level")).upper()
    if level not in _FAILED_LEVELS:
        ctx.skip(f"level {level.lower() or 'missing'}")
        return None
    return {**item, "_severity": _FAILED_LEVELS[level]}


def _finding(asset: Asset, check: dict[str, Any], severity: Severity) -> Finding:
    number = text(check.get("test_number")) or text(check.get("name"))
    description = text(check.get("description"))
    messages = [text(m) for m in check.get("message") or [] if text(m)]
    return Finding(
        asset=asset,
        name=f"{number} {description}".strip()[:255],
        severity=severity,
        description="\n".join([description, *messages]) or number,
        remedy=text(check.get("remediation")) or "No remediation provided",
        location=number,
        details={
            k: v
            for k, v in {
                "category": text(check.get("category")),
                "type": text(check.get("type")),
                "profile": text(check.get("profile")),
                "scored": check.get("scored"),
                "level": text(check.get("level")),
            }.items()
            if v not in (None, "")
        },
        tags=[Tag(text(t), "compliance") for t in check.get("tags") or [] if text(t)],
    )
