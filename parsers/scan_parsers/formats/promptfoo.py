"""promptfoo evaluation results (LLM red-teaming and evals): the JSON of `promptfoo eval -o results.json`,
`promptfoo redteam run` and `promptfoo export <evalId>`: {evalId, results: {version (2, 3), timestamp, prompts,
results: [result], stats}, config, shareableUrl, metadata: {promptfooVersion, ...}}, where a result is {id,
success, score, failureReason (0 none, 1 assertion, 2 error), gradingResult: {pass, reason, componentResults},
provider: {id, label}, promptIdx, testIdx, testCase: {description, vars, metadata: {pluginId, severity,
harmCategory, goal}}, prompt: {raw}, response: {output}}. Older versions wrote the result list at `results`.

One finding per failed test: the target's response to a prompt failed its assertions (for a red-team plugin: the
target was manipulated). Passed tests, and tests that errored before they could be graded, are counted as skipped.
Severity is the red-team plugin's severity (testCase or grading metadata), medium when the test names none. The
asset is the target the prompts were sent to (the provider: a WEB asset when it is an HTTP endpoint, else CODE
named after the provider id); the plugin and test index locate the finding.
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
from ._scan_common import web_asset
from ._static_common import code_asset, drop_empty

_ERROR = 2


@register
class Promptfoo(ReportFormat):
    id = "promptfoo"
    scan_types = ("Promptfoo Scan",)
    aliases = ("promptfoo-redteam",)
    default_asset_type = AssetType.WEB
    recognises = "promptfoo eval JSON: {evalId, results: {results[] of {success, gradingResult, testCase}}, config}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("metadata.promptfooVersion"):
            return 0.9
        if sniff.has_paths("evalId", "results") and sniff.has_any_path(
            "results.results.item.gradingResult", "results.results.item.testCase", "results.prompts"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        block = doc.get("results") if isinstance(doc, dict) else None
        results = block.get("results") if isinstance(block, dict) else block
        if not isinstance(results, list):
            raise InvalidReport(f"{report.name}: no results.results list: not a promptfoo evaluation output")
        if isinstance(block, dict):
            ctx.meta.scan_date = parse_datetime(block.get("timestamp"))
        for result in results:
            if not isinstance(result, dict) or "success" not in result:
                raise InvalidReport(f"{report.name}: a result has no `success`: not a promptfoo evaluation result")
            if result.get("success") is True:
                ctx.skip("test passed")
            elif result.get("failureReason") == _ERROR:
                ctx.skip("test errored before it was graded")
            else:
                yield _finding(ctx, result)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _target(ctx: ParseContext, provider: Any) -> Asset:
    pid = text(provider.get("id") if isinstance(provider, dict) else provider)
    if pid.startswith(("http://", "https://")):
        return web_asset(ctx, "promptfoo", pid)
    return code_asset(ctx, pid, "promptfoo")


def _finding(ctx: ParseContext, result: dict[str, Any]) -> Finding:
    case = _obj(result.get("testCase"))
    meta = _obj(case.get("metadata"))
    grading = _obj(result.get("gradingResult"))
    components = [c for c in grading.get("componentResults") or [] if isinstance(c, dict)]
    severity = text(meta.get("severity")) or next(
        (
            text((c.get("metadata") or {}).get("severity"))
            for c in components
            if (c.get("metadata") or {}).get("severity")
        ),
        "",
    )
    plugin = text(meta.get("pluginId"))
    title = text(case.get("description")) or (
        f"{plugin}: {text(meta.get('harmCategory'))}".rstrip(": ") if plugin else ""
    )
    test = text(result.get("testIdx"))
    prompt = _obj(result.get("prompt"))
    response = _obj(result.get("response"))
    reason = text(grading.get("reason")) or text(result.get("error"))
    return Finding(
        asset=_target(ctx, result.get("provider")),
        name=title or f"promptfoo test {test} failed",
        severity=label(severity, Severity.MEDIUM) if severity else Severity.MEDIUM,
        description="\n\n".join(
            p
            for p in (
                text(meta.get("goal")),
                f"Grading: {reason}" if reason else "",
                f"Prompt: {text(prompt.get('raw'))[:500]}",
                f"Response: {text(response.get('output'))[:500]}",
            )
            if p
        ),
        remedy="Strengthen the target's guardrails or system prompt against this test, then re-run the evaluation.",
        location=f"{plugin or 'test'} #{test}.{text(result.get('promptIdx'))}" if test else plugin or None,
        details=drop_empty(
            {
                "plugin": plugin,
                "harmCategory": text(meta.get("harmCategory")),
                "score": result.get("score"),
                "resultId": text(result.get("id")),
                "vars": case.get("vars") or result.get("vars"),
            }
        ),
    )
