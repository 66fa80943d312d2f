"""Snyk Code's SARIF output (`snyk code test --sarif`, tool.driver.name "SnykCode"), read by both the snyk and the
snyk_code formats: one finding per result, the rule supplying title, CWEs and help text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cwe_id, text, unique
from .sarif import driver_name

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW, "none": Severity.INFO}


def is_snyk_code_sarif(s: Sniff) -> bool:
    return s.kind == "json" and "runs.item.results" in s.json_paths and driver_name(s) == "snykcode"


def parse_sarif(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    rules: dict[str, dict[str, Any]] = {}
    for run, kind, result in iter_groups(report, "runs.item", ("results",), header_keys=("tool",)):
        if kind is None:
            rules = {}
            continue
        if not rules:
            driver = (run.get("tool") or {}).get("driver") or {}
            rules = {text(r.get("id")): r for r in driver.get("rules") or [] if isinstance(r, dict)}
        yield _finding(ctx, result, rules)


def _finding(ctx: ParseContext, result: dict[str, Any], rules: dict[str, dict[str, Any]]) -> Finding:
    if not isinstance(result, dict):
        raise ValueError("a SARIF result is not an object")
    rule_id = text(result.get("ruleId"))
    rule = rules.get(rule_id, {})
    props = rule.get("properties") or {}
    phys = ((result.get("locations") or [{}])[0] or {}).get("physicalLocation") or {}
    path = text((phys.get("artifactLocation") or {}).get("uri"))
    line = text((phys.get("region") or {}).get("startLine"))
    asset = ctx.asset(AssetType.CODE, {"scannerSource": path or "snyk-code", "origin": "snyk"}, placeholder=not path)
    level = text(result.get("level")) or text((rule.get("defaultConfiguration") or {}).get("level"))
    title = text((rule.get("shortDescription") or {}).get("text")) or text(rule.get("name")) or rule_id
    message = text((result.get("message") or {}).get("text"))
    result_props = result.get("properties") or {}
    return Finding(
        asset=asset,
        name=f"{title} ({rule_id})" if rule_id and title != rule_id else title or "Snyk Code issue",
        severity=_LEVELS.get(level.lower(), label(level)),
        description=message or title,
        remedy=text((rule.get("help") or {}).get("markdown"))[:4000] or "See the rule's help in Snyk Code",
        cwes=unique(cwe_id(c) for c in props.get("cwe") or []),
        location=f"{path}:{line}" if line else path,
        details={
            k: v
            for k, v in {
                "ruleId": rule_id,
                "priorityScore": result_props.get("priorityScore"),
                "isAutofixable": result_props.get("isAutofixable"),
                "precision": props.get("precision"),
                "fingerprint": text((result.get("fingerprints") or {}).get("0")),
            }.items()
            if v not in (None, "")
        },
    )
