"""xeol (`xeol <image|dir> -o json`): end-of-life packages found in a container image or a directory.

Layout (xeol 0.x, a Grype-like document): a root object with `matches[]`, `source` {type: image | directory |
file, target}, `distro` and `descriptor` {name: "xeol", version, configuration}. Each match is {Cycle
{ProductName, ProductPermalink, ReleaseCycle, Eol (date, or EolBool), LatestRelease, LatestReleaseDate,
ReleaseDate}, artifact {name, version, type, locations[], purl, cpes}} (some versions also carry an empty Syft
`Package` object, which is ignored).

One finding per match: a package whose release cycle has reached (or, with --lookahead, will reach) its end of
life. The asset is the scanned image (CONTAINER) or, for directory scans, the file the package was found in
(BUILD). xeol gives no severity; an end-of-life package gets no more security fixes, so every finding is MEDIUM.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._json_values import obj, objs
from ._sca_common import container_attributes, text


@register
class Xeol(ReportFormat):
    id = "xeol"
    scan_types = ("Xeol Parser",)
    aliases = ("xeol-eol",)
    default_asset_type = AssetType.CONTAINER
    recognises = "xeol JSON: matches[] of {Cycle{ProductName, ReleaseCycle, Eol}, artifact}, source, descriptor"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("matches.item.Cycle", "matches.item.artifact"):
            return 0.9
        if "matches" in sniff.json_top_keys and sniff.json_string("descriptor.name") == "xeol":
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "xeol"
        any_match = False
        for header, member, match in iter_groups(report, "", ("matches",), ("source",)):
            if member is None:
                if not any_match and not _has_matches_list(report):
                    raise InvalidReport(f"{report.name}: no `matches` list: not a xeol report")
                continue
            any_match = True
            if not isinstance(match, dict) or not isinstance(match.get("Cycle"), dict):
                raise InvalidReport(f"{report.name}: a match without a `Cycle` object: not a xeol report")
            artifact = obj(match.get("artifact"))
            paths = [text(loc.get("path")) for loc in objs(artifact.get("locations")) if text(loc.get("path"))]
            yield _finding(_asset(ctx, obj(header.get("source")), paths), match["Cycle"], artifact, paths)


def _has_matches_list(report: ReportInput) -> bool:
    data = load_json(report)  # only reached when streaming found no match: the document is then small
    return isinstance(data, dict) and isinstance(data.get("matches"), list)


def _asset(ctx: ParseContext, source: dict[str, Any], paths: list[str]) -> Asset:
    target = source.get("target")
    if text(source.get("type")) == "image":
        target = obj(target) if isinstance(target, dict) else {"userInput": target}
        tags = [text(t) for t in target.get("tags") or [] if text(t)]
        image = text(target.get("userInput")) or (tags[0] if tags else "")
        digest = text(target.get("manifestDigest")) or text(target.get("imageID")) or None
        ctx.meta.target = image or None
        return ctx.asset(
            AssetType.CONTAINER, container_attributes(image or "unknown-image", digest, "xeol"), placeholder=not image
        )
    root = text(target.get("userInput")) if isinstance(target, dict) else text(target)
    ctx.meta.target = root or None
    build = paths[0] if paths else root
    return ctx.asset(AssetType.BUILD, {"buildFile": build or "unknown", "origin": "xeol"}, placeholder=not build)


def _finding(asset: Asset, cycle: dict[str, Any], artifact: dict[str, Any], paths: list[str]) -> Finding:
    product = text(cycle.get("ProductName")) or text(artifact.get("name")) or "software"
    release = text(cycle.get("ReleaseCycle"))
    eol = text(cycle.get("Eol")) or ("yes" if cycle.get("EolBool") is True else "")
    name, version = text(artifact.get("name")), text(artifact.get("version"))
    latest = text(cycle.get("LatestRelease"))
    where = f" at {paths[0]}" if paths else ""
    purl = text(artifact.get("purl")) or None
    return Finding(
        asset=asset,
        name=f"End-of-life software: {product} {release}".strip(),
        severity=Severity.MEDIUM,
        description=f"{name or product} {version}{where} belongs to the {product} {release} release cycle, "
        f"whose end of life is {eol or 'reached'}; from then on it receives no security fixes.",
        remedy=f"Upgrade {product} to a supported release cycle" + (f" (latest release {latest})." if latest else "."),
        location=f"{paths[0]}: {name}@{version}" if paths and name else f"{name}@{version}" if name else None,
        package=Package(name, version or None, [], purl, text(artifact.get("type")) or None) if name else None,
        details={
            k: v
            for k, v in {
                "eol": eol,
                "releaseCycle": release,
                "releaseDate": text(cycle.get("ReleaseDate")),
                "latestRelease": latest,
                "latestReleaseDate": text(cycle.get("LatestReleaseDate")),
                "permalink": text(cycle.get("ProductPermalink")),
                "locations": paths[:20],
                "cpes": [text(c) for c in artifact.get("cpes") or []][:5],
            }.items()
            if v
        },
    )
