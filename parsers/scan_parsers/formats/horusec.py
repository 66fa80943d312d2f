"""Horusec (multi-tool SAST orchestrator) JSON, as `horusec start -o json` writes it (v2.x; v1 has the same
analysis object):

    {"version": "v2.8.0", "id", "repositoryName", "workspaceName", "status", "errors", "createdAt", "finishedAt",
     "analysisVulnerabilities": [{"vulnerabilityID", "analysisID", "createdAt",
        "vulnerabilities": {"vulnerabilityID", "line", "column", "confidence", "file", "code", "details",
                            "securityTool", "language", "severity", "type", "commit*", "rule_id"?, "vulnHash"}}]}

One finding per analysis vulnerability whose `type` is "Vulnerability" (DefectDojo keeps them all, duplicates of
the same vulnHash included). The other types Horusec's management sets — "Risk Accepted", "False Positive",
"Corrected" — are counted as skipped. The title is the first line of `details` (Horusec writes "title\\ndescription",
the leaks engine prefixes "(1/1) * Possible vulnerability detected: "). Severity is Horusec's CRITICAL / HIGH / MEDIUM /
LOW / INFO / UNKNOWN. Asset: the CODE base named by `repositoryName` (often empty: then a per-tool placeholder). For
findings of the leaks engine (language "Leaks") the matched code is a secret: only its digest is kept.
An empty scan has `analysisVulnerabilities` [] or null.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import leading_members
from ._sca_common import parse_datetime, text
from ._scan_common import cwes_in
from ._static_common import SECRET_REMEDY, code_asset, drop_empty, location, secret_digest

_LIST = "analysisVulnerabilities"
_LEAKS_PREFIX = re.compile(r"^\(\d+/\d+\)\s*\*\s*Possible vulnerability detected:\s*", re.I)
_NO_VALUE = ("", "-")


@register
class Horusec(ReportFormat):
    id = "horusec"
    scan_types = ("Horusec Scan",)
    aliases = ("horusec",)
    default_asset_type = AssetType.CODE
    recognises = "JSON analysis object with analysisVulnerabilities[].vulnerabilities{securityTool, vulnHash, ...}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        item = f"{_LIST}.item.vulnerabilities"
        if sniff.has_paths(f"{item}.securityTool", f"{item}.vulnHash") or sniff.has_paths(
            f"{item}.securityTool", f"{item}.details"
        ):
            return 0.95
        keys = set(sniff.json_top_keys)
        if _LIST in keys and {"repositoryName", "workspaceName"} & keys:
            return 0.85  # a clean scan: Horusec's analysis object with nothing in it
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = leading_members(report, (_LIST,))
        repo = text(head.get("repositoryName"))
        ctx.meta.scan_date = parse_datetime(head.get("createdAt"))
        if head.get("version"):
            ctx.meta.extra["horusecVersion"] = text(head.get("version"))
        seen = 0
        for item in iter_json(report, f"{_LIST}.item"):
            seen += 1
            vuln = item.get("vulnerabilities") if isinstance(item, dict) else None
            if not isinstance(vuln, dict) or not ("details" in vuln or "securityTool" in vuln):
                raise InvalidReport(f"{report.name}: an analysis vulnerability has no `vulnerabilities` object")
            kind = text(vuln.get("type")) or "Vulnerability"
            if kind.lower() != "vulnerability":
                ctx.skip(f"type {kind.lower()}")
                continue
            yield _finding(ctx, repo, vuln)
        if not seen:
            doc = load_json(report)  # no items: the document is small
            if not isinstance(doc, dict) or _LIST not in doc or not isinstance(doc[_LIST], list | None):
                raise InvalidReport(f"{report.name}: no `{_LIST}` list: not a Horusec JSON report")


def _finding(ctx: ParseContext, repo: str, vuln: dict[str, Any]) -> Finding:
    details = text(vuln.get("details"))
    title, _, body = details.partition("\n")
    title = _LEAKS_PREFIX.sub("", title).strip()
    tool = text(vuln.get("securityTool"))
    language = text(vuln.get("language"))
    path = text(vuln.get("file"))
    code = text(vuln.get("code"))
    leak = language.lower() == "leaks"
    rule = text(vuln.get("rule_id"))
    commit = {k: text(vuln.get(k)) for k in ("commitAuthor", "commitHash", "commitDate")}
    return Finding(
        asset=code_asset(ctx, repo or None, "horusec"),
        name=title or rule or f"{tool} finding",
        severity=label(vuln.get("severity"), Severity.MEDIUM),
        description=(body.strip() or title) + (f"\n\nCode:\n{code}" if code and not leak else ""),
        remedy=SECRET_REMEDY if leak else "Review the code Horusec flagged and fix it as its description advises.",
        cwes=cwes_in(details),
        location=location(path, vuln.get("line")) or None,
        details=drop_empty(
            {
                "ruleId": rule,
                "securityTool": tool,
                "language": language,
                "confidence": text(vuln.get("confidence")),
                "column": text(vuln.get("column")),
                "vulnHash": text(vuln.get("vulnHash")),
                "secretDigest": secret_digest(code) if leak and code else "",
                **{k: v for k, v in commit.items() if v not in _NO_VALUE},
            }
        ),
    )
