"""Veracode Software Composition Analysis (formerly SourceClear) issues from the SCA REST API:
`GET /srcclr/v3/workspaces/{workspace}/issues` (optionally `?type=vulnerability&project_id=...`), one page
{_embedded: {issues: [issue]}, _links, page: {size, total_elements, total_pages, number}}; a page with no issue
has no `_embedded`. An issue is {id, issue_type (vulnerability, license, library), issue_status (open, fixed),
ignored, severity (0-10), project_name, project_branch, library: {id (coordinates), name, version,
latest_version, direct}, vulnerability: {id, title, cve, cvss2_score, cvss3_score, cvss3_vector, cwe_id}}.
Also the SourceClear agent's `srcclr scan --json` output: {metadata, records: [{graphs: [{coords}], libraries:
[{name, coordinateType, coordinate1, coordinate2, versions: [{version}]}], vulnerabilities: [{title, cve,
cvssScore, cvss3Score, overview, libraries: [{_links: {ref: "/records/0/libraries/<i>/versions/<j>"}, details:
[{updateToVersion, versionRange}]}], _links: {html}}]}]}: one finding per vulnerability and library version it
names, on the BUILD project of the record's dependency graph.

One finding per vulnerability issue: a vulnerability of one library version in one project. License and outdated
library issues are counted as skipped. An issue Veracode reports fixed or ignored is counted but inactive. Severity
is from the issue's 0-10 severity, the score the CVSS v3 score (else v2, else the severity). The asset is the
BUILD project the library is in (project name and branch). Issues are streamed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._static_common import build_asset, drop_empty

_ISSUE = "_embedded.issues.item."
_LIBRARY_REF = re.compile(r"/libraries/(\d+)(?:/versions/(\d+))?")


@register
class VeracodeSca(ReportFormat):
    id = "veracode_sca"
    scan_types = ("Veracode SourceClear Scan",)
    aliases = ("veracode-sca", "sourceclear", "srcclr")
    default_asset_type = AssetType.BUILD
    recognises = (
        "Veracode SCA issues API JSON: _embedded.issues[] of {issue_type, issue_status, library, vulnerability}"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths(_ISSUE + "issue_type", _ISSUE + "library") or sniff.has_paths(
            _ISSUE + "issue_status", _ISSUE + "vulnerability"
        ):
            return 0.9
        if sniff.has_paths("records.item.libraries", "records.item.vulnerabilities"):
            return 0.85  # the srcclr agent's scan JSON
        # a page with no issue: the API's own self link names the SCA issues endpoint
        if sniff.has_paths("page.total_elements", "_links.self.href") and "/srcclr/" in sniff.json_string(
            "_links.self.href"
        ):
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not a Veracode SCA issues page (expected a JSON object)")
        if "records" in sniff(report).json_top_keys:
            yield from _agent(report, ctx, load_json(report))
            return
        issues = 0
        for issue in iter_json(report, "_embedded.issues.item"):
            issues += 1
            if not isinstance(issue, dict) or ("issue_type" not in issue and "vulnerability" not in issue):
                raise InvalidReport(f"{report.name}: an entry of _embedded.issues is not a Veracode SCA issue")
            kind = text(issue.get("issue_type")) or "vulnerability"
            if kind != "vulnerability" or not isinstance(issue.get("vulnerability"), dict):
                ctx.skip(f"{kind} issue (not a vulnerability)")
                continue
            yield _finding(ctx, issue)
        if not issues:
            doc = load_json(report)
            if not isinstance(doc, dict) or not ("_embedded" in doc or "page" in doc):
                raise InvalidReport(f"{report.name}: no _embedded.issues list nor page: not a Veracode SCA issues page")


def _finding(ctx: ParseContext, issue: dict[str, Any]) -> Finding:
    vuln = issue["vulnerability"]
    library: dict[str, Any] = issue["library"] if isinstance(issue.get("library"), dict) else {}
    name, version = text(library.get("name")), text(library.get("version"))
    cve = text(vuln.get("cve"))
    cve = f"CVE-{cve}" if cve and not cve.upper().startswith("CVE-") else cve
    score = cvss_score(vuln.get("cvss3_score")) or cvss_score(vuln.get("cvss2_score"))
    severity = cvss_score(issue.get("severity"))
    status = text(issue.get("issue_status")).lower()
    closed = status == "fixed" or issue.get("ignored") is True
    project = " ".join(p for p in (text(issue.get("project_name")), text(issue.get("project_branch"))) if p)
    latest = text(library.get("latest_version"))
    details = drop_empty(
        {
            "issueId": issue.get("id"),
            "libraryId": library.get("id"),
            "direct": library.get("direct"),
            "cvss3Vector": vuln.get("cvss3_vector"),
            "vulnerableMethod": issue.get("vulnerable_method"),
            "url": ((issue.get("_links") or {}).get("html") or {}).get("href"),
        }
    )
    if closed:
        details["status"] = "ignored" if issue.get("ignored") is True else status
    title = text(vuln.get("title")) or cve or "Vulnerable library"
    cwe = cwe_id(vuln.get("cwe_id"))
    return Finding(
        asset=build_asset(ctx, project, "veracode-sca"),
        name=f"{cve or 'SRCCLR-' + text(vuln.get('id'))}: {title} in {name}",
        severity=from_cvss(severity if severity is not None else score or 0.0),
        description=f"{title} in {name} {version} ({library.get('id') or ''}).",
        remedy=f"Upgrade {name} from {version}" + (f"; the latest version is {latest}." if latest else "."),
        score=score if score is not None else severity,
        reference_ids=unique([cve, f"SRCCLR-{vuln['id']}" if vuln.get("id") else None]),
        cwes=[cwe] if cwe else [],
        location=f"{name}@{version}",
        package=Package(name, version or None, [], None, text(library.get("id")).split(":", 1)[0] or None),
        published=parse_datetime(issue.get("created_date")),
        details=details,
        active=not closed,
    )


def _agent(report: ReportInput, ctx: ParseContext, doc: Any) -> Iterator[Finding]:
    records = doc.get("records") if isinstance(doc, dict) else None
    if not isinstance(records, list):
        raise InvalidReport(f"{report.name}: `records` is not a list: not a SourceClear agent scan")
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("vulnerabilities", []), list):
            raise InvalidReport(f"{report.name}: a record has no vulnerabilities list: not a SourceClear agent scan")
        libraries = [lib for lib in record.get("libraries") or [] if isinstance(lib, dict)]
        graphs = [g for g in record.get("graphs") or [] if isinstance(g, dict)]
        coords: dict[str, Any] = graphs[0]["coords"] if graphs and isinstance(graphs[0].get("coords"), dict) else {}
        project = ":".join(text(coords.get(k)) for k in ("coordinate1", "coordinate2") if coords.get(k))
        asset = build_asset(ctx, project or report.inner_name, "srcclr")
        vulns = record.get("vulnerabilities") or []
        if not vulns:
            ctx.skip("scan record with no vulnerability")
        for vuln in vulns:
            if not isinstance(vuln, dict) or not (vuln.get("title") or vuln.get("cve")):
                raise InvalidReport(f"{report.name}: a vulnerability has no title nor cve: not a SourceClear scan")
            affected = [a for a in vuln.get("libraries") or [] if isinstance(a, dict)] or [{}]
            for entry in affected:
                yield _agent_finding(asset, vuln, entry, libraries)


def _href(item: dict[str, Any], link: str) -> str:
    """A HAL link of the agent's JSON: `_links.<link>` is a path string, or an object with its `href`."""
    links = item.get("_links")
    value = links.get(link) if isinstance(links, dict) else None
    return text(value.get("href")) if isinstance(value, dict) else text(value)


def _agent_finding(asset: Any, vuln: dict[str, Any], entry: dict[str, Any], libraries: list[dict[str, Any]]) -> Finding:
    ref = _LIBRARY_REF.search(_href(entry, "ref"))
    library = libraries[int(ref.group(1))] if ref and int(ref.group(1)) < len(libraries) else {}
    versions = [v for v in library.get("versions") or [] if isinstance(v, dict)]
    vi = int(ref.group(2)) if ref and ref.group(2) else 0
    version = text(versions[vi].get("version")) if vi < len(versions) else ""
    name = ":".join(text(library.get(k)) for k in ("coordinate1", "coordinate2") if library.get(k))
    name = name or text(library.get("name")) or "unknown library"
    details = [d for d in entry.get("details") or [] if isinstance(d, dict)]
    fixed = unique(d.get("updateToVersion") for d in details)
    cve = text(vuln.get("cve"))
    cve = f"CVE-{cve}" if cve and not cve.upper().startswith("CVE-") else cve
    score = cvss_score(vuln.get("cvss3Score")) or cvss_score(vuln.get("cvssScore"))
    title = text(vuln.get("title")) or cve
    return Finding(
        asset=asset,
        name=f"{cve}: {title} in {name}" if cve else f"{title} in {name}",
        severity=from_cvss(score) if score is not None else from_cvss(5.0),
        description=text(vuln.get("overview")) or title,
        remedy=f"Upgrade {name} to {', '.join(fixed)}." if fixed else f"Upgrade {name} from {version}.",
        score=score,
        reference_ids=unique([cve]),
        location=f"{name}@{version}",
        package=Package(name, version or None, fixed, None, text(library.get("coordinateType")).lower() or None),
        published=parse_datetime(vuln.get("disclosureDate")),
        details=drop_empty(
            {
                "url": _href(vuln, "html"),
                "language": vuln.get("language"),
            }
        ),
    )
