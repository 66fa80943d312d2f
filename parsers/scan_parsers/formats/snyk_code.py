"""Snyk Code (SAST) SARIF: `snyk code test --sarif`. One finding per result; the scanned source file is the asset."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._snyk_code_sarif import is_snyk_code_sarif, parse_sarif


@register
class SnykCode(ReportFormat):
    id = "snyk_code"
    scan_types = ("Snyk Code Scan",)
    aliases = ("snyk-code", "snykcode")
    default_asset_type = AssetType.CODE
    recognises = "SARIF 2.1 whose runs[].tool.driver.name is SnykCode"

    def detect(self, sniff: Sniff) -> float:
        # Above a generic SARIF reader (which should stay at or below 0.9): the driver name is Snyk's own.
        return 0.95 if is_snyk_code_sarif(sniff) else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" or "runs" not in head.json_top_keys:
            raise ValueError("no `runs` array: this is not a SARIF report")
        yield from parse_sarif(report, ctx)
