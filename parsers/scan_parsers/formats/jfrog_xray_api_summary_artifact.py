"""JFrog Xray REST API `POST /api/v1/summary/artifact` (and `summary/build`) response: {artifacts: [{general:
{name, component_id, pkg_type, path, sha256}, issues: [{issue_id, summary, description, issue_type, severity,
provider, cves: [{cve, cwe, cvss_v2, cvss_v3}], created, impact_path}], licenses: [...]}], errors?}. One finding per
issue of an artifact, as DefectDojo counts them. The asset is the artifact (CONTAINER for docker packages, else
BUILD). Severity is Xray's (Unknown is info). Licenses are not findings; artifacts without issues are counted as
skipped.
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
from ._jfrog import cve_facts, severity
from ._sca_common import container_attributes, parse_datetime, text, unique


@register
class JFrogXrayApiSummaryArtifact(ReportFormat):
    id = "jfrog_xray_api_summary_artifact"
    scan_types = ("JFrog Xray API Summary Artifact Scan",)
    aliases = ("xray-summary", "xray-api")
    default_asset_type = AssetType.CONTAINER
    recognises = "JFrog Xray summary/artifact API JSON: artifacts[] of {general, issues, licenses}"

    def detect(self, sniff: Sniff) -> float:
        if (
            sniff.kind == "json"
            and sniff.has_paths("artifacts.item.general")
            and sniff.has_any_path("artifacts.item.issues", "artifacts.item.licenses")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = False
        for artifact in iter_json(report, "artifacts.item"):
            seen = True
            general = artifact.get("general") or {}
            asset = _asset(ctx, general)
            issues = artifact.get("issues") or []
            for issue in issues:
                yield _finding(asset, issue, general)
            if not issues:
                ctx.skip("artifact without issues")
        if not seen:
            require_list_member(report, ("artifacts",), "a JFrog Xray summary/artifact response")


def _asset(ctx: ParseContext, general: dict[str, Any]) -> Any:
    name = text(general.get("name")) or text(general.get("component_id"))
    digest = text(general.get("sha256"))
    if text(general.get("pkg_type")).lower() == "docker":
        return ctx.asset(
            AssetType.CONTAINER,
            container_attributes(name or "unknown-image", f"sha256:{digest}" if digest else None, "jfrog-xray"),
            placeholder=not name,
        )
    build_file = text(general.get("path")) or name
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": build_file or "jfrog-xray-artifact", "origin": "jfrog-xray"},
        placeholder=not build_file,
    )


def _finding(asset: Any, issue: dict[str, Any], general: dict[str, Any]) -> Finding:
    cves, cwes, score = cve_facts(issue.get("cves"))
    issue_id = text(issue.get("issue_id"))
    summary = text(issue.get("summary"))
    paths = [text(p) for p in issue.get("impact_path") or [] if p]
    # the impacted component is the last segment of an impact path: ".../3.12:busybox:1.31.1-r20"
    component = paths[0].rsplit("/", 1)[-1] if paths else ""
    bits = component.split(":")
    pkg, version = (bits[-2], bits[-1]) if len(bits) >= 2 else (component, "")
    name = cves[0] if cves else issue_id or summary[:120] or "JFrog Xray issue"
    return Finding(
        asset=asset,
        name=name,
        severity=severity(issue.get("severity")),
        description=text(issue.get("description")) or summary or name,
        remedy="Update the affected component to a version without this issue (Xray gives no fixed version here).",
        score=score,
        reference_ids=unique([*cves, issue_id]),
        cwes=cwes,
        location=paths[0] if paths else text(general.get("path")) or None,
        package=Package(pkg, version or None) if pkg else None,
        published=parse_datetime(issue.get("created")),
        details={
            k: v
            for k, v in {
                "summary": summary,
                "issueId": issue_id,
                "issueType": issue.get("issue_type"),
                "provider": issue.get("provider"),
                "impactPaths": paths[:5],
            }.items()
            if v
        },
    )
