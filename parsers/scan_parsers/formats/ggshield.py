"""GitGuardian ggshield secret-scan JSON (`ggshield secret scan <path|repo|commit-range|pre-commit|docker> --json`,
1.x):

    path / single scan: {"id", "type": "path_scan", "entities_with_incidents": [ENTITY], "total_incidents", ...}
    commit range / repo: {"id", "type": "commit-range", "scans": [{"id": <sha>, "type": "commit",
                          "entities_with_incidents": [ENTITY], "extra_info": {author, email, date}}], ...}
    ENTITY = {"mode", "filename", "incidents": [{"policy", "type" (detector), "validity", "ignore_sha",
              "incident_url"?, "known_secret"?, "occurrences": [{"match", "type", "line_start", "line_end",
              "index_start", "index_end"}], "total_occurrences"}]}

One finding per incident (one secret in one file), at the file and first line of its occurrences; the same secret
(ignore_sha) at the same file and line in several commits is one finding, as gitleaks does. `match` is the secret
(ggshield partly hides it, entirely with --show-secrets off, not at all with it on): only a masked form and a
digest are kept. Severity high, critical when GitGuardian checked the secret as valid. The asset is the REPOSITORY
scanned (not named in the report: a per-tool placeholder). A scan without entities is clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_fields import member_dict, member_list
from ._sca_common import parse_datetime, text
from ._static_common import SECRET_REMEDY, drop_empty, location, mask_secret, repository_asset, secret_digest

_ENTITIES = "entities_with_incidents"


@register
class Ggshield(ReportFormat):
    id = "ggshield"
    scan_types = ("Ggshield Scan",)
    aliases = ("ggshield", "gitguardian")
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON ggshield scan: entities_with_incidents[] (or scans[] of them) with incidents/occurrences"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path(_ENTITIES, f"scans.item.{_ENTITIES}"):
            return 0.95
        keys = set(sniff.json_top_keys)
        if {"total_incidents", "total_occurrences"} <= keys and "type" in keys:
            return 0.85  # a clean scan: ggshield's totals and nothing else
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one document per scan, entities only for files with secrets: small
        if not isinstance(doc, dict) or not ({_ENTITIES, "scans", "total_incidents"} & doc.keys()):
            raise InvalidReport(f"{report.name}: no `{_ENTITIES}` or `scans`: not a ggshield JSON report")
        scans = member_list(doc, "scans") if "scans" in doc else [doc]
        seen: set[tuple[str, str, str]] = set()
        for scan in scans:
            if not isinstance(scan, dict):
                raise InvalidReport(f"{report.name}: a scan is not an object")
            for entity in member_list(scan, _ENTITIES):
                if not isinstance(entity, dict) or not isinstance(entity.get("incidents"), list):
                    raise InvalidReport(f"{report.name}: an entity with incidents has no incidents list")
                for incident in entity["incidents"]:
                    if not isinstance(incident, dict):
                        raise InvalidReport(f"{report.name}: an incident is not an object")
                    finding = _finding(ctx, scan, text(entity.get("filename")), incident)
                    key = (finding.location or "", finding.name, finding.details.get("secretDigest", ""))
                    if key in seen:
                        continue
                    seen.add(key)
                    yield finding


def _git_date(value: str) -> datetime | None:
    """Commit dates as git prints them ("Mon Jul 5 12:54:43 2021 +0530"), or ISO-8601."""
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %Y %z").astimezone(UTC)
    except ValueError:
        return parse_datetime(value)


def _finding(ctx: ParseContext, scan: dict[str, Any], path: str, incident: dict[str, Any]) -> Finding:
    occurrences = [o for o in incident.get("occurrences") or [] if isinstance(o, dict)]
    first: dict[str, Any] = occurrences[0] if occurrences else {}
    secret = "".join(text(o.get("match")) for o in occurrences)
    ident = text(incident.get("ignore_sha")) or secret_digest(secret)
    detector = text(incident.get("type")) or "secret"
    validity = text(incident.get("validity"))
    extra = member_dict(scan, "extra_info")
    commit = text(scan.get("id")) if text(scan.get("type")) == "commit" else ""
    return Finding(
        asset=repository_asset(ctx, None, "ggshield"),
        name=f"Hard-coded secret: {detector}",
        severity=Severity.CRITICAL if validity == "valid" else Severity.HIGH,
        description=f"ggshield found a {detector} ({mask_secret(secret)}) in {path or 'the scanned files'}"
        + (f", commit {commit}" if commit else "")
        + (f"; validity: {validity}." if validity else "."),
        remedy=SECRET_REMEDY,
        location=location(path, first.get("line_start")) or path or None,
        published=_git_date(text(extra.get("date"))),
        details=drop_empty(
            {
                "detector": detector,
                "policy": text(incident.get("policy")),
                "validity": validity,
                "file": path,
                "commit": commit,
                "author": text(extra.get("author")),
                "occurrences": len(occurrences),
                "incidentUrl": text(incident.get("incident_url")),
                "secretMasked": mask_secret(secret),
                "secretDigest": ident,
            }
        ),
    )
