"""`pnpm audit --json` (pnpm 6 to 10): the npm registry's bulk audit report as pnpm prints it.

Layout: a root object with `advisories` keyed by advisory id, each {id, title, module_name, vulnerable_versions,
patched_versions, severity, cwe, cves, github_advisory_id, url, overview, recommendation, findings[] of {version,
paths[]}}, and `metadata` {vulnerabilities {info..critical}, dependencies, ...}; some pnpm versions also write the
npm 6 members `actions` and `muted`. Dependency paths start with the workspace importer (".>axios" for the root
project, "packages/web>lodash" in a workspace), which is what tells pnpm output from npm 6 output.

One finding per advisory and module, as npm 6 (same advisory record, read by the shared npm advisory mapping);
severity is the advisory's (moderate = medium). The asset is the pnpm lockfile (BUILD placeholder: the report does
not name the project). An `advisories` object with no members is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json_members
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._npm_advisory import advisory_finding
from ._sca_common import text


@register
class PnpmAudit(ReportFormat):
    id = "pnpm_audit"
    scan_types = ("pnpm Audit Scan",)
    aliases = ("pnpm-audit", "pnpm")
    default_asset_type = AssetType.BUILD
    recognises = "pnpm audit --json: advisories{id: {module_name, findings[{paths: ['.>pkg']}]}} and metadata"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "runId" in sniff.json_top_keys:
            return 0.0
        keys = set(sniff.json_top_keys)
        if not {"advisories", "metadata"} <= keys:
            return 0.0
        if sniff.contains('".>') or sniff.contains('"paths": [".>'):
            return 0.9  # the root importer "." opens every pnpm dependency path
        if keys <= {"advisories", "metadata"}:
            # npm 6 always writes actions and muted; yarn's registry shape too. Without them: pnpm, or a clean scan.
            return 0.7 if sniff.has_any_path("metadata.vulnerabilities", "metadata.totalDependencies") else 0.3
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" or head.json_root != "object" or "advisories" not in head.json_top_keys:
            raise InvalidReport(f"{report.name}: no `advisories` object: not a pnpm audit report")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "pnpm-lock.yaml", "origin": "pnpm"}, placeholder=True)
        ctx.meta.scanner = "pnpm audit"
        seen: set[tuple[str, str]] = set()
        for _key, adv in iter_json_members(report, "advisories"):
            if not isinstance(adv, dict) or not adv.get("module_name"):
                raise InvalidReport(f"{report.name}: an advisory without module_name: not a pnpm audit report")
            identity = (text(adv.get("id")), text(adv.get("module_name")))
            if identity in seen:
                ctx.skip("duplicate advisory")
                continue
            seen.add(identity)
            yield advisory_finding(asset, adv)
