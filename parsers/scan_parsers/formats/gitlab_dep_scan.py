"""GitLab dependency scanning report (gl-dependency-scanning-report.json, scan.type "dependency_scanning").

One finding per vulnerability; the dependency file (location.file) is the BUILD asset.
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
class GitlabDependencyScanning(ReportFormat):
    id = "gitlab_dep_scan"
    scan_types = ("GitLab Dependency Scanning Report",)
    aliases = ("gitlab-dep-scan", "gitlab-dependency-scanning")
    default_asset_type = AssetType.BUILD
    recognises = "GitLab security report with scan.type dependency_scanning (dependency_files, location.dependency)"

    def detect(self, sniff: Sniff) -> float:
        kind, score = _gitlab.classify(sniff)
        return score if kind == _gitlab.DEPENDENCY else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        _gitlab.check_report(report, _gitlab.DEPENDENCY)
        for vuln in _gitlab.iter_vulnerabilities(report):
            loc = vuln.get("location") or {}
            path = text(loc.get("file"))
            asset = ctx.asset(
                AssetType.BUILD, {"buildFile": path or "unknown", "origin": "gitlab"}, placeholder=not path
            )
            package = _gitlab.package_of(loc)
            where = f"{package.name}@{package.version or ''}".rstrip("@") if package else ""
            yield _gitlab.finding(asset, vuln, f"{path}: {where}" if where else path or "unknown", package)
