"""JFrog Xray on-demand binary scans from the JFrog CLI, both JSON layouts it writes:

- `jf scan --format json` / `jf docker scan --format json` / `jf audit --format json`: a list of Xray scan
  responses, each {scan_id, component_id, package_type, status, vulnerabilities: [{cves, summary, severity,
  components: {<component id>: {fixed_versions, impact_paths}}, issue_id, references, extended_information}],
  violations?, licenses?}. As DefectDojo counts them, one finding per vulnerability and affected component: a
  record repeating the same title (the summary's first line, without "Issue summary: ") for the same component
  name and version (in another scan of the list, or as another Xray issue) is the same finding. When a scan
  carries only `violations` (a scan with `--watches`), its security violations are read the same way; license and
  operational-risk violations are not vulnerabilities and are counted as skipped.
- `jf scan --format simple-json`: {vulnerabilities: [{issueId, summary, severity, impactedPackageName,
  impactedPackageVersion, impactedPackageType, fixedVersions, cves: [{id, cvssV3}], impactPaths, components}],
  securityViolations, licensesViolations, ...}: one finding per row (an issue of one impacted package).

The asset is the scanned artifact: a CONTAINER for `docker://` components, else a BUILD. Severity is Xray's word
(Unknown is info); the score the best CVSS v3 (else v2) of the issue's CVEs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
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
        if sniff.kind != "json":
            return 0.0
        if (
            sniff.json_root == "array"
            and sniff.has_paths("item.scan_id")
            and (sniff.has_any_path("item.vulnerabilities", "item.violations", "item.licenses", "item.component_id"))
        ):
            return 0.9
        if sniff.json_root == "object" and sniff.has_any_path(
            "vulnerabilities.item.impactedPackageName", "securityViolations.item.impactedPackageName"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if isinstance(data, dict) and any(k in data for k in _SIMPLE_LISTS):
            yield from _simple_json(data, ctx, report.name)
            return
        if not isinstance(data, list):
            raise InvalidReport(f"{report.name}: expected a JSON array of Xray scans (jf scan --format json)")
        seen: set[tuple[str, str, str]] = set()
        for scan in data:
            if not isinstance(scan, dict) or "scan_id" not in scan:
                raise InvalidReport(f"{report.name}: an entry of the scan list has no scan_id")
            asset = artifact_asset(ctx, text(scan.get("component_id")))
            records = scan.get("vulnerabilities")
            if records is None and scan.get("violations"):
                records = []
                for violation in scan["violations"]:
                    if text(violation.get("type")).lower() in ("security", ""):
                        records.append(violation)
                    else:
                        ctx.skip(f"{text(violation.get('type')).lower()} violation")
            if not records:
                ctx.skip("scan with no vulnerability")
            for vuln in records or []:
                components = vuln.get("components") or {}
                if not components:
                    ctx.skip("vulnerability without an affected component")
                for component, facts in components.items():
                    name, version = _dd_component(component)
                    key = (_clean_title(text(vuln.get("summary"))), name, version)
                    if key in seen:
                        ctx.skip("the same vulnerability of the same component again")
                        continue
                    seen.add(key)
                    yield _finding(asset, vuln, component, facts or {})


_SIMPLE_LISTS = ("vulnerabilities", "securityViolations")
_DD_COMPONENT = re.compile(r"([a-z]+://[a-z\d.:-]+):([a-z\d.:-]+)", re.I)


def _dd_component(component: str) -> tuple[str, str]:
    """The (name, version) DefectDojo tells components apart by: up to the last colon of the id."""
    m = _DD_COMPONENT.match(component)
    return (m.group(1), m.group(2)) if m else (component, "")


def _clean_title(summary: str) -> str:
    if summary.startswith("Issue summary: "):
        summary = summary[len("Issue summary: ") :]
    return summary.split("\n", 1)[0]


def _simple_json(data: dict[str, Any], ctx: ParseContext, name: str) -> Iterator[Finding]:
    asset = artifact_asset(ctx, "")
    rows = 0
    for key in _SIMPLE_LISTS:
        for row in data.get(key) or []:
            if not isinstance(row, dict) or not ("impactedPackageName" in row or "issueId" in row):
                raise InvalidReport(f"{name}: a `{key}` row has neither impactedPackageName nor issueId")
            rows += 1
            component = (
                f"{text(row.get('impactedPackageType')).lower()}://"
                f"{text(row.get('impactedPackageName'))}:{text(row.get('impactedPackageVersion'))}"
            )
            cves = [
                {"cve": c.get("id"), "cvss_v3_score": c.get("cvssV3"), "cvss_v2_score": c.get("cvssV2")}
                for c in row.get("cves") or []
                if isinstance(c, dict)
            ]
            vuln = {
                "cves": cves,
                "summary": row.get("summary"),
                "severity": row.get("severity"),
                "issue_id": row.get("issueId"),
                "references": row.get("references"),
            }
            yield _finding(asset, vuln, component, {"fixed_versions": row.get("fixedVersions")})
    for key in ("licensesViolations", "operationalRiskViolations", "licenses"):
        if data.get(key):
            ctx.skip(f"{key} rows (not vulnerabilities)", len(data[key]))
    if not rows:
        ctx.skip("scan with no vulnerability")


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
