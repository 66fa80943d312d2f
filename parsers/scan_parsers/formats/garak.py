"""garak (NVIDIA's LLM vulnerability scanner) JSON Lines output, both files a run writes:

- the hit log `garak.<run>.hitlog.jsonl`: one line per hit, {goal, prompt (a conversation {turns: [{role,
  content: {text}}]} or, before 0.11, a string), output ({text} or a string), triggers, score, run_id, attempt_id,
  attempt_seq, attempt_idx, generator, probe, detector, generations_per_prompt};
- the report `garak.<run>.report.jsonl`: lines with an `entry_type` ("start_run setup", "init", "config",
  "attempt" {status, probe_classname, prompt, outputs, detector_results: {detector: [score per output]}}, "eval"
  {probe, detector, passed, total}, "completed", "digest").

One finding per hit: a detector found the model's output to a probe's prompt harmful. In a report, an evaluated
attempt (status 2) is a hit for each detector and output scoring 0.5 or more (garak's default threshold); the other
entries (setup, config, evaluation totals, attempts that passed) are counted as skipped. Severity is from the
detector score (0-1, read as a tenth of a CVSS score: 0.95 critical, 0.8 high, 0.5 medium, 0.3 low). The asset is the
model under test (the generator, e.g. "huggingface gpt2") as CODE; the probe, detector and prompt index locate the
hit. Prompt and output text are kept short in the description.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json_lines
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text, unique
from ._static_common import code_asset, drop_empty

_HIT_KEYS = ("probe", "detector", "score")
_THRESHOLD = 0.5
_EVALUATED = 2


@register
class Garak(ReportFormat):
    id = "garak"
    scan_types = ("Garak Scan",)
    aliases = ("garak-hitlog",)
    default_asset_type = AssetType.CODE
    recognises = "garak JSON Lines: hitlog {goal, prompt, output, probe, detector, score} or report {entry_type}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("json", "jsonl") or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths(*_HIT_KEYS, "attempt_id") and sniff.has_any_path("goal", "triggers", "generator"):
            return 0.9
        # the report starts with garak's own setup entry
        if sniff.json_string("entry_type") in ("start_run setup", "init") and sniff.has_any_path(
            "run_id", "garak_version"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for records, doc in enumerate(iter_json_lines(report), 1):
            if not isinstance(doc, dict):
                raise InvalidReport(f"{report.name}: line {records} is not a JSON object: not a garak log")
            kind = text(doc.get("entry_type"))
            if not kind:
                if not all(k in doc for k in ("probe", "detector")):
                    raise InvalidReport(f"{report.name}: line {records} has neither entry_type nor probe and detector")
                yield _hit(ctx, doc, text(doc.get("detector")), doc.get("score"), doc.get("output"))
            elif kind == "attempt":
                yield from _attempt(ctx, doc)
            else:
                ctx.skip(f"garak {kind} entry")


def _attempt(ctx: ParseContext, doc: dict[str, Any]) -> Iterator[Finding]:
    results = doc.get("detector_results") if isinstance(doc.get("detector_results"), dict) else {}
    if doc.get("status") != _EVALUATED or not results:
        ctx.skip("attempt not yet evaluated")
        return
    outputs = doc.get("outputs") or []
    hits = 0
    for detector, scores in results.items():
        for i, score in enumerate(scores if isinstance(scores, list) else [scores]):
            if isinstance(score, int | float) and score >= _THRESHOLD:
                hits += 1
                output = outputs[i] if isinstance(outputs, list) and i < len(outputs) else None
                yield _hit(ctx, {**doc, "probe": doc.get("probe_classname")}, text(detector), score, output, index=i)
    if not hits:
        ctx.skip("attempt that passed every detector")


def _text(value: Any) -> str:
    """A prompt or output: a string, {text}, or a conversation {turns: [{role, content: {text}}]} (its last turn)."""
    if isinstance(value, dict):
        turns = value.get("turns")
        if isinstance(turns, list) and turns:
            last = turns[-1] if isinstance(turns[-1], dict) else {}
            return _text(last.get("content"))
        return text(value.get("text"))
    return text(value) if isinstance(value, str) else ""


def _hit(ctx: ParseContext, doc: dict[str, Any], detector: str, score: Any, output: Any, *, index: int = 0) -> Finding:
    probe = text(doc.get("probe"))
    value = float(score) if isinstance(score, int | float) else None
    goal = text(doc.get("goal"))
    seq, idx = text(doc.get("attempt_seq")), text(doc.get("attempt_idx")) or str(index)
    prompt, answer = _text(doc.get("prompt"))[:500], _text(output)[:500]
    return Finding(
        asset=code_asset(ctx, text(doc.get("generator")), "garak"),
        name=f"{probe}: {goal}" if goal else f"{probe} hit by {detector}",
        severity=from_cvss(value * 10 if value is not None else 5.0),
        description=f"Probe {probe} ({goal or 'no goal given'}); detector {detector} scored {score}.\n\n"
        f"Prompt: {prompt}\n\nOutput: {answer}",
        remedy="Harden the model or its guardrails against this probe, then re-run garak.",
        score=value * 10 if value is not None else None,
        location=f"{probe} / {detector} #{seq}.{idx}" if seq else f"{probe} / {detector}",
        details=drop_empty(
            {
                "probe": probe,
                "detector": detector,
                "triggers": unique(doc.get("triggers") or []),
                "runId": text(doc.get("run_id")),
                "attemptId": text(doc.get("attempt_id") or doc.get("uuid")),
            }
        ),
    )
