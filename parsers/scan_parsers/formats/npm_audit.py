"""`npm audit --json` of npm 6 and earlier: `advisories` keyed by advisory id, with `actions`, `muted`, `metadata`.

One finding per advisory (DefectDojo keys them by id and module); npm 7+ reports (`auditReportVersion`) belong to
the npm_audit_7_plus format and are refused here with a pointer to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..readers import iter_json_members
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import leading_members
from ._npm_advisory import advisory_finding
from ._sca_common import text

#: A key path "advisories.<id>.<field>" as the sniff records it.
_ADVISORY_FIELD = re.compile(r"^advisories\.[^.]+\.(\w+)$")


def advisory_fields(s: Sniff) -> set[str]:
    return {m.group(1) for p in s.json_paths if (m := _ADVISORY_FIELD.match(p))}


def looks_like_yarn_registry_audit(s: Sniff) -> bool:
    """yarn 1 with the bulk-advisory registry writes the npm 6 shape, but with GitHub ids and no runId."""
    return "runId" not in s.json_top_keys and bool({"github_advisory_id", "npm_advisory_id"} & advisory_fields(s))


@register
class NpmAudit(ReportFormat):
    id = "npm_audit"
    scan_types = ("NPM Audit Scan",)
    aliases = ("npm-audit", "npm6-audit")
    default_asset_type = AssetType.BUILD
    phoenix_scan_type = "NPM Audit Scan"
    recognises = "npm 6 `npm audit --json`: advisories{id: {module_name, findings, severity}}, actions, muted"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        if {"advisories", "actions", "muted", "metadata"} <= keys:
            if looks_like_yarn_registry_audit(sniff):
                return 0.6
            return 0.9 if "runId" in keys else 0.8
        if keys == {"error"} and sniff.has_paths("error.code", "error.summary"):
            return 0.6  # what npm writes when the audit itself failed (ENOAUDIT, ...)
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.json_root != "object":
            raise ValueError("expected a JSON object with `advisories`")
        if "auditReportVersion" in head.json_top_keys:
            raise ValueError("this is an npm 7+ report (auditReportVersion); import it as npm_audit_7_plus")
        if "error" in head.json_top_keys and "advisories" not in head.json_top_keys:
            error = leading_members(report, ()).get("error") or {}
            raise ValueError(f"npm audit failed: {text(error.get('code'))} {text(error.get('summary'))}".strip())
        if "advisories" not in head.json_top_keys:
            raise ValueError("no `advisories` object: this is not an npm audit report")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "package-lock.json", "origin": "npm"}, placeholder=True)
        seen: set[tuple[str, str]] = set()
        for _key, adv in iter_json_members(report, "advisories"):
            identity = (text(adv.get("id")), text(adv.get("module_name")))
            if identity in seen:
                continue
            seen.add(identity)
            yield advisory_finding(asset, adv)
