"""Snyk REST API issues (`GET /rest/orgs/{org}/issues`, API versions 2023-09 and later, JSON:API) saved to a file:
`{"jsonapi", "links", "data": [{"id", "type": "issue", "attributes": {key, title, type (package_vulnerability,
license, code, cloud, custom, config), effective_severity_level, severities[{source, level, score, vector}],
problems[{id, source}], classes[{id, source: CWE}], coordinates[{representations[{dependency: {package_name,
package_version}} | {sourceLocation: {file, region}} | {resourcePath}], is_upgradeable, ...}], status (open /
resolved), ignored, created_at}, "relationships": {scan_item: {data: {id, type: project}}, organization}}]}`.

One finding per issue. Severity from effective_severity_level (critical, high, medium, low), the score from Snyk's
own CVSS entry (else the first one given). A resolved or ignored issue is still counted, as DefectDojo does, with
`active=False` and its state in `details["status"]`. The asset is the Snyk project the issue was found in (the
scan item): a CODE asset for a code issue (located at the file and line of its first coordinate), else a BUILD
asset (the project's manifest; a per-tool placeholder without a scan item). The package of a dependency issue is
the first coordinate's dependency. An empty page is a clean organisation, recognised only when the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._json_values import obj, objs
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._static_common import build_asset, code_asset, drop_empty, location


@register
class SnykIssueApi(ReportFormat):
    id = "snyk_issue_api"
    scan_types = ("Snyk Issue API Scan",)
    aliases = ("snyk-issues-api",)
    default_asset_type = AssetType.BUILD
    recognises = "Snyk REST issues JSON:API page (data[] of type issue with key, problems, effective_severity_level)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object" or sniff.json_string("data.item.type") != "issue":
            return 0.0
        if sniff.has_any_path("data.item.attributes.effective_severity_level", "data.item.attributes.problems"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        items = 0
        for header, array, item in iter_groups(report, "", ("data",)):
            if array is None:
                if not items and "data" not in header:
                    require_list_member(report, ("data",), "a Snyk issues API response")
                continue
            items += 1
            attributes = obj(item).get("attributes")
            if not isinstance(attributes, dict) or not ({"key", "title"} & attributes.keys()):
                raise InvalidReport(f"{report.name}: a `data` entry without attributes.key or title: not a Snyk issue")
            yield _finding(ctx, item, attributes)


def _score(severities: list[dict[str, Any]]) -> tuple[float | None, str]:
    chosen = next(
        (s for s in severities if text(s.get("source")).lower() == "snyk"), severities[0] if severities else {}
    )
    return cvss_score(chosen.get("score")), text(chosen.get("vector"))


def _coordinate(attributes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first coordinate and its first representation."""
    coordinates = objs(attributes.get("coordinates"))
    first = coordinates[0] if coordinates else {}
    representations = objs(first.get("representations"))
    return first, representations[0] if representations else {}


def _asset(ctx: ParseContext, issue_type: str, project: str, where: dict[str, Any]) -> tuple[Asset, str | None]:
    source = obj(where.get("sourceLocation") or where.get("source_location"))
    if issue_type == "code":
        start = obj(obj(source.get("region")).get("start"))
        path = text(source.get("file"))
        return code_asset(ctx, project or None, "snyk"), location(path, start.get("line")) or None
    return build_asset(ctx, project or None, "snyk"), None


def _finding(ctx: ParseContext, item: dict[str, Any], attributes: dict[str, Any]) -> Finding:
    key = text(attributes.get("key"))
    title = text(attributes.get("title")) or key
    issue_type = text(attributes.get("type"))
    status = text(attributes.get("status")).lower()
    closed = "ignored" if attributes.get("ignored") is True else ("resolved" if status == "resolved" else None)
    score, vector = _score(objs(attributes.get("severities")))
    coordinate, where = _coordinate(attributes)
    dependency = obj(where.get("dependency"))
    scan_item = obj(obj(obj(item.get("relationships")).get("scan_item")).get("data"))
    project = f"snyk project {text(scan_item.get('id'))}" if scan_item.get("id") else ""
    asset, code_location = _asset(ctx, issue_type, project, where)
    problems = objs(attributes.get("problems"))
    package = None
    if dependency.get("package_name"):
        package = Package(text(dependency["package_name"]), text(dependency.get("package_version")) or None)
    return Finding(
        asset=asset,
        name=title[:255],
        severity=label(attributes.get("effective_severity_level"), Severity.INFO),
        score=score,
        description=text(attributes.get("description")) or f"{title} ({key})",
        remedy=_remedy(coordinate, package),
        reference_ids=unique([key, *(p.get("id") for p in problems)]),
        cwes=unique(cwe_id(c.get("id")) for c in objs(attributes.get("classes")) if text(c.get("source")) == "CWE"),
        location=code_location or (text(where.get("resourcePath")) or None),
        package=package,
        published=parse_datetime(attributes.get("created_at")),
        active=closed is None,
        details=drop_empty(
            {
                "issueId": text(item.get("id")),
                "status": closed or status,
                "type": issue_type,
                "cvssVector": vector,
                "projectId": text(scan_item.get("id")),
                "riskScore": obj(obj(attributes.get("risk")).get("score")).get("value"),
                "reachability": text(coordinate.get("reachability")),
            }
        ),
    )


def _remedy(coordinate: dict[str, Any], package: Package | None) -> str:
    what = f"{package.name} {package.version or ''}".strip() if package else "the affected component"
    if coordinate.get("is_upgradeable") is True:
        return f"Upgrade {what}; Snyk has an upgrade path."
    if coordinate.get("is_patchable") is True:
        return f"Apply the Snyk patch for {what}."
    if coordinate.get("is_pinnable") is True:
        return f"Pin {what} to a fixed version."
    if coordinate.get("is_fixable_manually") is True or coordinate.get("is_fixable_upstream") is True:
        return f"Fix {what} manually or upstream."
    return ""
