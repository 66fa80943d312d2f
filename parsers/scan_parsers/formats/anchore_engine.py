"""Anchore Engine / Anchore Enterprise image vulnerability JSON, every layout its clients have written:

- anchore-cli (0.x, Engine API v1) `anchore-cli --json image vuln <img> all|os|non-os`:
  {imageDigest, imageFullTag?, vulnerability_type, vulnerabilities: [{vuln, package, package_name,
  package_version, package_type, package_path, severity, fix, url, feed, feed_group, nvd_data, vendor_data}]};
- the Engine / Enterprise API v2 (`GET /v2/images/{digest}/vuln/{type}`, Enterprise 4.x and later) and what
  anchore-cli 0.9 prints from it: {image_digest, base_digest?, vulnerability_type, vulnerabilities: [... the same
  fields plus will_not_fix, inherited_from_base, detected_at, extra.description]};
- anchorectl (the Enterprise CLI) `anchorectl image vulnerabilities <img> -o json`: the same records in camelCase
  ({imageDigest, vulnerabilityType, securityVulnerabilities: [{vuln, packageName, packageVersion, packagePath,
  feedGroup, fix|fixAvailable, nvdData: [{id, cvssV3: {baseScore}}]}]}), also read under `vulnerabilities`.

One finding per vulnerability of a package at a path as one feed reports it: like DefectDojo, records repeating the
same (feed, feed group, package, version, path, vulnerability) are one finding. The asset is the CONTAINER image
(full tag and digest). Severity is Anchore's word (Negligible/Unknown are info); the score the first NVD CVSS v3,
else v2, base score. Records are streamed; the image identity may come before or after the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import leading_members, trailing_members
from ._sca_common import container_attributes, cvss_score, remedy, split_versions, text, unique

_LISTS = ("vulnerabilities", "securityVulnerabilities", "security_vulnerabilities")
_IDENTITY = ("imageDigest", "image_digest", "imageFullTag", "image_full_tag", "metadata")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _none(value: Any) -> str:
    """Anchore writes the string "None" for absent values."""
    s = text(value)
    return "" if s == "None" else s


def _snake(value: Any) -> Any:
    """anchorectl's camelCase keys as the API's snake_case ones (nvdData.cvssV3.baseScore -> nvd_data...)."""
    if isinstance(value, dict):
        return {_CAMEL.sub("_", k).lower() if isinstance(k, str) else k: _snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake(v) for v in value]
    return value


@register
class AnchoreEngine(ReportFormat):
    id = "anchore_engine"
    scan_types = ("Anchore Engine Scan",)
    aliases = ("anchore", "anchore-engine", "anchorectl")  # "anchore-enterprise" is the policy-check format's id
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "Anchore Engine / Enterprise JSON: vulnerabilities[] (or anchorectl's securityVulnerabilities[]) of"
        " {vuln, package_name|packageName, feed_group|feedGroup}"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        for key in _LISTS:
            item = f"{key}.item."
            if sniff.has_any_path(item + "vuln") and sniff.has_any_path(
                item + "package_name", item + "packageName", item + "feed_group", item + "feedGroup"
            ):
                return 0.9
            if sniff.has_any_path(key) and sniff.has_any_path("vulnerability_type", "vulnerabilityType"):
                return 0.7  # a clean image: empty list
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # The image identity is read from the members before the list (or from the end of the file when anchore-cli
        # wrote it after), then the vulnerabilities are streamed one by one.
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not an Anchore Engine report (not a JSON object)")
        header = leading_members(report, _LISTS)
        later = [k for k in _IDENTITY if k not in header]
        if later:
            header.update({k: v for k, v in (trailing_members(report, later) or {}).items() if k in later})
        header = _snake(header)
        meta = header.get("metadata") if isinstance(header.get("metadata"), dict) else {}
        digest = next((_none(d) for d in (header.get("image_digest"), meta.get("image_digest")) if _none(d)), None)
        tag = _none(header.get("image_full_tag")) or _none(meta.get("image_full_tag")) or _none(meta.get("tag"))
        image = tag or digest or "unknown-image"
        ctx.meta.target = image
        asset = ctx.asset(AssetType.CONTAINER, container_attributes(image, digest, "anchore"), placeholder=not digest)
        top = sniff(report).json_top_keys
        list_key = next((k for k in _LISTS if k in top), _LISTS[0])
        seen: set[tuple[str, ...]] = set()
        items = 0
        for raw in iter_json(report, f"{list_key}.item"):
            items += 1
            if not isinstance(raw, dict):
                raise InvalidReport(f"{report.name}: an entry of `{list_key}` is not an object")
            v = _snake(raw)
            vid = text(v.get("vuln")) or text(v.get("vulnerability_id"))
            if not vid and not (v.get("package_name") or v.get("package")):
                raise InvalidReport(f"{report.name}: an Anchore vulnerability has neither `vuln` nor a package")
            package = text(v.get("package")) or f"{text(v.get('package_name'))}-{text(v.get('package_version'))}"
            path = _none(v.get("package_path"))
            key = (text(v.get("feed")), text(v.get("feed_group")), package, path, vid)
            if key in seen:
                ctx.skip("the same vulnerability again from the same feed")
                continue
            seen.add(key)
            yield self._finding(asset, v, vid, path)
        if not items:
            data = load_json(report)
            if not isinstance(data, dict) or not any(isinstance(data.get(k), list) for k in _LISTS):
                raise InvalidReport(f"{report.name}: no `vulnerabilities` list: not an Anchore Engine report")

    @staticmethod
    def _finding(asset: Any, v: dict[str, Any], vid: str, path: str) -> Finding:
        name = text(v.get("package_name")) or text(v.get("package"))
        version = text(v.get("package_version"))
        fix = v.get("fix") if "fix" in v else v.get("fix_available", v.get("fixed_in"))
        fixed = split_versions(_none(fix)) if not isinstance(fix, bool) else []
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
