"""GitLab container scanning report (gl-container-scanning-report.json, scan.type "container_scanning").

One finding per vulnerability (the same CVE in two packages is two findings); location.image is the CONTAINER asset.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _gitlab
from ._sca_common import text


@register
class GitlabContainerScanning(ReportFormat):
    id = "gitlab_container_scan"
    scan_types = ("GitLab Container Scan",)
    aliases = ("gitlab-container-scan", "gitlab-container-scanning")
    default_asset_type = AssetType.CONTAINER
    recognises = "GitLab security report with scan.type container_scanning (location.image, operating_system)"

    def detect(self, sniff: Sniff) -> float:
        kind, score = _gitlab.classify(sniff)
        return score if kind == _gitlab.CONTAINER else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        _gitlab.check_report(report, _gitlab.CONTAINER)
        for vuln in _gitlab.iter_vulnerabilities(report):
            loc = vuln.get("location") or {}
            asset = _gitlab.container_asset(ctx, loc)
            package = _gitlab.package_of(loc, text(loc.get("operating_system")) or None)
            where = f"{package.name}@{package.version or ''}".rstrip("@") if package else ""
            out = _gitlab.finding(asset, vuln, where or text(loc.get("image")) or "unknown", package)
            if loc.get("operating_system"):
                out.details["operatingSystem"] = text(loc.get("operating_system"))
            yield out
