"""Wiz CLI infrastructure-as-code scans: `wizcli iac scan --path <dir> -f json` (Terraform, CloudFormation,
Kubernetes, Helm, Dockerfile, ARM, ...), the CICD scan document described in `_wizcli` with scanOriginResource
CICDScanOriginIAC {name, subTypes} and a CICDIACScanResult.

One finding per match of each failed rule (`ruleMatches[].matches[]`: one resource in one file) and one per
secret. Severity is the rule match's label (INFORMATIONAL is info). A rule listed without matches is counted as
skipped. Asset: the file of the match (BUILD, its path); secrets belong to the file they were found in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset
from ._wizcli import detect_kind, iac_findings, load_scan, set_meta


@register
class WizcliIac(ReportFormat):
    id = "wizcli_iac"
    scan_types = ("Wizcli IaC Scan",)
    aliases = ("wizcli-iac",)
    default_asset_type = AssetType.BUILD
    recognises = "Wiz CLI IaC scan JSON: scanOriginResource CICDScanOriginIAC, result.ruleMatches[].matches[]"

    def detect(self, sniff: Sniff) -> float:
        kind, shaped = detect_kind(sniff)
        if kind == "iac":
            return 0.95
        if shaped and kind is None and sniff.has_any_path("result.ruleMatches", "result.scanStatistics"):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_scan(report, "iac", "IaC scan")
        set_meta(ctx, data)
        origin = text((data.get("scanOriginResource") or {}).get("name"))

        def file_asset(path: str) -> Asset:
            return build_asset(ctx, path or origin, "wizcli")

        def secret_asset(secret: dict[str, Any]) -> Asset:
            return file_asset(text(secret.get("path")))

        yield from iac_findings(ctx, data.get("result") or {}, file_asset, secret_asset)
