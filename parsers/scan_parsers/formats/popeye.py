"""Popeye (Kubernetes cluster sanitizer) JSON, `popeye -o json`: {"popeye": {score, grade, report_time?,
cluster?/context?, <lints>}} where the lints are `sanitizers[]` of {sanitizer, gvr, tally, issues} (0.9-0.11) or
`sections[]` of {linter, gvr, tally, issues} (0.20+). `issues` maps a resource ("namespace/name", or "name" for
cluster-scoped resources) to a list of {group, gvr, level, message}; a clean section has `issues: null` or `{}`.

Levels are Popeye's own: 0 ok, 1 info, 2 warning, 3 error. One finding per resource and issue at level warning
(medium) or error (high); ok and info issues are observations, counted with ctx.skip. The scan is of a live
cluster, so the asset is an INFRA asset named after the cluster (as kubescape does for clusters), a placeholder
when the report names none; the resource and its GVR are the location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text

_SEVERITIES = {2: Severity.MEDIUM, 3: Severity.HIGH}
_LEVEL_NAMES = {0: "ok", 1: "info"}
_CODE = re.compile(r"^\[(POP-\d+)\]\s*")


@register
class Popeye(ReportFormat):
    id = "popeye"
    scan_types = ("Popeye Scan",)
    aliases = ("popeye",)
    default_asset_type = AssetType.INFRA
    recognises = "popeye -o json: {popeye: {score, grade, sanitizers[] or sections[] of {issues{resource: [...]}}}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("popeye.sanitizers", "popeye.sections"):
            return 0.95
        if sniff.has_paths("popeye.score", "popeye.grade"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        body = doc.get("popeye") if isinstance(doc, dict) else None
        if not isinstance(body, dict):
            raise InvalidReport(f"{report.name}: no `popeye` object: not a Popeye JSON report")
        lints = body.get("sections", body.get("sanitizers"))
        if lints is None and not ({"score", "grade"} & body.keys()):
            raise InvalidReport(f"{report.name}: no `popeye.sections` nor `popeye.sanitizers`: not a Popeye report")
        if not isinstance(lints, list | None):
            raise InvalidReport(f"{report.name}: `popeye.sections` is not a list")
        ctx.meta.scan_date = parse_datetime(body.get("report_time"))
        cluster = text(body.get("cluster_name")) or text(body.get("cluster")) or text(body.get("context"))
        ctx.meta.target = cluster or None
        asset: Asset | None = None
        for lint in lints or []:
            if not isinstance(lint, dict):
                raise InvalidReport(f"{report.name}: a Popeye section is not an object")
            if not lint.get("issues"):
                ctx.skip("linter with no issue")
                continue
            for resource, issues in lint["issues"].items():
                for issue in issues or []:
                    level = _level(issue)
                    if level not in _SEVERITIES:
                        ctx.skip(f"issue at level {_LEVEL_NAMES.get(level, level)}")
                        continue
                    if asset is None:
                        asset = _asset(ctx, cluster)
                    yield _finding(asset, lint, resource, issue, _SEVERITIES[level])


def _level(issue: Any) -> int:
    if not isinstance(issue, dict) or "level" not in issue:
        raise InvalidReport("a Popeye issue has no level")
    try:
        return int(issue["level"])
    except (TypeError, ValueError) as exc:
        raise InvalidReport(f"a Popeye issue has the level {issue['level']!r}, not 0-3") from exc


def _asset(ctx: ParseContext, cluster: str) -> Asset:
    if cluster:
        return ctx.asset(AssetType.INFRA, {"hostname": cluster})
    return ctx.asset(AssetType.INFRA, {"hostname": "popeye-cluster"}, placeholder=True)


def _finding(asset: Asset, lint: dict[str, Any], resource: str, issue: dict[str, Any], sev: Severity) -> Finding:
    message = text(issue.get("message"))
    match = _CODE.match(message)
    code = match.group(1) if match else ""
    linter = text(lint.get("linter")) or text(lint.get("sanitizer"))
    gvr = text(lint.get("gvr"))
    return Finding(
        asset=asset,
        name=f"{code}: {message[match.end() :]}" if match else message or f"Popeye {linter} issue",
        severity=sev,
        description=f"Popeye {linter} linter, {gvr} {resource}: {message}",
        remedy=f"See https://popeyecli.io/ for {code}." if code else "",
        location=f"{gvr} {resource}".strip(),
        details={
            k: v
            for k, v in {"code": code, "linter": linter, "gvr": gvr, "group": text(issue.get("group"))}.items()
            if v
        },
    )
