"""Prowler 3 and later on AWS ("AWS Prowler V3"): the Prowler 3 JSON list (CheckID, Status, StatusExtended,
ResourceArn, ...) and the OCSF JSON list Prowler 4+ writes. The same readers as the multi-cloud `prowler` format
(`_prowler`): one finding per failed (or manual) check result on one resource, muted results left out, CLOUD
assets per account, region and resource. Streamed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._prowler import findings, modern_results, provider_of
from .prowler import OCSF_PATHS


@register
class AwsProwlerV3Plus(ReportFormat):
    id = "aws_prowler_v3plus"
    scan_types = ("AWS Prowler V3",)
    aliases = ("prowler-v3", "prowler-aws-ocsf")
    default_asset_type = AssetType.CLOUD
    phoenix_scan_type = "AWS Prowler V3"
    recognises = "Prowler 3 JSON (CheckID, Status, StatusExtended) or Prowler 4+ OCSF JSON of an AWS account"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.has_paths("item.CheckID", "item.StatusExtended"):
            return 0.9
        if sniff.has_paths(*OCSF_PATHS) and provider_of(sniff.text) == "aws":
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        return findings(ctx, modern_results(report))
