"""Anchore Enterprise / Anchore Engine policy evaluations with their detail, as anchore-cli writes them:
`anchore-cli --json evaluate check <image> --detail` (and the API's `GET /images/{digest}/check?detail=true` it
prints). The document is a list of {<image digest>: {<tag>: [evaluation]}}; each evaluation is
{status, last_evaluation, policyId, detail: {policy, result: {image_digest, tag, final_action, result:
{<image id>: {result: {header: [Image_Id, Repo_Tag, Trigger_Id, Gate, Trigger, Check_Output, Gate_Action,
Whitelisted, Policy_Id], rows: [[...]]}}, policy_data, whitelist_data, ...}}}}.

One finding per row of the evaluation table: one gate trigger that fired for the image. Rows are not merged (the
same vulnerability trigger in two jars is two rows, as DefectDojo counts). A whitelisted row is still counted but
inactive (`details["status"] = "allowlisted"`). Severity is the one the check output starts with (the
vulnerabilities gate writes "MEDIUM Vulnerability found ..."), else the gate action: stop high, warn medium,
go low. The asset is the CONTAINER image (tag and digest). An evaluation without its detail (no `--detail`) holds
no rows and is counted as skipped. anchorectl's policy output is the `anchorectl_policies` format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._anchore_policy import Trigger, gate_finding, image_asset
from ._sca_common import parse_datetime, text

_DIGEST_KEY = re.compile(r"^item\.sha256:[0-9a-f]{64}$")
_EVALUATION_KEYS = (".item.detail", ".item.policyId", ".item.last_evaluation")


@register
class AnchoreEnterprise(ReportFormat):
    id = "anchore_enterprise"
    scan_types = ("Anchore Enterprise Policy Check",)
    aliases = ("anchore-policy-check", "anchore-cli-evaluate")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "anchore-cli --json evaluate check --detail: [{<sha256 digest>: {<tag>: [{status, policyId, detail:"
        " {result: {result: {<image id>: {result: {header, rows}}}}}}]}}]"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if not any(_DIGEST_KEY.match(p) for p in sniff.json_paths):
            return 0.0
        # A tag with many dots puts the evaluation's own keys beyond the sniff's key depth: a list of objects keyed
        # by image digest is already Anchore's shape.
        return 0.9 if any(p.endswith(_EVALUATION_KEYS) for p in sniff.json_paths) else 0.7

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if not isinstance(data, list):
            raise InvalidReport(f"{report.name}: not an anchore-cli policy evaluation (expected a JSON list)")
        for entry in data:
            if not isinstance(entry, dict):
                raise InvalidReport(f"{report.name}: an entry is not a {{digest: {{tag: [evaluation]}}}} object")
            for digest, tags in entry.items():
                if not isinstance(tags, dict):
                    if not str(digest).startswith("sha256:"):
                        continue  # a member a newer anchore-cli may add beside the image digests
                    raise InvalidReport(f"{report.name}: image {digest} maps to no tags: not an anchore-cli evaluation")
                for tag, evaluations in tags.items():
                    if not isinstance(evaluations, list):
                        raise InvalidReport(f"{report.name}: tag {tag} has no list of evaluations")
                    for evaluation in evaluations:
                        yield from _evaluation(report, ctx, text(digest), text(tag), evaluation)


def _evaluation(report: ReportInput, ctx: ParseContext, digest: str, tag: str, evaluation: Any) -> Iterator[Finding]:
    if not isinstance(evaluation, dict) or not ({"status", "detail"} & evaluation.keys()):
        raise InvalidReport(f"{report.name}: an evaluation of {tag} is not an anchore-cli evaluation object")
    ctx.meta.scan_date = ctx.meta.scan_date or parse_datetime(evaluation.get("last_evaluation"))
    detail = evaluation.get("detail")
    if detail is None:
        ctx.skip("evaluation without its detail (anchore-cli evaluate check without --detail)")
        return
    result = detail.get("result") if isinstance(detail, dict) else None
    tables = result.get("result") if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(tables, dict):
        raise InvalidReport(f"{report.name}: an evaluation of {tag} has no detail.result.result table")
    tag = text(result.get("tag")) or tag
    ctx.meta.target = ctx.meta.target or tag
    asset = image_asset(ctx, tag, text(result.get("image_digest")) or digest, "anchore")
    found = False
    for key, table in tables.items():
        if not isinstance(table, dict) or "result" not in table:
            continue  # policy_data, policy_name, whitelist_data, whitelist_names: the policy, not results
        found = True
        body = table["result"]
        if not isinstance(body, dict) or not isinstance(body.get("header"), list):
            raise InvalidReport(f"{report.name}: the evaluation table of image {key} has no header")
        header = [text(h) for h in body["header"]]
        if not {"Gate", "Trigger"} <= set(header):
            raise InvalidReport(f"{report.name}: the evaluation table of image {key} has no Gate and Trigger columns")
        for row in body.get("rows") or []:
            if not isinstance(row, list):
                raise InvalidReport(f"{report.name}: a row of the evaluation table of image {key} is not a list")
            yield _finding(asset, dict(zip(header, row, strict=False)))
    if not found:
        raise InvalidReport(f"{report.name}: the evaluation of {tag} holds no result table")


def _finding(asset: Asset, row: dict[str, Any]) -> Finding:
    return gate_finding(
        asset,
        Trigger(
            gate=text(row.get("Gate")),
            trigger=text(row.get("Trigger")),
            trigger_id=text(row.get("Trigger_Id")),
            output=text(row.get("Check_Output")),
            action=text(row.get("Gate_Action")),
            policy_id=text(row.get("Policy_Id")),
            allowlisted=row.get("Whitelisted") not in (None, False, "false", "False", ""),
        ),
    )
