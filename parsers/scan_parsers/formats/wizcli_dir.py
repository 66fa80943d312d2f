"""Wiz CLI directory scans: `wizcli dir scan --path <dir> -f json` (and `wizcli scan dir` of wizcli 1.x), the
CICD scan document described in `_wizcli` with scanOriginResource CICDScanOriginDirectory {name: the scanned path}
and a CICDDiskScanResult.

One finding per vulnerability of each library, OS package, application or CPE; one per secret and per sensitive
data finding. Severity is Wiz's label. Assets: vulnerable libraries belong to the manifest that declares them
(BUILD, its path; the scanned directory when none is given); secrets and sensitive data to the scanned directory
(REPOSITORY, named by the origin name).
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
from ._static_common import build_asset, repository_asset
from ._wizcli import detect_kind, disk_findings, load_scan, set_meta


@register
class WizcliDir(ReportFormat):
    id = "wizcli_dir"
    scan_types = ("Wizcli Dir Scan",)
    aliases = ("wizcli-dir",)
    default_asset_type = AssetType.BUILD
    recognises = "Wiz CLI directory scan JSON: scanOriginResource CICDScanOriginDirectory, result.libraries/secrets"

    def detect(self, sniff: Sniff) -> float:
        kind, shaped = detect_kind(sniff)
        if kind == "dir":
            return 0.95
        if (
            shaped
            and kind is None
            and sniff.has_any_path("result.libraries")
            and not sniff.has_any_path("result.osPackages")
        ):
            return 0.4
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_scan(report, "dir", "directory scan")
        set_meta(ctx, data)
        directory = text((data.get("scanOriginResource") or {}).get("name"))

        def package_asset(pkg: dict[str, Any]) -> Asset:
            return build_asset(ctx, text(pkg.get("path")) or directory, "wizcli")

        def secret_asset(_secret: dict[str, Any]) -> Asset:
            return repository_asset(ctx, directory, "wizcli")

        yield from disk_findings(ctx, data.get("result") or {}, package_asset, secret_asset)
