"""Wiz CLI container image scans: `wizcli docker scan --image <ref> -f json` (and `wizcli scan container-image`
of wizcli 1.x), the CICD scan document described in `_wizcli` with scanOriginResource
CICDScanOriginContainerImage {name, id, digest} and a CICDDiskScanResult.

One finding per vulnerability of each OS package, library, application or CPE; one per secret and per sensitive
data finding. Severity is Wiz's label (the CVSS score kept as score). Policy failures are tags, not a filter: the
verdict (PASSED/WARN/FAILED_BY_POLICY) is in the report metadata. Asset: the image (CONTAINER, named by the origin
name, with its digest when present), which all findings share; a library's path is the finding's location.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, text
from ._wizcli import detect_kind, disk_findings, load_scan, set_meta


@register
class WizcliImg(ReportFormat):
    id = "wizcli_img"
    scan_types = ("Wizcli Img Scan",)
    aliases = ("wizcli-img", "wizcli-docker", "wizcli-image")
    default_asset_type = AssetType.CONTAINER
    recognises = "Wiz CLI image scan JSON: scanOriginResource CICDScanOriginContainerImage, result.osPackages/libraries"

    def detect(self, sniff: Sniff) -> float:
        kind, shaped = detect_kind(sniff)
        if kind == "img":
            return 0.95
        if shaped and kind is None and sniff.has_any_path("result.osPackages"):
            return 0.6  # a disk scan without type names: an image scan is the one with OS packages
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_scan(report, "img", "image scan")
        set_meta(ctx, data)
        origin = data.get("scanOriginResource") or {}
        image = text(origin.get("name"))
        digest = text(origin.get("digest")) or None
        asset = ctx.asset(
            AssetType.CONTAINER,
            container_attributes(image or "wizcli-unknown-image", digest, "wizcli"),
            placeholder=not image,
        )
        yield from disk_findings(ctx, data.get("result") or {}, lambda _pkg: asset, lambda _secret: asset)
