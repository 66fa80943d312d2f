"""JFrog Xray (legacy, Xray 1.x/2.x) violation/issue export, the JSON the UI's "Export" and the v1 component
issues API wrote: {total_count, data: [{id, severity, summary, issue_type, provider, component, source_comp_id,
component_versions: {id, vulnerable_versions, fixed_versions, more_details: {cves: [{cve, cwe, cvss_v2, cvss_v3}],
description, provider}}, edited}]}. One finding per entry; as DefectDojo counts them, entries repeating the same
(id, summary, provider, source component, first CVE) are one finding. Severity is Xray's (Unknown is info).

The export does not name the scanned artifact, so the findings hang on one BUILD asset named after the report
file (flagged as a placeholder identity).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._jfrog import cve_facts, severity, split_component
from ._sca_common import parse_datetime, remedy, text, unique

_VERSION_OP = re.compile(r"^[\s<>=≥≤!~^]+")


@register
class JFrogXray(ReportFormat):
    id = "jfrogxray"
    scan_types = ("JFrog Xray Scan",)
    aliases = ("xray-legacy", "jfrog-xray")
    default_asset_type = AssetType.BUILD
    recognises = "JFrog Xray JSON export: total_count and data[] of {component, source_comp_id, component_versions}"

    def detect(self, sniff: Sniff) -> float:
        if (
            sniff.kind == "json"
            and sniff.has_paths("data.item.component_versions")
            and sniff.has_any_path("data.item.source_comp_id", "data.item.issue_type", "total_count")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = ctx.asset(AssetType.BUILD, {"buildFile": report.inner_name, "origin": "jfrog-xray"}, placeholder=True)
        seen = False
        keys: set[tuple[str, ...]] = set()
        for item in iter_json(report, "data.item"):
            seen = True
            if not isinstance(item, dict):
                raise ValueError("an entry of `data` is not an object")
            more = (item.get("component_versions") or {}).get("more_details") or {}
            cves = [c for c in more.get("cves") or [] if isinstance(c, dict)]
            first_cve = text(cves[0].get("cve")) if cves else "No CVE"
            fields = (item.get("id"), item.get("summary"), item.get("provider"), item.get("source_comp_id"))
            key = (*(text(v) for v in fields), first_cve)
            if key in keys:
                ctx.skip("the same Xray issue of the same component again")
                continue
            keys.add(key)
            yield _finding(asset, item)
        if not seen:
            require_list_member(report, ("data",), "a JFrog Xray export")


def _finding(asset: Any, item: dict[str, Any]) -> Finding:
    versions = item.get("component_versions") or {}
    more = versions.get("more_details") or {}
    cves, cwes, score = cve_facts(more.get("cves"))
    kind, pkg, version = split_component(text(item.get("source_comp_id")) or text(item.get("component")))
    fixed = unique(_VERSION_OP.sub("", text(v)) for v in versions.get("fixed_versions") or [])
    summary = text(item.get("summary"))
    xray_id = text(item.get("id"))
    name = cves[0] if cves else xray_id or summary[:120] or "JFrog Xray issue"
    return Finding(
        asset=asset,
        name=name,
        severity=severity(item.get("severity")),
        description=text(more.get("description")) or summary or name,
        remedy=remedy(pkg, version, fixed),
        score=score,
        reference_ids=unique([*cves, xray_id]),
        cwes=cwes,
        location=text(item.get("source_comp_id")) or text(item.get("component")) or None,
        package=Package(pkg, version or None, fixed, None, kind or None) if pkg else None,
        published=parse_datetime(item.get("edited")),
        details={
            k: v
            for k, v in {
                "summary": summary,
                "issueType": item.get("issue_type"),
                "provider": item.get("provider"),
                "vulnerableVersions": versions.get("vulnerable_versions"),
            }.items()
            if v
        },
    )
