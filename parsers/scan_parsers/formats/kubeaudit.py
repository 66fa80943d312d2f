"""kubeaudit (Shopify) results with `--format json` (`kubeaudit all [-f manifest.yaml | -n namespace | -c
kubeconfig] --format json`): one JSON object per line (logrus JSON), {"AuditResultName", "level": "error" |
"warning" | "info", "msg", "time", "ResourceKind", "ResourceName", "ResourceNamespace", "ResourceApiVersion",
"Container"?, plus auditor-specific fields (MissingAnnotation, DeprecatedMajor, Metadata, ...)}. A single result
may also arrive as one JSON object, or several as a JSON array.

One finding per error or warning result: a rule (AuditResultName) failing on one resource (and container).
Results at level info are overrides the manifest allows or notes, not issues; they are counted as skipped.
Severity: error is high, warning medium. Asset: the Kubernetes resource, a BUILD asset "namespace/Kind/name" (the
convention of trivy_operator and openreports); the container is the finding's location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, iter_json_lines
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "warn": Severity.MEDIUM}
_COMMON = {
    "AuditResultName",
    "level",
    "msg",
    "time",
    "ResourceKind",
    "ResourceName",
    "ResourceNamespace",
    "ResourceApiVersion",
    "Container",
}


@register
class Kubeaudit(ReportFormat):
    id = "kubeaudit"
    scan_types = ("Kubeaudit Scan",)
    aliases = ("kubeaudit-json",)
    default_asset_type = AssetType.BUILD
    recognises = "kubeaudit JSON lines: {AuditResultName, level, msg, ResourceKind, ResourceName, ...}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind in ("json", "jsonl") and (
            sniff.has_paths("AuditResultName", "level", "msg") or sniff.has_paths("item.AuditResultName", "item.level")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        results: Iterator[Any] = iter_json(report, "item") if report.first_byte() == b"[" else iter_json_lines(report)
        for n, result in enumerate(results, 1):
            if not isinstance(result, dict) or not result.get("AuditResultName"):
                raise InvalidReport(f"{report.name}: result {n} has no AuditResultName: not kubeaudit JSON output")
            level = text(result.get("level")).lower()
            if level not in _LEVELS:
                ctx.skip(f"level {level or 'missing'}")
                continue
            yield _finding(ctx, result, _LEVELS[level])


def _finding(ctx: ParseContext, result: dict[str, Any], severity: Severity) -> Finding:
    rule = text(result["AuditResultName"])
    namespace = text(result.get("ResourceNamespace")) or text(result.get("Namespace"))
    workload = "/".join(p for p in (namespace, text(result.get("ResourceKind")), text(result.get("ResourceName"))) if p)
    container = text(result.get("Container"))
    extra = {k: v for k, v in result.items() if k not in _COMMON and v not in (None, "", {}, [])}
    return Finding(
        asset=ctx.asset(
            AssetType.BUILD, {"buildFile": workload or "cluster", "origin": "kubernetes"}, placeholder=not workload
        ),
        name=rule,
        severity=severity,
        description=text(result.get("msg")) or rule,
        remedy=f"See https://github.com/Shopify/kubeaudit#auditors for the {rule} auditor's fix.",
        location=f"{workload} container {container}" if container else workload or None,
        published=parse_datetime(result.get("time")),
        details={"level": text(result.get("level")), "apiVersion": text(result.get("ResourceApiVersion")), **extra},
    )
