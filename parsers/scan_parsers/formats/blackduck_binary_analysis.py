"""Black Duck Binary Analysis (BDBA, formerly Protecode) vulnerability CSV: Component, Version, CVE, CVSS, CVSS3,
Object full path, Summary, ... One finding per row (a CVE of a component inside one object of the binary).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, parse_datetime, unique

_REQUIRED = {"component", "version", "cve", "object full path", "cvss3"}


@register
class BlackduckBinaryAnalysis(ReportFormat):
    id = "blackduck_binary_analysis"
    scan_types = ("Blackduck Binary Analysis",)
    aliases = ("bdba", "protecode", "blackduck-binary")
    default_asset_type = AssetType.CODE
    recognises = "Black Duck Binary Analysis CSV: Component, Version, CVE, Object full path, CVSS3, ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED and "matching type" in sniff.csv_columns:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        header = report.read_head(65536).decode("utf-8-sig", errors="replace").splitlines()[:1]
        if not {c.strip().lower() for c in next(csv.reader(header), [])} >= _REQUIRED:
            raise ValueError("CSV header lacks BDBA's columns (Component, Version, CVE, Object full path, CVSS3)")
        for row in iter_csv(report, delimiter=","):
            yield _finding(ctx, {k.strip(): (v or "").strip() for k, v in row.items() if k}, report.inner_name)


def _finding(ctx: ParseContext, row: dict[str, str], file_name: str) -> Finding:
    full_path = row.get("Object full path", "")
    binary = full_path.split(":", 1)[0] if full_path else ""
    asset: Any = ctx.asset(
        AssetType.CODE,
        {"scannerSource": binary or file_name, "origin": "blackduck-binary-analysis"},
        placeholder=not binary,
    )
    component, version, cve = row.get("Component", ""), row.get("Version", ""), row.get("CVE", "")
    score = cvss_score(row.get("CVSS3")) or cvss_score(row.get("CVSS"))
    latest = row.get("Latest version", "")
    return Finding(
        asset=asset,
        name=cve or f"Vulnerability in {component}",
        severity=from_cvss(score) if score is not None else Severity.INFO,
        description=row.get("Summary") or f"{cve} in {component} {version} ({row.get('Object', '')})",
        remedy=f"Update {component} from {version} to {latest} (its latest version)"
        if latest and latest != version
        else "No fixed version known",
        score=score,
        reference_ids=unique([cve, row.get("BDSA")]),
        location=full_path or None,
        package=Package(component, version or None),
        published=parse_datetime(row.get("CVE publication date")),
        details={
            k: v
            for k, v in {
                "object": row.get("Object"),
                "objectSha1": row.get("Object SHA1"),
                "matchingType": row.get("Matching type"),
                "vectorV3": row.get("CVSS vector (v3)"),
                "url": row.get("Vulnerability URL"),
                "missingMitigations": row.get("Missing exploit mitigations"),
            }.items()
            if v
        },
    )
