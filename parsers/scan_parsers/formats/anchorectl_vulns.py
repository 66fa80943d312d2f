"""AnchoreCTL image vulnerabilities as a bare list: `anchorectl image vulnerabilities <image> -o json` of the
anchorectl 1.x releases writes [{vuln, severity, package, packageName, packageVersion, packageType, packagePath,
packageCpe, packageCpe23, feed, feedGroup, fix, url, nvdData: [{id, cvssV2, cvssV3}], vendorData}]. (The
wrapped layouts, {imageDigest, vulnerabilities: [...]}, are the `anchore_engine` format, whose record reading
this format shares.)

One finding per vulnerability of a package at a path as one feed reports it; a record repeating the same feed,
feed group, package, path and vulnerability is folded and counted as skipped. Severity is Anchore's word
(Negligible and Unknown are info), the score the first NVD CVSS v3, else v2, base score. The list does not name the
image: the asset is a placeholder CONTAINER unless the records carry an image digest or tag (later builds add
them). Records are streamed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._anchore_policy import image_asset
from ._sca_common import text
from .anchore_engine import AnchoreEngine, _none, _snake


@register
class AnchoreCtlVulns(ReportFormat):
    id = "anchorectl_vulns"
    scan_types = ("AnchoreCTL Vuln Report",)
    aliases = ("anchorectl-vulns", "anchorectl-image-vulnerabilities")
    default_asset_type = AssetType.CONTAINER
    recognises = "anchorectl image vulnerabilities -o json: [{vuln, packageName, packageVersion, feedGroup, fix}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.vuln") and sniff.has_any_path("item.packageName", "item.feedGroup"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"[":
            raise InvalidReport(f"{report.name}: not an anchorectl vulnerability list (expected a JSON list)")
        seen: set[tuple[str, ...]] = set()
        assets: dict[tuple[str, str], Asset] = {}
        for raw in iter_json(report, "item"):
            if not isinstance(raw, dict):
                raise InvalidReport(f"{report.name}: an entry of the list is not an object")
            v = _snake(raw)
            vid = text(v.get("vuln"))
            if not vid and not v.get("package_name"):
                raise InvalidReport(f"{report.name}: an entry has neither `vuln` nor `packageName`")
            path = _none(v.get("package_path"))
            package = text(v.get("package")) or f"{text(v.get('package_name'))}-{text(v.get('package_version'))}"
            key = (text(v.get("feed")), text(v.get("feed_group")), package, path, vid)
            if key in seen:
                ctx.skip("the same vulnerability again from the same feed")
                continue
            seen.add(key)
            image = (_none(v.get("image_tag")) or _none(v.get("tag")), _none(v.get("image_digest")))
            if image not in assets:
                assets[image] = image_asset(ctx, image[0], image[1], "anchorectl")
            yield AnchoreEngine._finding(assets[image], v, vid, path)
