"""Checkmarx SAST (CxSAST 8.x / 9.x) reports: the XML export (<CxXMLResults> of <Query> with <Result>/<Path>/
<PathNode>, written by the portal's "XML" report and the CLI / Jenkins plugin) and the JSON report of the
Checkmarx reporting service (reportHeader, executiveSummary, scanResults.sast.languages[].queries[].
vulnerabilities[], scanResults.sca.packages[], scanResults.kics.results[]).

XML, default mode: results are aggregated as DefectDojo does, one finding per CWE + severity + sink file, with the
number of occurrences and their locations in `details`. XML, detailed mode ("Checkmarx Scan detailed"): one finding
per result path. JSON: one finding per listed vulnerability (the report is already per vulnerability).
Severity as Checkmarx names it (High / Medium / Low / Information). The asset is the project (CODE; SCA packages
of the JSON report on a BUILD asset named after the project).

Not findings, counted with ctx.skip: results triaged as Not Exploitable (XML state="1" or FalsePositive="True",
JSON state "Not Exploitable"); an aggregate exists when at least one of its results is still exploitable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package
from ..readers import clear_element, iter_json, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import leading_members
from ._sca_common import cwe_id, parse_datetime, text, unique

_MAX_OCCURRENCES = 50


@register
class Checkmarx(ReportFormat):
    id = "checkmarx"
    scan_types = ("Checkmarx Scan", "Checkmarx Scan detailed")
    aliases = ("cx", "cxsast", "checkmarx-sast")
    default_asset_type = AssetType.CODE
    phoenix_scan_type = "Checkmarx Scan"
    recognises = "CxSAST XML (<CxXMLResults> with <Query>/<Result>) or the Checkmarx JSON report (scanResults.sast)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "CxXMLResults":
            return 0.95
        if (
            sniff.kind == "json"
            and sniff.has_paths("reportHeader", "scanResults")
            and sniff.has_any_path("scanResults.sast.languages", "executiveSummary", "scanResults.sca.packages")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "xml":
            yield from _parse_xml(report, ctx)  # reads through iter_xml first: entity declarations are refused
        elif head.kind == "json" and "scanResults" in head.json_top_keys:
            yield from _parse_json(report, ctx)
        else:
            raise ValueError("neither <CxXMLResults> XML nor a JSON report with scanResults")


# --- XML ---------------------------------------------------------------------------------------------------------


def _path_nodes(result: Any) -> list[Any]:
    path = result.find("Path")
    return [] if path is None else path.findall("PathNode")


def _node_where(node: Any) -> tuple[str, str]:
    return text(node.findtext("FileName")), text(node.findtext("Line"))


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    detailed = ctx.mode == "detailed"
    asset: Asset | None = None
    aggregated: dict[tuple[str, str, str], Finding] = {}
    for _event, query in iter_xml(report, "Query"):
        if asset is None:
            root = query.getroottree().getroot()
            if root.tag != "CxXMLResults":
                raise ValueError(f"the root element is <{root.tag}>, not <CxXMLResults>")
            project = text(root.get("ProjectName"))
            ctx.meta.target = project or None
            asset = _code_asset(ctx, project)
        for result in query.findall("Result"):
            if text(result.get("state")) == "1" or text(result.get("FalsePositive")).lower() == "true":
                ctx.skip("not exploitable")
                continue
            finding = _xml_finding(asset, query, result)
            if detailed:
                yield finding
                continue
            nodes = _path_nodes(result)
            sink = _node_where(nodes[-1])[0] if nodes else text(result.get("FileName"))
            key = (text(query.get("cweId")), text(result.get("Severity")), sink)
            first = aggregated.get(key)
            if first is None:
                finding.details["occurrences"] = 1
                finding.details["locations"] = [finding.location]
                aggregated[key] = finding
            else:
                first.details["occurrences"] += 1
                if len(first.details["locations"]) < _MAX_OCCURRENCES:
                    first.details["locations"].append(finding.location)
                if finding.name not in first.description:
                    first.description += f"\n\nAlso: {finding.name} at {finding.location}"
        clear_element(query)
    if asset is None:
        if not any(True for _ in iter_xml(report, "CxXMLResults")):
            raise ValueError("no <CxXMLResults> element: this is not a Checkmarx XML report")
        _code_asset(ctx, "")
    yield from aggregated.values()


def _xml_finding(asset: Asset, query: Any, result: Any) -> Finding:
    nodes = _path_nodes(result)
    source_file, source_line = _node_where(nodes[0]) if nodes else (text(result.get("FileName")), "")
    sink_file, sink_line = _node_where(nodes[-1]) if nodes else (source_file, text(result.get("Line")))
    query_name = text(query.get("name")).replace("_", " ")
    title = f"{query_name} ({sink_file.rsplit('/', 1)[-1]})" if sink_file else query_name
    description = (
        f"{query_name} ({text(query.get('group'))}, {text(query.get('Language'))}).\n"
        f"Source: {source_file}:{source_line} ({text(nodes[0].findtext('Name')) if nodes else ''})\n"
        f"Sink: {sink_file}:{sink_line} ({text(nodes[-1].findtext('Name')) if nodes else ''})"
    )
    categories = [c.strip() for c in text(query.get("categories")).split(",") if c.strip()]
    return Finding(
        asset=asset,
        name=title or "Checkmarx finding",
        severity=label(result.get("Severity") or query.get("Severity")),
        description=description,
        remedy=f"Review the data flow from {source_file}:{source_line} to {sink_file}:{sink_line} and sanitise it.",
        cwes=unique([cwe_id(query.get("cweId")) if text(query.get("cweId")) not in ("", "0") else None]),
        location=f"{sink_file}:{sink_line}" if sink_line else sink_file,
        details={
            k: v
            for k, v in {
                "queryId": query.get("id"),
                "queryPath": query.get("QueryPath"),
                "status": result.get("Status"),
                "state": result.get("state"),
                "deepLink": result.get("DeepLink"),
                "categories": categories[:20],
                "source": f"{source_file}:{source_line}",
            }.items()
            if v
        },
    )


def _code_asset(ctx: ParseContext, project: str) -> Asset:
    return ctx.asset(
        AssetType.CODE,
        {"scannerSource": project or "checkmarx-project", "origin": "checkmarx"},
        placeholder=not project,
    )


# --- JSON --------------------------------------------------------------------------------------------------------


def _parse_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    header = leading_members(report, ("scanResults",))
    project = text((header.get("reportHeader") or {}).get("projectName")) or text(
        (header.get("executiveSummary") or {}).get("projectName")
    )
    ctx.meta.target = project or None
    code = _code_asset(ctx, project)
    for language in iter_json(report, "scanResults.sast.languages.item"):
        for query in language.get("queries") or []:
            for vuln in query.get("vulnerabilities") or []:
                if _not_exploitable(ctx, vuln):
                    continue
                yield _sast_json(code, language, query, vuln)
    build = None
    for package in iter_json(report, "scanResults.sca.packages.item"):
        if build is None:
            build = ctx.asset(
                AssetType.BUILD,
                {"buildFile": project or "checkmarx-project", "origin": "checkmarx"},
                placeholder=not project,
            )
        for vuln in package.get("vulnerabilities") or []:
            if not _not_exploitable(ctx, vuln):
                yield _sca_json(build, package, vuln)
    for result in iter_json(report, "scanResults.kics.results.item"):
        for vuln in result.get("vulnerabilities") or []:
            if not _not_exploitable(ctx, vuln):
                yield _kics_json(code, vuln)


def _not_exploitable(ctx: ParseContext, vuln: dict[str, Any]) -> bool:
    if text(vuln.get("state")).upper().replace(" ", "_") == "NOT_EXPLOITABLE":
        ctx.skip("not exploitable")
        return True
    return False


def _json_common(vuln: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in {"status": vuln.get("status"), "state": vuln.get("state")}.items() if v}


def _sast_json(asset: Asset, language: dict[str, Any], query: dict[str, Any], vuln: dict[str, Any]) -> Finding:
    nodes = vuln.get("nodes") or [{}]
    first, last = nodes[0], nodes[-1]
    sink = f"{text(last.get('fileName'))}:{text(last.get('line'))}"
    query_name = text(query.get("queryName")).replace("_", " ")
    return Finding(
        asset=asset,
        name=query_name or "Checkmarx SAST finding",
        severity=label(vuln.get("severity")),
        description=text(query.get("description"))
        or f"{query_name} in {text(language.get('languageName'))}: from "
        f"{text(first.get('fileName'))}:{text(first.get('line'))} to {sink}",
        remedy="Review the data flow and sanitise it before it reaches the sink.",
        cwes=unique([cwe_id(vuln.get("cweId")) if text(vuln.get("cweId")) not in ("", "0") else None]),
        location=sink,
        published=parse_datetime(vuln.get("firstFoundDate")),
        details=_json_common(vuln) | {"group": vuln.get("groupName"), "similarityId": vuln.get("similarityId")},
    )


def _sca_json(asset: Asset, package: dict[str, Any], vuln: dict[str, Any]) -> Finding:
    name = text(package.get("name"))
    cve = text(vuln.get("cveName")) or text(vuln.get("cveId"))
    return Finding(
        asset=asset,
        name=f"{cve} in {name}" if cve else f"Vulnerability in {name}",
        severity=label(vuln.get("severity")),
        description=text(vuln.get("description")) or cve,
        remedy=f"Update {name} to a version not affected by {cve}" if cve else f"Update {name}",
        reference_ids=unique([cve]),
        cwes=unique([cwe_id(vuln.get("cwe"))]),
        location=name,
        package=Package(name, text(vuln.get("version")) or None),
        published=parse_datetime(vuln.get("firstFoundDate")),
        details=_json_common(vuln),
    )


def _kics_json(asset: Asset, vuln: dict[str, Any]) -> Finding:
    return Finding(
        asset=asset,
        name=text(vuln.get("queryName")) or "Checkmarx KICS finding",
        severity=label(vuln.get("severity")),
        description=text(vuln.get("description")) or text(vuln.get("queryName")),
        remedy=text(vuln.get("expectedValue")) or "Fix the configuration",
        location=text(vuln.get("fileName")),
        published=parse_datetime(vuln.get("firstFoundDate")),
        details=_json_common(vuln)
        | {
            "actualValue": vuln.get("actualValue"),
            "category": vuln.get("category"),
            "issueType": vuln.get("issueType"),
        },
    )
