"""JFrog Xray Unified (Xray 3.x and later) vulnerability report, as the Reports page exports it as JSON and the
reports API (`/xray/api/v1/reports/vulnerabilities/{id}`) returns it: {total_rows, rows: [{cves: [{cve,
cvss_v2_score, cvss_v3_score, cwe}], cvss2_max_score, cvss3_max_score, severity, summary, vulnerable_component,
impacted_artifact, impact_path, path, fixed_versions, published, issue_id, package_type, provider, references}]}.
One finding per row (a vulnerability of a component in one impacted artifact), as DefectDojo counts them; streamed.
The asset is the impacted artifact (CONTAINER for docker://, else BUILD). Severity is Xray's (Unknown is info).
An export with no rows is a clean report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._jfrog import artifact_asset, cve_facts, fixed_versions, severity, split_component
from ._sca_common import cvss_score, parse_datetime, remedy, text, unique


@register
class JFrogXrayUnified(ReportFormat):
    id = "jfrog_xray_unified"
    scan_types = ("JFrog Xray Unified Scan",)
    aliases = ("xray", "xray-unified", "jfrog")
    default_asset_type = AssetType.CONTAINER
    recognises = "JFrog Xray Unified report JSON: total_rows and rows[] of {vulnerable_component, impacted_artifact}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.has_paths("rows.item.vulnerable_component", "rows.item.impacted_artifact"):
            return 0.9
        if set(sniff.json_top_keys) == {"total_rows", "rows"}:
            return 0.6  # an empty export
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen_rows = False
        for row in iter_json(report, "rows.item"):
            seen_rows = True
            if not isinstance(row, dict):
                raise ValueError("an entry of `rows` is not an object")
            yield _finding(ctx, row)
        if not seen_rows:
            require_list_member(report, ("rows",), "a JFrog Xray Unified report")


def _finding(ctx: ParseContext, row: dict[str, Any]) -> Finding:
    component = text(row.get("vulnerable_component"))
    kind, pkg, version = split_component(component)
    fixed = fixed_versions(row.get("fixed_versions"))
    cves, cwes, score = cve_facts(row.get("cves"))
    score = score or cvss_score(row.get("cvss3_max_score")) or cvss_score(row.get("cvss2_max_score"))
    issue = text(row.get("issue_id"))
    asset = artifact_asset(ctx, text(row.get("impacted_artifact")), text(row.get("path")))
    summary = text(row.get("summary"))
    name = cves[0] if cves else issue or summary[:120] or f"Issue in {component}"
    return Finding(
        asset=asset,
        name=name,
        severity=severity(row.get("severity")),
        description=text(row.get("description")) or summary or name,
        remedy=remedy(pkg, version, fixed),
        score=score,
        reference_ids=unique([*cves, issue]),
        cwes=cwes,
        location=text(row.get("component_physical_path")) or component or None,
        package=Package(pkg, version or None, fixed, None, text(row.get("package_type")) or kind or None),
        published=parse_datetime(row.get("published")),
        details={
            k: v
            for k, v in {
                "summary": summary,
                "issueId": issue,
                "provider": row.get("provider"),
                "impactPath": (row.get("impact_path") or [])[:5],
                "references": (row.get("references") or [])[:5],
                "externalAdvisory": row.get("external_advisory_severity"),
                "applicability": row.get("applicability_result"),
            }.items()
            if v
        },
    )
