"""Zora (Undistro) vulnerability export CSV, as the Zora dashboard exports a cluster's image vulnerabilities:
columns source (the plugin that found it, e.g. Trivy), image, id (CVE / GHSA id), title, severity (CRITICAL / HIGH /
MEDIUM / LOW / UNKNOWN), status (the scanner's fix status: fixed = a fixed version exists, affected, will_not_fix,
...), description, fixVersion. Column order does not matter; extra columns are ignored.

One finding per row: one vulnerability in one image of the cluster. The status is the vulnerability's fix status,
not the finding's state, so every row is open; it is kept in details. Severity: the row's label (UNKNOWN is info).
Asset: the image (CONTAINER).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cves_in, split_versions

_REQUIRED = frozenset({"image", "id", "severity"})
_ZORA = {"source", "image", "id", "title", "severity", "status", "fixversion"}


@register
class Zora(ReportFormat):
    id = "zora"
    scan_types = ("Zora Parser",)
    aliases = ("zora", "undistro-zora")
    default_asset_type = AssetType.CONTAINER
    recognises = "Zora vulnerability CSV: source, image, id, title, severity, status, description, fixVersion"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "csv":
            return 0.0
        cols = sniff.csv_columns
        if cols >= _ZORA:
            return 0.9
        if {"image", "id", "severity", "fixversion", "source"} <= cols:
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "Zora vulnerability export"):
            vuln_id, image = row.get("id", ""), row.get("image", "")
            if not vuln_id or not image:
                raise InvalidReport(f"{report.name}: a Zora row has no id or image")
            asset = ctx.asset(AssetType.CONTAINER, container_attributes(image, origin="zora"))
            fixed = split_versions(row.get("fixversion"))
            title = row.get("title", "")
            yield Finding(
                asset=asset,
                name=f"{vuln_id}: {title}" if title else vuln_id,
                severity=label(row.get("severity"), Severity.INFO),
                description=row.get("description") or title or vuln_id,
                remedy=f"Upgrade to {', '.join(fixed)}." if fixed else "No fixed version is known.",
                reference_ids=[vuln_id, *[c for c in cves_in(title) if c != vuln_id]],
                location=image,
                details={
                    k: v
                    for k, v in {
                        "status": row.get("status"),
                        "source": row.get("source"),
                        "fixedVersions": fixed,
                    }.items()
                    if v
                },
            )
