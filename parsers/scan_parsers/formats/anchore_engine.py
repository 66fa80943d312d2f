"""Anchore Engine / Enterprise image vulnerability JSON (`anchore-cli --json image vuln <img> all`):
{imageDigest | image_digest, imageFullTag?, vulnerability_type, vulnerabilities: [{vuln, package_name,
package_version, package_path, severity, fix, nvd_data, ...}]}.

A vulnerability in the same package at the same path is one finding, whichever feed reported it. Streamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import leading_members, trailing_members
from ._sca_common import container_attributes, cvss_score, remedy, split_versions, text, unique

_IDENTITY = ("imageDigest", "image_digest", "imageFullTag")


def _none(value: Any) -> str:
    """Anchore writes the string "None" for absent values."""
    s = text(value)
    return "" if s == "None" else s


@register
class AnchoreEngine(ReportFormat):
    id = "anchore_engine"
    scan_types = ("Anchore Engine Scan",)
    aliases = ("anchore", "anchore-engine", "anchore-enterprise")
    default_asset_type = AssetType.CONTAINER
    recognises = "Anchore Engine JSON: vulnerability_type and vulnerabilities[] of {vuln, package_name, feed_group}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("vulnerabilities.item.vuln", "vulnerabilities.item.package_name"):
            return 0.9
        if sniff.kind == "json" and sniff.has_paths("vulnerability_type", "vulnerabilities"):
            return 0.7  # a clean image: empty list
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # The image identity is read from the members before the list (or from the end of the file when anchore-cli
        # wrote it after), then the vulnerabilities are streamed one by one.
        header = leading_members(report, ("vulnerabilities",))
        later = [k for k in _IDENTITY if k not in header]
        if later:
            header.update({k: v for k, v in (trailing_members(report, later) or {}).items() if k in later})
        digest = _none(header.get("imageDigest")) or _none(header.get("image_digest")) or None
        image = _none(header.get("imageFullTag")) or digest or "unknown-image"
        ctx.meta.target = image
        asset = ctx.asset(AssetType.CONTAINER, container_attributes(image, digest, "anchore"), placeholder=not digest)
        seen: set[tuple[str, str, str]] = set()
        for v in iter_json(report, "vulnerabilities.item"):
            if not isinstance(v, dict):
                raise ValueError("an entry of `vulnerabilities` is not an object")
            vid = text(v.get("vuln"))
            package = text(v.get("package")) or f"{text(v.get('package_name'))}-{text(v.get('package_version'))}"
            path = _none(v.get("package_path"))
            key = (vid, package, path)
            if key in seen:
                continue
            seen.add(key)
            yield self._finding(asset, v, path)
        if not seen:
            require_list_member(report, ("vulnerabilities",), "an Anchore Engine report")

    @staticmethod
    def _finding(asset: Any, v: dict[str, Any], path: str) -> Finding:
        vid = text(v.get("vuln"))
        name = text(v.get("package_name"))
        version = text(v.get("package_version"))
        fixed = split_versions(_none(v.get("fix")))
        extra = v.get("extra") or {}
        nvd = [n for n in v.get("nvd_data") or [] if isinstance(n, dict)]
        score = None
        for entry in nvd:
            score = cvss_score((entry.get("cvss_v3") or {}).get("base_score")) or cvss_score(
                (entry.get("cvss_v2") or {}).get("base_score")
            )
            if score is not None:
                break
        description = text(extra.get("description")) or f"{vid} in {name} {version} ({v.get('feed_group')})"
        return Finding(
            asset=asset,
            name=vid or f"Vulnerability in {name}",
            severity=label(v.get("severity"), Severity.INFO),
            description=description,
            remedy=remedy(name, version, fixed),
            score=score,
            reference_ids=unique([vid, *(n.get("id") for n in nvd)]),
            location=f"{path}: {name}@{version}" if path else f"{name}@{version}",
            package=Package(
                name,
                version or None,
                fixed,
                None,
                text(v.get("package_type")) or None,
            ),
            details={
                k: val
                for k, val in {
                    "feed": v.get("feed"),
                    "feedGroup": v.get("feed_group"),
                    "url": v.get("url"),
                    "cpe": _none(v.get("package_cpe23")) or _none(v.get("package_cpe")),
                    "inheritedFromBase": v.get("inherited_from_base"),
                }.items()
                if val not in (None, "")
            },
        )
