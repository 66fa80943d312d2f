"""KubeLinter (StackRox) results with `kube-linter lint --format json`: {"Checks": [{name, description,
remediation, scope, template, params}], "Reports": [{"Diagnostic": {"Message"}, "Check", "Remediation",
"Object": {"Metadata": {"FilePath"}, "K8sObject": {"Namespace", "Name", "GroupVersionKind": {Group, Version,
Kind}}}}] | null, "Summary": {"ChecksStatus", "CheckEndTime", "KubeLinterVersion"}}. (`--format sarif` output is
read by the sarif format.)

One finding per report: one check failing on one Kubernetes object. The checks list is the configuration that
ran, not results. KubeLinter assigns no severity; findings are medium. Asset: the manifest file (BUILD, its path),
as for the other IaC scanners; the object (namespace/Kind/name) is part of the location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._static_common import build_asset


@register
class KubeLinter(ReportFormat):
    id = "kubelinter"
    scan_types = ("KubeLinter Scan",)
    aliases = ("kube-linter",)
    default_asset_type = AssetType.BUILD
    recognises = "kube-linter --format json: {Checks, Reports[] of {Check, Diagnostic, Object}, Summary}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("Reports.item.Check", "Reports.item.Diagnostic") or sniff.has_any_path(
            "Summary.KubeLinterVersion"
        ):
            return 0.9
        if sniff.has_paths("Checks.item.template", "Reports"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        # a clean run writes `"Reports": null`; a writer that drops nulls leaves only Checks and Summary
        clean = isinstance(data, dict) and "Reports" not in data and {"Checks", "Summary"} <= data.keys()
        if not isinstance(data, dict) or not (clean or ("Reports" in data and isinstance(data["Reports"] or [], list))):
            raise InvalidReport(f"{report.name}: no `Reports` list: not a kube-linter JSON report")
        summary = data.get("Summary") or {}
        ctx.meta.scan_date = parse_datetime(summary.get("CheckEndTime"))
        checks = {text(c.get("name")): c for c in data.get("Checks") or [] if isinstance(c, dict)}
        for item in data.get("Reports") or []:
            if not isinstance(item, dict) or not item.get("Check"):
                raise InvalidReport(f"{report.name}: a report names no Check: not a kube-linter JSON report")
            yield _finding(ctx, item, checks.get(text(item["Check"])) or {})


def _finding(ctx: ParseContext, item: dict[str, Any], check: dict[str, Any]) -> Finding:
    name = text(item["Check"])
    obj = item.get("Object") or {}
    path = text((obj.get("Metadata") or {}).get("FilePath"))
    k8s = obj.get("K8sObject") or {}
    kind = text((k8s.get("GroupVersionKind") or {}).get("Kind"))
    workload = "/".join(p for p in (text(k8s.get("Namespace")), kind, text(k8s.get("Name"))) if p)
    message = text((item.get("Diagnostic") or {}).get("Message"))
    return Finding(
        asset=build_asset(ctx, path, "kube-linter"),
        name=name,
        severity=Severity.MEDIUM,
        description="\n\n".join(p for p in (message, text(check.get("description"))) if p) or name,
        remedy=text(item.get("Remediation")) or text(check.get("remediation")) or "No remediation provided",
        location=" ".join(p for p in (path, workload) if p) or None,
        details={k: v for k, v in {"object": workload, "template": text(check.get("template"))}.items() if v},
    )
