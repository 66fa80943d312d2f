"""AnchoreCTL policy evaluations: `anchorectl image check <image> --detail -o json`, in both layouts anchorectl has
written:

- anchorectl 1.x (Enterprise 4.x): a list of {digest, tag, status, finalAction, finalActionReason, lastEvaluation,
  policyId, detail: [trigger]};
- anchorectl 4.x and later (Enterprise 5.x, API v2): {imageDigest, evaluatedTag, policyId, evaluations:
  [{evaluationTime, status, finalAction, numberOfFindings, details: [trigger]}]}.

A trigger is {gate, triggerName, triggerId, description, status (the gate action: stop, warn, go), policyId,
imageId, tag, allowlisted?}. One finding per trigger; triggers are not merged (DefectDojo counts each). Severity is
the one the description starts with ("CRITICAL User root found ..."; the vulnerabilities gate writes "HIGH
Vulnerability found ..."), else the action: stop high, warn medium, go low. An allowlisted trigger is counted but
inactive. The asset is the CONTAINER image (tag and digest). An evaluation with no trigger (a pass) is counted as
skipped. The older anchore-cli evaluation table is the `anchore_enterprise` format.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._anchore_policy import Trigger, gate_finding, image_asset
from ._sca_common import parse_datetime, text

_TRIGGER_KEYS = ("gate", "triggerId", "triggerName")


@register
class AnchoreCtlPolicies(ReportFormat):
    id = "anchorectl_policies"
    scan_types = ("AnchoreCTL Policies Report",)
    aliases = ("anchorectl-policies", "anchorectl-image-check")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "anchorectl image check --detail -o json: [{digest, tag, finalAction, detail[] of {gate, triggerId}}] or"
        " {imageDigest, evaluatedTag, evaluations[] of {finalAction, details[]}}"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.json_root == "object":
            if sniff.has_paths("evaluatedTag", "evaluations") and sniff.has_any_path(
                "evaluations.item.finalAction", "evaluations.item.details", "imageDigest"
            ):
                return 0.9
            return 0.0
        if sniff.has_paths(*(f"item.detail.item.{k}" for k in _TRIGGER_KEYS)):
            return 0.9
        if sniff.has_paths("item.detail", "item.digest", "item.finalAction", "item.lastEvaluation"):
            return 0.8  # an evaluation that passed: no trigger
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if isinstance(data, dict):
            yield from _current(report, ctx, data)
        elif isinstance(data, list):
            for entry in data:
                if not isinstance(entry, dict) or not isinstance(entry.get("detail", []), list):
                    raise InvalidReport(f"{report.name}: an evaluation is not an object with a `detail` list")
                if "detail" not in entry and "digest" not in entry:
                    raise InvalidReport(f"{report.name}: an entry has neither `detail` nor `digest`")
                asset = image_asset(ctx, text(entry.get("tag")), text(entry.get("digest")), "anchorectl")
                _remember(ctx, entry.get("tag"), entry.get("lastEvaluation"))
                yield from _triggers(report, ctx, asset, entry.get("detail") or [])
        else:
            raise InvalidReport(f"{report.name}: not an anchorectl policy evaluation (a JSON object or list)")


def _current(report: ReportInput, ctx: ParseContext, data: dict[str, Any]) -> Iterator[Finding]:
    evaluations = data.get("evaluations")
    if not isinstance(evaluations, list):
        raise InvalidReport(f"{report.name}: no `evaluations` list: not an anchorectl policy evaluation")
    asset = image_asset(ctx, text(data.get("evaluatedTag")), text(data.get("imageDigest")), "anchorectl")
    for evaluation in evaluations:
        if not isinstance(evaluation, dict) or not isinstance(evaluation.get("details", []), list):
            raise InvalidReport(f"{report.name}: an evaluation is not an object with a `details` list")
        _remember(ctx, data.get("evaluatedTag"), evaluation.get("evaluationTime"))
        yield from _triggers(report, ctx, asset, evaluation.get("details") or [])


def _remember(ctx: ParseContext, tag: Any, when: Any) -> None:
    ctx.meta.target = ctx.meta.target or text(tag) or None
    ctx.meta.scan_date = ctx.meta.scan_date or parse_datetime(when)


def _triggers(report: ReportInput, ctx: ParseContext, asset: Any, details: list[Any]) -> Iterator[Finding]:
    if not details:
        ctx.skip("policy evaluation with no triggered gate")
    for item in details:
        if not isinstance(item, dict) or not any(item.get(k) for k in _TRIGGER_KEYS):
            raise InvalidReport(f"{report.name}: a trigger names no gate or trigger: not an anchorectl evaluation")
        yield gate_finding(
            asset,
            Trigger(
                gate=text(item.get("gate")),
                trigger=text(item.get("triggerName")),
                trigger_id=text(item.get("triggerId")),
                output=text(item.get("description")),
                action=text(item.get("status")),
                policy_id=text(item.get("policyId")),
                allowlisted=item.get("allowlisted") is True,
            ),
        )
