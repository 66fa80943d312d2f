"""Legitify (Legit Security, GitHub / GitLab posture scanner) JSON, `legitify analyze -f json` (0.1.x-1.x): {type
("flattened", or a grouping scheme such as "group-by-namespace" / "group-by-resource" / "group-by-severity"),
content}. In the flattened scheme content maps each policy's fully qualified name to {policyInfo{title,
description, policyName, severity, threat[], remediationSteps[], namespace}, violations[] of {violationEntityType,
canonicalLink, aux, status}}; the grouping schemes nest the same policy entries one level deeper.

Every policy is listed for every entity checked, passed or not. Counting rule: one finding per violation with
status FAILED; PASSED, SKIPPED and ERROR violations are counted with ctx.skip. Severity: the policy's
(CRITICAL / HIGH / MEDIUM / LOW). Asset: the repository (or organization / member) the violation names by its
canonical link (REPOSITORY).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import repository_asset


@register
class Legitify(ReportFormat):
    id = "legitify"
    scan_types = ("Legitify Scan",)
    aliases = ("legitify",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "legitify analyze -f json: {type, content{<policy>: {policyInfo, violations[]}}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object" or not sniff.has_paths("type", "content"):
            return 0.0
        if any(p.endswith(".policyInfo.fullyQualifiedPolicyName") for p in sniff.json_paths):
            return 0.95
        if any(p.endswith(".violations.item.violationEntityType") for p in sniff.json_paths):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict) or not isinstance(doc.get("content"), dict | None):
            raise InvalidReport(f"{report.name}: no `content` object: not a Legitify JSON report")
        if "type" not in doc:
            raise InvalidReport(f"{report.name}: no `type` (output scheme): not a Legitify JSON report")
        for entry in _policies(doc.get("content") or {}, 0):
            info = entry.get("policyInfo") or {}
            for violation in entry.get("violations") or []:
                status = text(violation.get("status")).upper() if isinstance(violation, dict) else ""
                if status != "FAILED":
                    ctx.skip(f"status {status.lower() or 'missing'}")
                    continue
                yield _finding(ctx, info, violation)


def _policies(content: dict[str, Any], depth: int) -> Iterator[dict[str, Any]]:
    """The policy entries of any output scheme: flattened ones at the top, grouped ones a level (or two) down."""
    for value in content.values():
        if not isinstance(value, dict):
            continue
        if "policyInfo" in value or "violations" in value:
            yield value
        elif depth < 2:
            yield from _policies(value, depth + 1)


def _finding(ctx: ParseContext, info: dict[str, Any], violation: dict[str, Any]) -> Finding:
    link = text(violation.get("canonicalLink"))
    steps = [text(s) for s in info.get("remediationSteps") or [] if text(s)]
    threats = [text(t) for t in info.get("threat") or [] if text(t)]
    policy = text(info.get("fullyQualifiedPolicyName")) or text(info.get("policyName"))
    return Finding(
        asset=repository_asset(ctx, link, "legitify"),
        name=text(info.get("title")) or policy,
        severity=label(info.get("severity")),
        description="\n\n".join(p for p in (text(info.get("description")), *threats) if p),
        remedy="\n".join(steps),
        location=link or None,
        details={
            k: v
            for k, v in {
                "policy": policy,
                "namespace": text(info.get("namespace")),
                "entityType": text(violation.get("violationEntityType")),
            }.items()
            if v
        },
    )
