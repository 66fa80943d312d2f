"""Prowler 3, 4 and 5 (`prowler <provider>`): the OCSF JSON list (`-M json-ocsf`), the semicolon CSV (v4.3+
columns with FINDING_UID; the v3 / v4.0-4.2 columns with FINDING_UNIQUE_ID, ACCOUNT_ID / SUBSCRIPTION /
PROJECT_ID, RESOURCE_ARN / RESOURCE_ID) and, when named, the v3 JSON list, for every provider Prowler scans (AWS,
Azure, GCP, Kubernetes, Microsoft 365, ...). One finding per failed (or manual) check result on one resource and
region; PASS, INFO and muted results are counted as skipped; see `_prowler` for which results count and how assets
are chosen. Streamed.

AWS-only OCSF reports are claimed by aws_prowler_v3plus (DefectDojo's "AWS Prowler V3"), which reads the same
shapes; naming either format parses any of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._prowler import CSV_COLUMNS, V3_CSV_COLUMNS, findings, modern_results, provider_of

#: Key paths every Prowler OCSF finding starts with.
OCSF_PATHS = ("item.metadata.event_code", "item.finding_info.uid", "item.status_code")


@register
class Prowler(ReportFormat):
    id = "prowler"
    scan_types = ("Prowler Scan",)
    aliases = ("prowler", "prowler-ocsf")
    default_asset_type = AssetType.CLOUD
    phoenix_scan_type = "Prowler Scan"
    recognises = (
        "Prowler 4/5 OCSF JSON (metadata.event_code, finding_info, status_code) or Prowler 3+ semicolon CSV "
        "(CHECK_ID, FINDING_UID or FINDING_UNIQUE_ID, PROVIDER, ...)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and (sniff.csv_columns >= CSV_COLUMNS or sniff.csv_columns >= V3_CSV_COLUMNS):
            return 0.9
        if sniff.kind == "json" and sniff.has_paths(*OCSF_PATHS):
            # AWS reports go to aws_prowler_v3plus (0.9); this one still names itself as a candidate
            return 0.6 if provider_of(sniff.text) == "aws" else 0.9
        if sniff.kind == "json" and sniff.has_paths("item.CheckID", "item.StatusExtended"):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        return findings(ctx, modern_results(report))
