"""GitHub code-scanning alerts JSON: the REST API's alert list (`GET /repos/{owner}/{repo}/code-scanning/alerts`,
or the organisation-wide `GET /orgs/{org}/code-scanning/alerts`, whose alerts also carry a `repository` object),
saved as one array (also several pages concatenated into one array):

    [{"number", "created_at", "url", "html_url", "state": "open|dismissed|fixed|closed", "fixed_at",
      "dismissed_by", "dismissed_at", "dismissed_reason", "dismissed_comment",
      "rule": {"id", "name", "severity": "none|note|warning|error", "security_severity_level": "low|...|critical",
               "description", "full_description"?, "tags": ["external/cwe/cwe-312", ...], "help"?},
      "tool": {"name", "version", "guid"},
      "most_recent_instance": {"ref", "analysis_key", "category", "state", "commit_sha", "message": {"text"},
                               "location": {"path", "start_line", "end_line", "start_column", "end_column"}},
      "repository"?: {"full_name", "html_url"}}]

One finding per open alert; dismissed, fixed and closed alerts are counted as skipped with their state (and the
dismissal reason). Severity is the rule's `security_severity_level` when GitHub gives one (security queries), else
its `severity` (error high, warning medium, note low, none info). Asset: the REPOSITORY the alert belongs to, as
`https://github.com/<owner>/<repo>` (from `repository.html_url` or the alert's `html_url`) — the same identity the
github_vulnerability format gives the repository. Exports of the API written by scripts sometimes carry the string
"None" for null; it is read as null. Dependabot alerts (GraphQL) are the github_vulnerability format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict
from ._sca_common import parse_datetime, text, unique
from ._static_common import drop_empty, location, repository_asset

_REPO_URL = re.compile(r"^(https?://[^/]+/[^/]+/[^/]+)")
_API_REPO = re.compile(r"^https?://api\.github\.com/repos/([^/]+/[^/]+)/")
_CWE_TAG = re.compile(r"cwe-(\d+)$", re.I)
_RULE_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW, "none": Severity.INFO}


def present(value: Any) -> str:
    """Text of a value, with the "None" that Python-written exports put for null read as empty."""
    s = text(value)
    return "" if s in ("None", "null") else s


@register
class GithubSast(ReportFormat):
    id = "github_sast"
    scan_types = ("Github SAST Scan",)
    aliases = ("github-code-scanning", "codeql-alerts")
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of GitHub code-scanning alerts: number, state, rule{id, severity}, most_recent_instance"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.number", "item.rule.id") and sniff.has_any_path(
            "item.most_recent_instance", "item.most_recent_instance.location", "item.instances_url"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for alert in iter_json(report, "item"):
            seen += 1
            if not isinstance(alert, dict) or not isinstance(alert.get("rule"), dict):
                raise InvalidReport(f"{report.name}: an entry has no `rule`: not a GitHub code-scanning alert")
            state = present(alert.get("state")).lower() or "open"
            if state != "open":
                reason = present(alert.get("dismissed_reason"))
                ctx.skip(f"state {state}" + (f" ({reason})" if reason else ""))
                continue
            yield _finding(ctx, alert)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of GitHub code-scanning alerts")


def _repository(alert: dict[str, Any]) -> str:
    repo = alert.get("repository")
    if isinstance(repo, dict):
        if m := _REPO_URL.match(present(repo.get("html_url"))):
            return m.group(1)
        if present(repo.get("full_name")):
            return f"https://github.com/{present(repo.get('full_name'))}"
    if m := _REPO_URL.match(present(alert.get("html_url"))):
        return m.group(1)
    if m := _API_REPO.match(present(alert.get("url"))):
        return f"https://github.com/{m.group(1)}"
    return ""


def _finding(ctx: ParseContext, alert: dict[str, Any]) -> Finding:
    rule: dict[str, Any] = alert["rule"]
    instance = member_dict(alert, "most_recent_instance")
    loc = member_dict(instance, "location")
    message = member_dict(instance, "message")
    tool = member_dict(alert, "tool")
    level = present(rule.get("security_severity_level"))
    severity = label(level) if level else _RULE_LEVELS.get(present(rule.get("severity")).lower(), Severity.MEDIUM)
    rule_id = present(rule.get("id")) or present(rule.get("name"))
    summary = present(rule.get("description")) or rule_id or "Code scanning alert"
    full = present(rule.get("full_description"))
    msg = present(message.get("text"))
    url = present(alert.get("html_url"))
    return Finding(
        asset=repository_asset(ctx, _repository(alert) or None, "github"),
        name=summary,
        severity=severity,
        description="\n\n".join(p for p in (msg, full) if p) or summary,
        remedy=present(rule.get("help")) or (f"See {url}" if url else "See the rule's help in GitHub code scanning."),
        cwes=unique(f"CWE-{int(m.group(1))}" for t in rule.get("tags") or [] if (m := _CWE_TAG.search(str(t)))),
        location=location(present(loc.get("path")), present(loc.get("start_line"))) or None,
        published=parse_datetime(present(alert.get("created_at"))),
        tags=[Tag(present(tool.get("name")), "tool")] if present(tool.get("name")) else [],
        details=drop_empty(
            {
                "number": alert.get("number"),
                "ruleId": rule_id,
                "tool": present(tool.get("name")),
                "toolVersion": present(tool.get("version")),
                "url": url,
                "ref": present(instance.get("ref")),
                "commit": present(instance.get("commit_sha")),
                "category": present(instance.get("category")),
            }
        ),
    )
