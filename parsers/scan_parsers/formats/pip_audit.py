"""pip-audit JSON (`pip-audit -f json`), both layouts it has written: a top-level array of {name, version, vulns[]}
(pip-audit 1.x and 2.0-2.4) and {dependencies: [{name, version, vulns[]}], fixes: [...]} (2.5 and later; `fixes`
lists what `--fix` changed). A vulnerability is {id, fix_versions, aliases, description} (`description` only with
`--desc`).

One finding per vulnerability of each dependency. pip-audit reports no severity: medium (Phoenix's value for an
unknown label). The asset is the BUILD requirements (pip-audit does not name the file it audited). Not findings,
counted as skipped: dependencies with no vulnerability and dependencies pip-audit skipped (`skip_reason`: not on
PyPI, editable, ...). `fixes` entries are remediation records, not findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cves_in, remedy, split_versions, text, unique


@register
class PipAudit(ReportFormat):
    id = "pip_audit"
    scan_types = ("pip-audit Scan",)
    aliases = ("pip-audit", "pipaudit")
    default_asset_type = AssetType.BUILD
    recognises = "pip-audit --format json: [{name, version, vulns: [{id, fix_versions, aliases}]}] or {dependencies}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        prefix = "item" if sniff.json_root == "array" else "dependencies.item"
        if not sniff.has_paths(f"{prefix}.name") or not sniff.has_any_path(f"{prefix}.vulns", f"{prefix}.skip_reason"):
            return 0.0
        if sniff.has_any_path(f"{prefix}.vulns.item.fix_versions", f"{prefix}.skip_reason", "fixes"):
            return 0.9
        # a clean audit: names, versions and empty vulns lists only
        return 0.8 if sniff.json_root == "array" or "dependencies" in sniff.json_top_keys else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json":
            raise ValueError("expected a JSON document")
        if head.json_root == "object" and "dependencies" not in head.json_top_keys:
            raise ValueError("a JSON object without `dependencies` is not a pip-audit report")
        prefix = "item" if head.json_root == "array" else "dependencies.item"
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "requirements.txt", "origin": "pip"}, placeholder=True)
        for dep in iter_json(report, prefix):
            if not isinstance(dep, dict) or "name" not in dep:
                raise ValueError("a dependency entry has no `name`")
            vulns = dep.get("vulns") or []
            for vuln in vulns:
                if not isinstance(vuln, dict):
                    raise ValueError(f"a vulnerability of {dep['name']} is not an object")
                yield _finding(asset, dep, vuln)
            if not vulns:
                ctx.skip(
                    "dependency skipped by pip-audit" if dep.get("skip_reason") else "dependency with no vulnerability"
                )


def _finding(asset: Asset, dep: dict[str, Any], vuln: dict[str, Any]) -> Finding:
    name, version = text(dep.get("name")), text(dep.get("version"))
    vid = text(vuln.get("id"))
    fixed = split_versions(vuln.get("fix_versions"))
    description = text(vuln.get("description"))
    aliases = vuln.get("aliases") or []
    return Finding(
        asset=asset,
        name=f"{vid}: {name}@{version}" if vid else f"Vulnerability in {name}@{version}",
        # pip-audit reports no severity at all; medium is Phoenix's "unknown label" value.
        severity=Severity.MEDIUM,
        description=description or f"{vid} affects {name} {version}.",
        remedy=remedy(name, version, fixed),
        reference_ids=unique([vid, *aliases, *cves_in(description)]),
        location=f"{name}@{version}",
        package=Package(
            name, version or None, fixed, f"pkg:pypi/{name.lower()}@{version}" if version else None, "pypi"
        ),
        details={"id": vid, "aliases": aliases} if aliases else {"id": vid},
    )
