"""Conftest (Open Policy Agent) JSON, `conftest test -o json <files>` (0.2x-0.5x): an array of check results, one
per file and policy namespace: {filename, namespace, successes (a count), warnings[], failures[], exceptions[]?,
skipped[]?}, each result {msg, metadata{query, details?}}.

Counting rule: one finding per failure (a `deny` / `violation` rule that fired: high) and per warning (a `warn` rule:
medium). Successes are only a count: they are counted with ctx.skip, as are exceptions (failures excepted by an
`exception` rule) and skipped results. Asset: the checked file (BUILD); the policy namespace and query are details.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset

_KINDS = {"failures": Severity.HIGH, "warnings": Severity.MEDIUM}


@register
class Conftest(ReportFormat):
    id = "conftest"
    scan_types = ("Conftest Scan",)
    aliases = ("conftest", "opa-conftest")
    default_asset_type = AssetType.BUILD
    recognises = "conftest test -o json: array of {filename, namespace, successes, warnings[], failures[]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "array" or not sniff.has_paths("item.filename", "item.namespace"):
            return 0.0
        if sniff.has_any_path("item.successes", "item.failures.item.msg", "item.warnings.item.msg"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for result in iter_json(report, "item"):
            if not isinstance(result, dict) or ("namespace" not in result and "filename" not in result):
                raise InvalidReport(f"{report.name}: a result has no filename/namespace: not a conftest JSON report")
            successes = result.get("successes")
            if isinstance(successes, int) and successes > 0:
                ctx.skip("policy rule passed", successes)
            for key in ("exceptions", "skipped"):
                if result.get(key):
                    ctx.skip(f"result {key.removesuffix('s')}", len(result[key]))
            asset = build_asset(ctx, result.get("filename"), "conftest")
            for kind, severity in _KINDS.items():
                for item in result.get(kind) or []:
                    yield _finding(asset, result, kind, item, severity)


def _finding(asset: Asset, result: dict[str, Any], kind: str, item: Any, severity: Severity) -> Finding:
    item = item if isinstance(item, dict) else {"msg": item}
    msg = text(item.get("msg")) or "policy rule fired"
    metadata = item.get("metadata") or {}
    query = text(metadata.get("query"))
    namespace = text(result.get("namespace"))
    filename = text(result.get("filename"))
    return Finding(
        asset=asset,
        name=msg,
        severity=severity,
        description=f"{msg}\n\nPolicy {query or namespace} ({kind.removesuffix('s')}) on {filename or 'the input'}.",
        location=filename or None,
        details={k: v for k, v in {"namespace": namespace, "query": query, "kind": kind}.items() if v},
    )
