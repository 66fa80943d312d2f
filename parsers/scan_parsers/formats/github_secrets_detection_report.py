"""GitHub secret-scanning alerts JSON: the REST API's alert list (`GET /repos/{owner}/{repo}/secret-scanning/alerts`,
or `/orgs/{org}/...` and `/enterprises/{e}/...`, whose alerts also carry a `repository` object), saved as one array:

    [{"number", "created_at", "url", "html_url", "locations_url", "state": "open|resolved",
      "resolution": "false_positive|wont_fix|revoked|used_in_tests|pattern_deleted|pattern_edited" | null,
      "resolved_at", "resolved_by", "resolution_comment", "secret_type", "secret_type_display_name",
      "secret": <the secret>, "repository"?: {"full_name", "html_url"}, "validity": "active|inactive|unknown",
      "publicly_leaked", "multi_repo", "push_protection_bypassed", "first_location_detected"?: {"path",
      "start_line", "commit_sha", ...}, "locations"?: [{"type": "commit", "details": {...}}]}]

One finding per alert; resolved alerts are inactive findings, their resolution in details. Severity: critical when
GitHub reports the secret still valid (`validity: active`) or publicly leaked, else high. Asset: the REPOSITORY, as
`https://github.com/<owner>/<repo>` (the identity github_sast and github_vulnerability give it). `secret` is never
copied: only a masked form and a digest are kept. An empty array is a clean scan.
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
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import parse_datetime, text
from ._static_common import SECRET_REMEDY, drop_empty, location, mask_secret, repository_asset, secret_digest

_REPO_URL = re.compile(r"^(https?://[^/]+/[^/]+/[^/]+)")
_API_REPO = re.compile(r"^https?://api\.github\.com/repos/([^/]+/[^/]+)/")


@register
class GithubSecretsDetectionReport(ReportFormat):
    id = "github_secrets_detection_report"
    scan_types = ("Github Secrets Detection Report Scan",)
    aliases = ("github-secret-scanning",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of GitHub secret-scanning alerts: number, state, secret_type, locations"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.number", "item.secret_type") and sniff.has_any_path(
            "item.state", "item.locations_url", "item.secret_type_display_name"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for alert in iter_json(report, "item"):
            seen += 1
            if not isinstance(alert, dict) or "secret_type" not in alert:
                raise InvalidReport(f"{report.name}: an entry has no secret_type: not a GitHub secret-scanning alert")
            state = text(alert.get("state")).lower() or "open"
            finding = _finding(ctx, alert)
            if state != "open":
                # Resolved in GitHub: an inactive finding, never imported as open.
                resolution = text(alert.get("resolution"))
                finding.active = False
                finding.details["status"] = f"state {state}" + (f" ({resolution})" if resolution else "")
            yield finding
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of GitHub secret-scanning alerts")


def _repository(alert: dict[str, Any]) -> str:
    repo = member_dict(alert, "repository")
    if m := _REPO_URL.match(text(repo.get("html_url"))):
        return m.group(1)
    if text(repo.get("full_name")):
        return f"https://github.com/{text(repo.get('full_name'))}"
    if m := _REPO_URL.match(text(alert.get("html_url"))):
        return m.group(1)
    if m := _API_REPO.match(text(alert.get("url"))):
        return f"https://github.com/{m.group(1)}"
    return ""


def _first_location(alert: dict[str, Any]) -> dict[str, Any]:
    first = member_dict(alert, "first_location_detected")
    if first:
        return first
    for loc in member_list(alert, "locations"):
        if isinstance(loc, dict) and member_dict(loc, "details"):
            return member_dict(loc, "details")
    return {}


def _finding(ctx: ParseContext, alert: dict[str, Any]) -> Finding:
    kind = text(alert.get("secret_type_display_name")) or text(alert.get("secret_type")) or "secret"
    secret = alert.get("secret")
    where = _first_location(alert)
    path = text(where.get("path"))
    validity = text(alert.get("validity"))
    leaked = alert.get("publicly_leaked") is True
    url = text(alert.get("html_url"))
    return Finding(
        asset=repository_asset(ctx, _repository(alert) or None, "github"),
        name=f"Hard-coded secret: {kind}",
        severity=Severity.CRITICAL if validity == "active" or leaked else Severity.HIGH,
        description=f"GitHub secret scanning found a {kind} ({mask_secret(secret)})"
        + (f" in {path}" if path else "")
        + (f"; validity: {validity}" if validity else "")
        + ("; publicly leaked" if leaked else "")
        + ".",
        remedy=SECRET_REMEDY,
        location=location(path, where.get("start_line")) or None,
        published=parse_datetime(alert.get("created_at")),
        details=drop_empty(
            {
                "number": alert.get("number"),
                "secretType": text(alert.get("secret_type")),
                "validity": validity,
                "url": url,
                "commit": text(where.get("commit_sha")),
                "pushProtectionBypassed": alert.get("push_protection_bypassed") is True or None,
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret) if secret else "",
            }
        ),
    )
