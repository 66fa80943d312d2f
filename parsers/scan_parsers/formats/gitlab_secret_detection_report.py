"""GitLab secret detection report (gl-secret-detection-report.json, scan.type "secret_detection").

One finding per vulnerability. The matched secret (`raw_source_code_extract`) is deliberately not copied.
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
class GitlabSecretDetection(ReportFormat):
    id = "gitlab_secret_detection_report"
    scan_types = ("GitLab Secret Detection Report",)
    aliases = ("gitlab-secret-detection", "gitlab-secrets")
    default_asset_type = AssetType.CODE
    recognises = "GitLab security report with scan.type secret_detection"

    def detect(self, sniff: Sniff) -> float:
        kind, score = _gitlab.classify(sniff)
        return score if kind == _gitlab.SECRET else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        _gitlab.check_report(report, _gitlab.SECRET)
        for vuln in _gitlab.iter_vulnerabilities(report):
            out = _gitlab.code_finding(ctx, vuln, "gitlab-secret-detection")
            commit = (vuln.get("location") or {}).get("commit") or {}
            if commit.get("sha"):
                out.details["commit"] = text(commit.get("sha"))
            if not text(vuln.get("solution")):
                out.remedy = "Remove the secret from the file and its history, and revoke it."
            yield out
