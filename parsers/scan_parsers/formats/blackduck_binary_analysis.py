"""Black Duck Binary Analysis (BDBA, formerly Synopsys/Protecode SC) vulnerability CSV export of a scan:
Component, Version, Latest version, CVE, Matching type, CVSS, CVE publication date, Object, Object full path,
Object SHA1, CVSS3, CVSS vector (v2), CVSS vector (v3), Summary, Distribution package, Triage vectors, Note type,
Vulnerability URL, BDSA, ... (older Protecode exports lack CVSS3 and the BDSA columns; names matched without case).

One finding per CVE of a component inside one object of the binary: rows repeating the same object (path and
SHA1), CVE and component version are one finding, as DefectDojo counts them. The asset is the CODE binary (the
object path's archive). Severity comes from the CVSS3 score, else the CVSS v2 score (none: info).
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

_REQUIRED = {"component", "version", "cve", "object full path"}
_MARKS = {"matching type", "object sha1", "cvss3", "object compilation date"}


@register
class BlackduckBinaryAnalysis(ReportFormat):
    id = "blackduck_binary_analysis"
    scan_types = ("Blackduck Binary Analysis",)
    aliases = ("bdba", "protecode", "blackduck-binary")
    default_asset_type = AssetType.CODE
    recognises = "Black Duck Binary Analysis CSV: Component, Version, CVE, Object full path, CVSS3, ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _REQUIRED and sniff.csv_columns & _MARKS:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        header = report.read_head(65536).decode("utf-8-sig", errors="replace").splitlines()[:1]
        if not {c.strip().lower() for c in next(csv.reader(header), [])} >= _REQUIRED:
            raise ValueError("CSV header lacks BDBA's columns (Component, Version, CVE, Object full path)")
        seen: set[tuple[str, ...]] = set()
        for raw in iter_csv(report, delimiter=","):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            key = tuple(row.get(c, "") for c in ("object full path", "object sha1", "cve", "component", "version"))
            if key in seen:
                ctx.skip("another row of the same CVE in the same object")
                continue
            seen.add(key)
            yield _finding(ctx, row, report.inner_name)


def _finding(ctx: ParseContext, row: dict[str, str], file_name: str) -> Finding:
    full_path = row.get("object full path", "")
    binary = full_path.split(":", 1)[0] if full_path else ""
    asset: Any = ctx.asset(
        AssetType.CODE,
        {"scannerSource": binary or file_name, "origin": "blackduck-binary-analysis"},
        placeholder=not binary,
    )
    component, version, cve = row.get("component", ""), row.get("version", ""), row.get("cve", "")
    score = cvss_score(row.get("cvss3")) or cvss_score(row.get("cvss"))
    latest = row.get("latest version", "")
    return Finding(
        asset=asset,
        name=cve or f"Vulnerability in {component}",
        severity=from_cvss(score) if score is not None else Severity.INFO,
        description=row.get("summary") or f"{cve} in {component} {version} ({row.get('object', '')})",
        remedy=f"Update {component} from {version} to {latest} (its latest version)"
        if latest and latest != version
        else "No fixed version known",
        score=score,
        reference_ids=unique([cve, row.get("bdsa")]),
        location=full_path or None,
        package=Package(component, version or None),
        published=parse_datetime(row.get("cve publication date")),
        details={
            k: v
            for k, v in {
                "object": row.get("object"),
                "objectSha1": row.get("object sha1"),
                "matchingType": row.get("matching type"),
                "vectorV3": row.get("cvss vector (v3)"),
                "url": row.get("vulnerability url"),
                "missingMitigations": row.get("missing exploit mitigations"),
            }.items()
            if v
        },
    )
