"""GitLab SAST report (gl-sast-report.json, schema 2.x to 15.x, scan.type "sast").

One finding per vulnerability id (schema 2 reports have no id and are keyed by their `cve` fingerprint): GitLab's
analyzers repeat a vulnerability once per rule that matched it, and DefectDojo keeps one.
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
class GitlabSast(ReportFormat):
    id = "gitlab_sast"
    scan_types = ("GitLab SAST Report",)
    aliases = ("gitlab-sast",)
    default_asset_type = AssetType.CODE
    recognises = "GitLab security report with scan.type sast (or schema 2.x vulnerabilities with location.file)"

    def detect(self, sniff: Sniff) -> float:
        kind, score = _gitlab.classify(sniff)
        return score if kind == _gitlab.SAST else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        _gitlab.check_report(report, _gitlab.SAST)
        seen: set[str] = set()
        for vuln in _gitlab.iter_vulnerabilities(report):
            key = text(vuln.get("id")) or text(vuln.get("cve"))
            if key:
                if key in seen:
                    continue
                seen.add(key)
            yield _gitlab.code_finding(ctx, vuln, "gitlab-sast")
