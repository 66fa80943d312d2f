"""JFrog Xray on-demand binary scan (`jf scan --format json` / `jf docker scan`): a list of scans, each
{scan_id, component_id, package_type, vulnerabilities: [{cves, summary, severity, components: {<component id>:
{fixed_versions, impact_paths}}, issue_id, references}]}. One finding per vulnerability and affected component.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._jfrog import artifact_asset, cve_facts, fixed_versions, severity, split_component
from ._sca_common import remedy, text, unique


@register
class JFrogXrayOnDemandBinaryScan(ReportFormat):
    id = "jfrog_xray_on_demand_binary_scan"
    scan_types = ("JFrog Xray On Demand Binary Scan",)
    aliases = ("jf-scan", "xray-on-demand")
    default_asset_type = AssetType.CONTAINER
    recognises = "JFrog CLI scan JSON: array of {scan_id, component_id, vulnerabilities[] with components}"

    def detect(self, sniff: Sniff) -> float:
        if (
            sniff.kind == "json"
            and sniff.json_root == "array"
            and sniff.has_paths("item.scan_id")
            and (sniff.has_any_path("item.vulnerabilities", "item.violations", "item.licenses", "item.component_id"))
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if not isinstance(data, list):
            raise ValueError("expected a JSON array of scans")
        for scan in data:
            if not isinstance(scan, dict) or "scan_id" not in scan:
                raise ValueError("array entries need a scan_id")
            asset = artifact_asset(ctx, text(scan.get("component_id")))
            if not scan.get("vulnerabilities"):
                ctx.skip("scanned component with no vulnerability")
            for vuln in scan.get("vulnerabilities") or []:
                for component, facts in (vuln.get("components") or {}).items():
                    yield _finding(asset, vuln, component, facts or {})


def _finding(asset: Asset, vuln: dict[str, Any], component: str, facts: dict[str, Any]) -> Finding:
    cves, cwes, score = cve_facts(vuln.get("cves"))
    kind, pkg, version = split_component(component)
    fixed = fixed_versions(facts.get("fixed_versions"))
    issue = text(vuln.get("issue_id"))
    summary = text(vuln.get("summary"))
    name = cves[0] if cves else issue or summary[:120] or "JFrog Xray issue"
    return Finding(
        asset=asset,
        name=name,
        severity=severity(vuln.get("severity")),
        description=summary or name,
        remedy=remedy(pkg, version, fixed),
        score=score,
        reference_ids=unique([*cves, issue]),
        cwes=cwes,
        location=component,
        package=Package(pkg, version or None, fixed, None, kind or None),
        details={k: v for k, v in {"issueId": issue, "references": (vuln.get("references") or [])[:5]}.items() if v},
    )
