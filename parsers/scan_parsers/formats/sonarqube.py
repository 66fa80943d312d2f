"""SonarQube, in the shapes people export it:

* the Web API's issue search (`/api/issues/search`: {issues[], components[], paging} since 6.x, with the older
  top-level total / p / ps next to or instead of paging; SonarQube 10.x adds `impacts[]` and `issueStatus`,
  and in MQR mode may leave the legacy `severity` out) and hotspot search (`/api/hotspots/search`, 8.x+:
  {hotspots[], components[], paging}), also several such pages zipped together; SonarCloud writes the same;
* the `sonar-report` tool's JSON ({date, projectName, sonarComponent, rules{}, issues[], hotspotKeys}) and HTML
  ("SonarQube Vulnerability Report": an issues table Rule / Severity / Component / Line / Description / Message /
  Key (/ Status), and a "Known Security Rules" table Rule / Description).

API exports give one finding per issue or hotspot (issues of every type: BUG, VULNERABILITY, CODE_SMELL, and the
SECURITY_HOTSPOT issues of 7.x). Issues SonarQube resolved or closed (status RESOLVED / CLOSED, resolution FIXED,
FALSE-POSITIVE, WONTFIX, REMOVED; 10.x issueStatus FIXED / FALSE_POSITIVE / ACCEPTED) and hotspots reviewed as
SAFE or FIXED are not active and are counted with ctx.skip (an ACKNOWLEDGED hotspot is still a risk: kept).

sonar-report output follows DefectDojo's two scan types: the default mode ("SonarQube Scan") folds the issues of
one rule (title) in one file into one finding listing every line; the detailed mode ("SonarQube Scan detailed")
keeps one finding per issue key (a key listed twice is one issue).

Severity: BLOCKER critical, CRITICAL high, MAJOR medium, MINOR low, INFO info; 10.x impact severities
(HIGH / MEDIUM / LOW) when the legacy severity is absent; hotspots by vulnerabilityProbability.
Asset: the project (CODE, the TRK component / project key / projectName).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree, html

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, text, unique
from ._static_common import code_asset, drop_empty, location, zip_member

_SEVERITIES = {
    "blocker": Severity.CRITICAL,
    "critical": Severity.HIGH,
    "major": Severity.MEDIUM,
    "minor": Severity.LOW,
    "info": Severity.INFO,
}
_CWE = re.compile(r"CWE-(\d+)", re.I)
_HTML_TITLE = "SonarQube Vulnerability Report"
_MAX_PLACES = 50


def _severity(value: Any) -> Severity:
    word = text(value).lower()
    return _SEVERITIES.get(word) or label(word, Severity.MEDIUM)


@dataclass(slots=True)
class _Issue:
    """One issue, whatever shape it came in."""

    rule: str
    title: str
    severity: Severity
    path: str
    line: str
    message: str
    rule_help: str = ""
    status: str = ""
    key: str = ""
    kind: str = ""
    created: str = ""


@register
class SonarQube(ReportFormat):
    id = "sonarqube"
    scan_types = ("SonarQube Scan", "SonarQube Scan detailed")
    aliases = ("sonar", "sonarqube")
    default_asset_type = AssetType.CODE
    phoenix_scan_type = "SonarQube Scan"
    recognises = "SonarQube API issue/hotspot search JSON (or a zip of pages), sonar-report JSON or HTML"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "html":
            return 0.9 if _HTML_TITLE in sniff.text[:20000] else 0.0
        if sniff.kind == "zip":
            members = [m for m in sniff.zip_members if not m.endswith("/")]
            if members and all(m.lower().endswith(".json") and "/" not in m for m in members):
                hint = any(w in m.lower() for m in members for w in ("sonar", "issues", "hotspots", "findings"))
                return 0.6 if hint else 0.0
            return 0.0
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("sonarComponent", "projectName") and sniff.has_any_path("hotspotKeys", "rules"):
            return 0.9 if sniff.has_any_path("issues", "sonarComponent") else 0.0
        if sniff.has_paths("issues.item.rule", "issues.item.component") and sniff.has_any_path(
            "paging.pageIndex", "effortTotal", "components", "ps"
        ):
            return 0.9
        if sniff.has_paths("hotspots.item.ruleKey", "hotspots.item.vulnerabilityProbability"):
            return 0.9
        # an empty page of the API search
        if sniff.has_paths("paging.pageIndex", "paging.pageSize", "components") and sniff.has_any_path(
            "issues", "hotspots"
        ):
            return 0.8
        if sniff.has_paths("total", "p", "ps", "issues", "components"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.is_archive:
            for member in report.zip_members:
                if member.lower().endswith(".json"):
                    with zip_member(report, member) as page:
                        yield from self._one(page, ctx)
            return
        yield from self._one(report, ctx)

    def _one(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "xml" and head.xml_root == "html":
            project, issues = _html(report)
            yield from _emit(ctx, project, issues, aggregate=ctx.mode != "detailed")
            return
        if head.kind != "json":
            raise ValueError("not a SonarQube JSON or HTML report")
        doc = load_json(report)
        if not isinstance(doc, dict):
            raise ValueError("a SonarQube report is a JSON object")
        if "sonarComponent" in doc or "hotspotKeys" in doc:
            project = text(doc.get("projectName")) or text(doc.get("sonarComponent"))
            yield from _emit(ctx, project, _report_json(doc), aggregate=ctx.mode != "detailed")
        elif "issues" in doc or "hotspots" in doc:
            yield from _api(ctx, doc)
        else:
            raise ValueError("no issues or hotspots: not a SonarQube report")


def _emit(ctx: ParseContext, project: str, issues: Iterable[_Issue], aggregate: bool) -> Iterator[Finding]:
    asset = code_asset(ctx, project, "sonarqube")
    if not aggregate:
        keys: set[str] = set()
        for issue in issues:
            if issue.key and issue.key in keys:
                ctx.skip("issue key listed twice")
                continue
            keys.add(issue.key)
            yield _finding(asset, issue, [issue])
        return
    # DefectDojo's "SonarQube Scan": one finding per rule and file, listing its lines
    groups: dict[tuple[str, str, str], list[_Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.rule, issue.title, issue.path), []).append(issue)
    for members in groups.values():
        yield _finding(asset, members[0], members)


def _finding(asset: Asset, issue: _Issue, places: list[_Issue]) -> Finding:
    where = [location(p.path, p.line) for p in places]
    description = issue.message or issue.title
    if len(places) > 1:
        listed = "\n".join(f"- {w}: {p.message}" for w, p in zip(where[:_MAX_PLACES], places, strict=False))
        more = f"\n(and {len(places) - _MAX_PLACES} more)" if len(places) > _MAX_PLACES else ""
        description = f"{issue.title}\n\n{len(places)} occurrences:\n{listed}{more}"
    rule_url = f"https://rules.sonarsource.com/search?q={issue.rule}" if issue.rule else ""
    return Finding(
        asset=asset,
        name=f"{issue.rule}: {issue.title}" if issue.rule and issue.title else issue.rule or issue.title,
        severity=issue.severity,
        description=description or issue.rule,
        remedy=issue.rule_help[:4000] or (f"See the rule description: {rule_url}" if rule_url else "See SonarQube."),
        reference_ids=cves_in(issue.message),
        cwes=unique(f"CWE-{int(n)}" for n in _CWE.findall(f"{issue.message} {issue.rule_help}")),
        location=where[0] or issue.rule or "sonarqube",
        published=parse_datetime(issue.created),
        details=drop_empty(
            {
                "rule": issue.rule,
                "status": issue.status,
                "type": issue.kind,
                "key": issue.key if len(places) == 1 else None,
                "occurrences": len(places) if len(places) > 1 else None,
                "locations": where[:_MAX_PLACES] if len(places) > 1 else None,
            }
        ),
    )


def _component_path(component: str, project: str) -> str:
    if project and component.startswith(project + ":"):
        return component[len(project) + 1 :]
    return component if component != project else ""


_CLOSED_ISSUE_STATUSES = {"RESOLVED", "CLOSED", "FIXED", "FALSE_POSITIVE", "ACCEPTED"}
_SAFE_HOTSPOT_RESOLUTIONS = {"SAFE", "FIXED"}
_IMPACT_ORDER = ["BLOCKER", "HIGH", "MEDIUM", "LOW", "INFO"]
_IMPACT_SEVERITIES = {
    "BLOCKER": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.INFO,
}


def _issue_inactive(item: dict[str, Any]) -> str:
    for field in ("issueStatus", "status"):
        value = text(item.get(field)).upper().replace("-", "_")
        if value in _CLOSED_ISSUE_STATUSES:
            return f"issue {value.lower()}"
    if text(item.get("resolution")):
        return f"issue resolved {text(item.get('resolution')).lower()}"
    return ""


def _issue_severity(item: dict[str, Any]) -> Severity:
    if text(item.get("severity")):
        return _severity(item.get("severity"))
    impacts = [text(i.get("severity")).upper() for i in item.get("impacts") or [] if isinstance(i, dict)]
    known = [s for s in _IMPACT_ORDER if s in impacts]
    return _IMPACT_SEVERITIES[known[0]] if known else Severity.MEDIUM


def _line(item: dict[str, Any]) -> str:
    line = text(item.get("line"))
    text_range = item.get("textRange")
    if not line and isinstance(text_range, dict):
        line = text(text_range.get("startLine"))
    return line


def _api(ctx: ParseContext, doc: dict[str, Any]) -> Iterator[Finding]:
    projects = [text(c.get("key")) for c in doc.get("components") or [] if c.get("qualifier") == "TRK"]
    for item in doc.get("issues") or []:
        if not isinstance(item, dict) or not (item.get("rule") or item.get("key")):
            raise ValueError("a SonarQube API issue has no rule nor key")
        inactive = _issue_inactive(item)
        if inactive:
            ctx.skip(inactive)
            continue
        project = text(item.get("project")) or (projects[0] if projects else "")
        message = text(item.get("message"))
        tags = [text(t) for t in item.get("tags") or []]
        issue = _Issue(
            rule=text(item.get("rule")),
            title=message.split(" | ", 1)[0][:200] if message else text(item.get("rule")),
            severity=_issue_severity(item),
            path=_component_path(text(item.get("component")), project),
            line=_line(item),
            message=message + ("" if not tags else f"\nTags: {', '.join(tags)}"),
            status=text(item.get("status")),
            key=text(item.get("key")),
            kind=text(item.get("type")),
            created=text(item.get("creationDate")),
        )
        yield _finding(code_asset(ctx, project, "sonarqube"), issue, [issue])
    for item in doc.get("hotspots") or []:
        if not isinstance(item, dict):
            raise ValueError("a SonarQube API hotspot is not an object")
        resolution = text(item.get("resolution")).upper()
        if resolution in _SAFE_HOTSPOT_RESOLUTIONS:
            ctx.skip(f"hotspot reviewed {resolution.lower()}")
            continue
        project = text(item.get("project")) or (projects[0] if projects else "")
        message = text(item.get("message"))
        category = text(item.get("securityCategory"))
        issue = _Issue(
            rule=text(item.get("ruleKey")),
            title=message[:200] or text(item.get("ruleKey")),
            severity=label(item.get("vulnerabilityProbability"), Severity.MEDIUM),
            path=_component_path(text(item.get("component")), project),
            line=_line(item),
            message=message + (f"\nSecurity category: {category}" if category else ""),
            status=text(item.get("status")),
            key=text(item.get("key")),
            kind="SECURITY_HOTSPOT",
            created=text(item.get("creationDate")),
        )
        yield _finding(code_asset(ctx, project, "sonarqube"), issue, [issue])


def _report_json(doc: dict[str, Any]) -> Iterator[_Issue]:
    rules = doc.get("rules") or {}
    for item in doc.get("issues") or []:
        rule = text(item.get("rule"))
        info = rules.get(rule) or {}
        yield _Issue(
            rule=rule,
            title=text(item.get("description")) or text(info.get("name")) or rule,
            severity=_severity(item.get("severity")),
            path=text(item.get("component")),
            line=text(item.get("line")),
            message=text(item.get("message")),
            rule_help=_html_text(text(info.get("htmlDesc"))),
            status=text(item.get("status")),
            key=text(item.get("key")),
        )


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    try:
        return " ".join(html.fromstring(fragment).text_content().split())
    except (etree.ParserError, ValueError):
        return fragment


def _cells(row: Any) -> list[Any]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _rows(table: Any) -> list[Any]:
    # the table's own rows only: issue cells may hold nested tables
    bodies = [c for c in table if isinstance(c.tag, str) and c.tag in ("tbody", "thead")] or [table]
    return [r for b in bodies for r in b if isinstance(r.tag, str) and r.tag == "tr"]


def _html(report: ReportInput) -> tuple[str, list[_Issue]]:
    data = report.read_all()
    # HTML parsers repair anything, a cut file included: the closing tag is the only sign the page is complete
    if b"</html>" not in data[-4096:].lower():
        raise ValueError("the HTML page ends early (no closing </html> tag); the report looks truncated")
    root = html.document_fromstring(data, parser=html.HTMLParser(no_network=True, remove_comments=True))
    if root is None or _HTML_TITLE not in " ".join(root.xpath("//title/text()")):
        raise ValueError(f"the HTML page is not a {_HTML_TITLE}")
    meta = {
        " ".join(dt.text_content().split()): " ".join(dd.text_content().split())
        for dt, dd in zip(root.iter("dt"), root.iter("dd"), strict=False)
    }
    project = meta.get("Project Name") or meta.get("Project") or meta.get("Application") or ""
    rule_help: dict[str, str] = {}
    issue_rows: list[tuple[list[str], Any]] = []
    for table in root.iter("table"):
        rows = _rows(table)
        if not rows:
            continue
        header = [" ".join(c.text_content().split()).lower() for c in _cells(rows[0])]
        if header[:2] == ["rule", "description"]:
            for row in rows[1:]:
                cells = _cells(row)
                if len(cells) >= 2:
                    rule_help[" ".join(cells[0].text_content().split())] = " ".join(cells[1].text_content().split())
        elif {"rule", "severity", "component", "line"} <= set(header):
            issue_rows += [(header, row) for row in rows[1:]]
    issues = []
    for header, row in issue_rows:
        values = [" ".join(c.text_content().split()) for c in _cells(row)]
        cell = dict(zip(header, values, strict=False))
        if not cell.get("rule"):
            continue
        extra = values[len(header) :]
        rule = cell["rule"]
        issues.append(
            _Issue(
                rule=rule,
                title=cell.get("description") or rule,
                severity=_severity(cell.get("severity")),
                path=cell.get("component", ""),
                line=cell.get("line", ""),
                message=cell.get("message", ""),
                rule_help=rule_help.get(rule, ""),
                key=cell.get("key", ""),
                status=cell.get("status") or (extra[-1] if extra else ""),
            )
        )
    return project, issues
