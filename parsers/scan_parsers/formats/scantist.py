"""Scantist SCA issue export (JSON, as the Scantist platform and its scanner write it): a list of {"Public ID",
"Library", "Library Version", "Issue Source", "Issue Type", "Description", "File Path", "Score", "Priority",
"Comments", "Patched Version", "Latest Component Version"}.

One finding per issue: a vulnerability (CVE or Scantist id) of one library version in one manifest; a record
repeating the same id, library, version and file is folded and counted as skipped. Severity is Scantist's Score word
(Critical, High, Medium, Low, Info). The asset is the BUILD manifest (File Path); records with none share the
report file's name. Records are streamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, remedy, split_versions, text, unique
from ._static_common import build_asset, drop_empty


@register
class Scantist(ReportFormat):
    id = "scantist"
    scan_types = ("Scantist Scan",)
    default_asset_type = AssetType.BUILD
    recognises = 'Scantist JSON: [{"Public ID", "Library", "Library Version", "Issue Source", "Patched Version"}]'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.Public ID", "item.Library", "item.Library Version") and sniff.has_any_path(
            "item.Issue Source", "item.Patched Version", "item.Latest Component Version"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"[":
            raise InvalidReport(f"{report.name}: not a Scantist issue export (expected a JSON list)")
        seen: set[tuple[str, ...]] = set()
        for item in iter_json(report, "item"):
            if not isinstance(item, dict) or not (item.get("Public ID") or item.get("Library")):
                raise InvalidReport(f"{report.name}: an entry has no `Public ID` nor `Library`: not a Scantist issue")
            key = tuple(text(item.get(k)) for k in ("Public ID", "Library", "Library Version", "File Path"))
            if key in seen:
                ctx.skip("the same issue again for the same library and file")
                continue
            seen.add(key)
            yield _finding(ctx, item, report.inner_name)


def _finding(ctx: ParseContext, item: dict[str, Any], file_name: str) -> Finding:
    vid, library, version = (text(item.get(k)) for k in ("Public ID", "Library", "Library Version"))
    path = text(item.get("File Path"))
    fixed = split_versions(item.get("Patched Version"))
    return Finding(
        asset=build_asset(ctx, path or file_name, "scantist"),
        name=f"{vid} in {library}" if vid else f"Vulnerability in {library}",
        severity=label(item.get("Score"), Severity.INFO),
        description=text(item.get("Description")) or f"{vid} in {library} {version}",
        remedy=remedy(library, version, fixed),
        reference_ids=unique([*cves_in(vid), vid]),
        location=f"{path}: {library}@{version}" if path else f"{library}@{version}",
        package=Package(library, version or None, fixed),
        details=drop_empty(
            {
                "issueType": text(item.get("Issue Type")),
                "issueSource": text(item.get("Issue Source")),
                "priority": text(item.get("Priority")),
                "comments": text(item.get("Comments")),
                "latestVersion": text(item.get("Latest Component Version")),
            }
        ),
    )
