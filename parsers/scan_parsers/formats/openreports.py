"""OpenReports (openreports.io/v1alpha1 `Report` and `ClusterReport`) and their predecessor, the Kubernetes Policy
working group's PolicyReport API (wgpolicyk8s.io/v1alpha1 and v1alpha2 `PolicyReport` / `ClusterPolicyReport`,
written by Kyverno, Falco, kube-bench adapters, Trivy and other image scanners): one resource as JSON, or the
`kubectl get ... -o json` List {"kind": "List", "items": [...]}, or a bare JSON array of resources.

Each report has `scope` (the Kubernetes object it is about), `summary` and `results[]` of {policy, rule, result
(pass | fail | warn | error | skip), severity (critical | high | medium | low | info), message, category, source,
properties{...}, resources[] (v1alpha2: the objects of one result, when the report has no single scope), timestamp}.

One finding per result whose result is `fail` or `warn` (warn tagged result=warn) and per object it names.
`pass` and `skip` results are not findings, nor `error` (the policy could not be evaluated: nothing was found
about the object); they are counted as skipped by result. Severity is the result's severity (missing: medium for
fail, low for warn). Scanner results that carry a package in their properties (pkgName, installedVersion,
fixedVersion, as Trivy- and image-scanner adapters write them) become package findings.

Asset: the Kubernetes object, as a BUILD asset "namespace/Kind/name" (the convention of trivy_operator).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity, Tag
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, remedy, split_versions, text, unique

_GROUPS = ("openreports.io/", "wgpolicyk8s.io/")
_KINDS = ("Report", "ClusterReport", "PolicyReport", "ClusterPolicyReport")
_FINDING_RESULTS = ("fail", "warn")


@register
class OpenReports(ReportFormat):
    id = "openreports"
    scan_types = ("OpenReports",)
    aliases = ("openreport", "policyreport", "policy-report", "kyverno-policyreport")
    default_asset_type = AssetType.BUILD
    recognises = "OpenReports / PolicyReport JSON (openreports.io, wgpolicyk8s.io): results[] of {policy, result}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or not any(g in sniff.text[:200_000] for g in _GROUPS):
            return 0.0
        for prefix in ("", "item.", "items.item."):
            if sniff.has_paths(f"{prefix}apiVersion", f"{prefix}kind") and sniff.has_any_path(
                f"{prefix}results", f"{prefix}summary", f"{prefix}scope"
            ):
                return 0.9
        if sniff.has_paths("apiVersion", "items"):
            return 0.3  # a List whose first report lies beyond the head, or an empty List
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        found = False
        if report.first_byte() == b"{":
            for item in iter_json(report, "items.item"):
                found = True
                yield from _report(ctx, report, item)
        if found:
            return
        data = load_json(report)
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            return  # an empty List
        items = data if isinstance(data, list) else [data]
        for item in items:
            yield from _report(ctx, report, item)


def _report(ctx: ParseContext, report: ReportInput, item: Any) -> Iterator[Finding]:
    if not isinstance(item, dict) or not (
        text(item.get("kind")) in _KINDS and text(item.get("apiVersion")).startswith(_GROUPS)
    ):
        raise InvalidReport(
            f"{report.name}: not an OpenReports/PolicyReport resource (apiVersion openreports.io or wgpolicyk8s.io, "
            f"kind one of {', '.join(_KINDS)})"
        )
    meta = item.get("metadata") or {}
    scope = item.get("scope") if isinstance(item.get("scope"), dict) else None
    for result in item.get("results") or []:
        if not isinstance(result, dict):
            raise InvalidReport(f"{report.name}: a result is not an object")
        outcome = text(result.get("result")).lower()
        if outcome not in _FINDING_RESULTS:
            ctx.skip(f"result {outcome or 'missing'}")
            continue
        objects = [r for r in result.get("resources") or [] if isinstance(r, dict)] or [scope or {}]
        for obj in objects:
            yield _finding(ctx, result, outcome, obj, meta)


def _object_name(obj: dict[str, Any], meta: dict[str, Any]) -> str:
    namespace = text(obj.get("namespace")) or (text(meta.get("namespace")) if obj else "")
    parts = [namespace, text(obj.get("kind")), text(obj.get("name"))]
    return "/".join(p for p in parts if p)


def _finding(
    ctx: ParseContext, result: dict[str, Any], outcome: str, obj: dict[str, Any], meta: dict[str, Any]
) -> Finding:
    workload = _object_name(obj, meta)
    asset = ctx.asset(
        AssetType.BUILD,
        {"buildFile": workload or text(meta.get("name")) or "cluster", "origin": "kubernetes"},
        placeholder=not (workload or meta.get("name")),
    )
    props = {k: text(v) for k, v in (result.get("properties") or {}).items()}
    policy = text(result.get("policy"))
    rule = text(result.get("rule"))
    message = text(result.get("message"))
    package = None
    fix = ""
    pkg_name = props.get("pkgName") or props.get("PkgName") or props.get("package")
    fixed_text = props.get("fixedVersion") or props.get("FixedVersion") or ""
    if pkg_name:
        version = props.get("installedVersion") or props.get("InstalledVersion")
        version = None if not version or version.upper() == "N/A" else version
        # with a version, fixedVersion lists versions; without one, adapters write advice there
        fixed = split_versions(fixed_text) if version else []
        package = Package(pkg_name, version, fixed)
        fix = remedy(pkg_name, version, fixed) if fixed else fixed_text
    default = Severity.MEDIUM if outcome == "fail" else Severity.LOW
    name = policy + (f" / {rule}" if rule and rule != policy else "")
    url = props.get("primaryURL") or props.get("url")
    return Finding(
        asset=asset,
        name=f"{name}: {message}"[:255] if message and name else name or message or "policy result",
        severity=label(result.get("severity"), default),
        description=message or name,
        remedy="\n".join(p for p in (fix, url) if p) or "No remediation provided",
        reference_ids=unique([*cves_in(policy), *cves_in(rule)]),
        location=workload or None,
        package=package,
        published=parse_datetime((result.get("timestamp") or {}).get("seconds"))
        if isinstance(result.get("timestamp"), dict)
        else None,
        details={
            k: v
            for k, v in {
                "result": outcome,
                "policy": policy,
                "rule": rule,
                "category": text(result.get("category")),
                "source": text(result.get("source")),
                "properties": props,
                "report": text(meta.get("name")),
            }.items()
            if v
        },
        tags=[Tag("warn", "result")] if outcome == "warn" else [],
    )
