"""GitLab API Fuzzing and Coverage Fuzzing reports (gl-api-fuzzing-report.json, gl-coverage-fuzzing-report.json):
the GitLab security-report schema (3.x to 15.x) with scan.type "api_fuzzing" or "coverage_fuzzing".

* API fuzzing vulnerabilities are located like DAST ones ({hostname, method, path, param}): one finding per issue
  and site, a WEB asset for the host, with the fuzzed URLs in details (read as gitlab_dast reads DAST).
* Coverage fuzzing vulnerabilities are crashes ({crash_type, crash_state, crash_address, stacktrace_snippet}) of
  the project's fuzz targets: one finding per crash, on a CODE asset for the fuzzed project (the report does not
  name it, so it is a per-tool placeholder), located at the top frame of the crash state.

Severity is GitLab's word; the stack trace is kept (capped) in details, the crashing input is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _gitlab
from ._sca_common import text
from ._static_common import code_asset
from ._web_fold import WebFolder, as_dict
from .gitlab_dast import check_web_report, dast_like, fold_web_vulnerability, vulnerabilities

_KINDS = ("api_fuzzing", "coverage_fuzzing")
_FUZZ_TYPE = re.compile(r'"type"\s*:\s*"(?:api|coverage)_fuzzing"')


@register
class GitlabApiFuzzing(ReportFormat):
    id = "gitlab_api_fuzzing"
    scan_types = ("GitLab API Fuzzing Report Scan",)
    aliases = ("gitlab-api-fuzzing", "gitlab-coverage-fuzzing")
    default_asset_type = AssetType.WEB
    recognises = "GitLab security report with scan.type api_fuzzing or coverage_fuzzing"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        kind, score = _gitlab.classify(sniff)
        if kind in _KINDS:
            return score
        if sniff.has_paths("scan.type") and _FUZZ_TYPE.search(sniff.text):
            return 0.7  # a fuzzing report without `vulnerabilities` (refused when parsed, but it is this format's)
        if '"api_fuzzing"' in sniff.text and dast_like(sniff):
            return 0.6
        if sniff.has_paths("vulnerabilities.item.location.crash_type") and "vulnerabilities" in sniff.json_top_keys:
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        check_web_report(report, _KINDS)
        folder = WebFolder(self.id)
        for vuln in vulnerabilities(report):
            loc = as_dict(vuln.get("location"))
            if text(loc.get("hostname")) or (not text(loc.get("crash_type")) and text(loc.get("path"))):
                fold_web_vulnerability(folder, ctx, vuln, "gitlab-api-fuzzing")
            else:
                yield _crash(ctx, vuln, loc)
        yield from folder.findings()


def _crash(ctx: ParseContext, vuln: dict[str, Any], loc: dict[str, Any]) -> Finding:
    state = [line.strip() for line in text(loc.get("crash_state")).splitlines() if line.strip()]
    crash_type = text(loc.get("crash_type"))
    asset = code_asset(ctx, None, "gitlab-coverage-fuzzing")
    name = text(vuln.get("name"))
    if not name or name == "name":  # GitLab's libFuzzer example writes the literal placeholder "name"
        name = crash_type or "Fuzzing crash"
    found = _gitlab.finding(asset, {**vuln, "name": name}, state[0] if state else crash_type or "unknown")
    if not text(vuln.get("description")):
        found.description = "\n".join(p for p in (crash_type, "\n".join(state)) if p) or name
    found.details.update(
        {
            k: v
            for k, v in {
                "crashType": crash_type,
                "crashAddress": text(loc.get("crash_address")),
                "crashState": state[:20],
                "stacktrace": text(loc.get("stacktrace_snippet"))[:4000],
            }.items()
            if v
        }
    )
    return found
