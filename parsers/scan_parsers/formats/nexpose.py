"""Rapid7 Nexpose / InsightVM XML export ("xml-export-v2"): a NexposeReport root with nodes/node (address, names,
fingerprints, tests, endpoints/endpoint/services/service/tests) and a VulnerabilityDefinitions section.

The definitions usually come after the nodes, so the file is read twice: a first pass keeps only a compact summary
of each definition, the second streams node by node.

A finding is one vulnerability on one host (node-level tests), or on one host and service endpoint (port and
protocol: DNS on 53/tcp and 53/udp are two endpoints). Tests of one vulnerability, by DefectDojo's key (severity
and title, so also two test ids with one title), on one host and endpoint fold into one finding with all the
evidence (one test per user, file, package, ...). DefectDojo also folds them across hosts; a Phoenix finding
belongs to one asset, so we do not. Vulnerable means a test status of vulnerable-exploited, vulnerable-version or
vulnerable-potential. Like DefectDojo, every node also gets an informational "Host Up" finding. Severity: the
definition's 1-10 severity (9+ critical, 7+ high, 4+ medium, else low); the score is its CVSS v3 (else v2) score.

Not findings (counted as skipped): tests with another status (not-vulnerable, skipped-*, error, ...) and tests
whose vulnerability has no definition in the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import unique
from ._scan_common import cwes_in, float_or_none, infra_asset, join_nonempty

#: Test states that mean the host is affected (the others are "not-vulnerable", "skipped-*", ...).
_VULNERABLE = frozenset({"vulnerable-exploited", "vulnerable-version", "vulnerable-potential"})
_BLOCKS = frozenset({"Paragraph", "ContainerBlockElement", "UnorderedList", "OrderedList", "Table", "TableRow"})
_HOST_UP = "Host Up"
_HOST_UP_TEXT = "Host is up because it replied on ICMP request or some TCP/UDP port is open"


@dataclass(slots=True)
class _Definition:
    title: str
    severity: Severity
    score: float | None
    description: str
    solution: str
    cves: list[str]
    cwes: list[str]
    references: list[str]
    tags: list[str]
    details: dict[str, str] = field(default_factory=dict)
    published: datetime | None = None


@register
class Nexpose(ReportFormat):
    id = "nexpose"
    scan_types = ("Nexpose Scan",)
    aliases = ("nexpose", "rapid7", "insightvm", "rapid7-insightvm", "xml-export-v2")
    default_asset_type = AssetType.INFRA
    phoenix_scan_type = "Nexpose Scan"
    recognises = "Rapid7 Nexpose/InsightVM XML export (NexposeReport root with nodes and VulnerabilityDefinitions)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "NexposeReport":
            return 0.9 if sniff.xml_tags & {"nodes", "scans", "VulnerabilityDefinitions"} else 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        definitions = _read_definitions(report, ctx)
        for event, el in iter_xml(report, ("node", "vulnerability"), events=("end",)):
            del event
            if el.tag == "node" and _is_report_node(el):
                yield from _node_findings(ctx, el, definitions)
                clear_element(el)
            elif el.tag == "vulnerability":
                clear_element(el)


def _is_report_node(el: Any) -> bool:
    """True for NexposeReport/<section>/<item> (some exports nest an empty <nodes/> inside a node)."""
    parent = el.getparent()
    grand = parent.getparent() if parent is not None else None
    return grand is not None and grand.getparent() is None


# --- pass 1: definitions --------------------------------------------------------------------------------------


def _read_definitions(report: ReportInput, ctx: ParseContext) -> dict[str, _Definition]:
    definitions: dict[str, _Definition] = {}
    root_seen = False
    for event, el in iter_xml(report, ("NexposeReport", "scan", "node", "vulnerability"), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == "NexposeReport":
                root_seen = True
            continue
        if not root_seen:
            break
        if tag == "scan":
            _scan_meta(ctx, el)
        elif tag == "vulnerability":
            parent = el.getparent()
            # Only the report-level section counts (DefectDojo ignores definitions nested in a node too).
            if parent is not None and parent.tag == "VulnerabilityDefinitions" and el.get("id") and _is_report_node(el):
                definitions[el.get("id").lower()] = _definition(el)
            clear_element(el)
        elif tag == "node" and _is_report_node(el):
            # Only definitions are wanted in this pass: drop the node and its earlier siblings.
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no NexposeReport root element: not a Nexpose/InsightVM XML export")
    return definitions


def _scan_meta(ctx: ParseContext, el: Any) -> None:
    if ctx.meta.scan_date is None:
        ctx.meta.scan_date = _date(el.get("startTime"))
    if ctx.meta.target is None and el.get("name"):
        ctx.meta.target = el.get("name")


def _definition(el: Any) -> _Definition:
    try:
        level = int(el.get("severity") or 0)
    except ValueError:
        level = 0
    score = float_or_none(el.get("cvssV3Score")) or float_or_none(el.get("cvssScore"))
    refs: list[str] = []
    cves: list[str] = []
    cwes: list[str] = []
    tags: list[str] = []
    description = solution = ""
    for child in el:
        if child.tag == "description":
            description = rich_text(child)
        elif child.tag == "solution":
            solution = rich_text(child)
        elif child.tag == "references":
            for ref in child.iterfind("reference"):
                source, value = (ref.get("source") or "").upper(), (ref.text or "").strip()
                if not value:
                    continue
                if source == "CVE":
                    cves.append(value.upper())
                elif source == "CWE":
                    cwes.extend(cwes_in(value if value.upper().startswith("CWE") else f"CWE-{value}"))
                refs.append(f"{source}:{value}" if source else value)
        elif child.tag == "tags":
            tags = [t.text.strip() for t in child.iterfind("tag") if t.text and t.text.strip()]
    details = {
        k: v
        for k, v in (
            ("vulnerabilityId", el.get("id")),
            ("nexposeSeverity", el.get("severity")),
            ("pciSeverity", el.get("pciSeverity")),
            ("riskScore", el.get("riskScore")),
            ("cvssVector", el.get("cvssVector")),
            ("cvss3Vector", el.get("cvssV3Vector")),
        )
        if v
    }
    return _Definition(
        title=el.get("title") or el.get("id"),
        severity=_severity(level),
        score=score,
        description=description,
        solution=solution,
        cves=unique(cves),
        cwes=unique(cwes),
        references=refs,
        tags=tags,
        details=details,
        published=_date(el.get("published")),
    )


def _severity(level: int) -> Severity:
    """Nexpose's 1-10 severity, cut where DefectDojo cuts it (9 critical, 7 high, 4 medium, 1 low)."""
    return from_cvss(float(level))


def rich_text(el: Any) -> str:
    """Plain text of Nexpose's structured text (Paragraph, lists, preformatted blocks)."""
    lines: list[str] = []
    _walk(el, lines)
    text = "\n".join(line for line in lines if line)
    return text.strip()


def _walk(el: Any, lines: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    own = el.text or ""
    if tag == "Paragraph" and el.get("preformat") == "true":
        lines.append("\n".join(s.strip() for s in own.strip("\n").splitlines()))
    elif tag == "ListItem":
        lines.append("- " + " ".join("".join(el.itertext()).split()))
        return
    elif own.strip():
        lines.append(" ".join(own.split()))
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, lines)
        if child.tail and child.tail.strip():
            lines.append(" ".join(child.tail.split()))


def _date(value: str | None) -> datetime | None:
    """Nexpose timestamps: 20210211T162340221 (yyyyMMddTHHmmssSSS)."""
    if not value or len(value) < 15:
        return None
    try:
        return datetime.strptime(value[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


# --- pass 2: nodes --------------------------------------------------------------------------------------------


def _node_asset(ctx: ParseContext, node: Any) -> Asset:
    names = [n.text.strip() for n in node.iterfind("names/name") if n.text and n.text.strip()]
    hostname = names[0] if names else None
    fqdn = next((n for n in names if "." in n and not n.replace(".", "").isdigit()), None)
    os_el = node.find("fingerprints/os")
    os_name = None
    if os_el is not None:
        os_name = " ".join(unique([os_el.get("vendor"), os_el.get("product"), os_el.get("version")])) or None
    return infra_asset(
        ctx,
        "nexpose",
        ip=node.get("address") or None,
        hostname=hostname.split(".")[0] if hostname and fqdn == hostname else hostname,
        fqdn=fqdn,
        os=os_name,
        mac=_mac(node.get("hardware-address")),
    )


def _mac(value: str | None) -> str | None:
    if not value:
        return None
    raw = value.replace(":", "").replace("-", "")
    if len(raw) == 12:
        return ":".join(raw[i : i + 2] for i in range(0, 12, 2)).upper()
    return value


def _node_findings(ctx: ParseContext, node: Any, definitions: dict[str, _Definition]) -> Iterator[Finding]:
    asset = _node_asset(ctx, node)
    host = asset.attributes.get("ip") or asset.attributes.get("hostname") or ""
    folded: dict[tuple[str, ...], Finding] = {}
    _collect(ctx, folded, asset, node.find("tests"), definitions, host=host, port="", protocol="", service="")
    for endpoint in node.iterfind("endpoints/endpoint"):
        port, protocol = endpoint.get("port") or "", (endpoint.get("protocol") or "").lower()
        for service in endpoint.iterfind("services/service"):
            _collect(
                ctx,
                folded,
                asset,
                service.find("tests"),
                definitions,
                host=host,
                port=port,
                protocol=protocol,
                service=service.get("name") or "",
            )
    yield Finding(
        asset=asset,
        name=_HOST_UP,
        severity=Severity.INFO,
        description=_HOST_UP_TEXT,
        location=host,
        details={"status": node.get("status"), "riskScore": node.get("risk-score")},
    )
    yield from folded.values()


def _collect(
    ctx: ParseContext,
    folded: dict[tuple[str, ...], Finding],
    asset: Asset,
    tests: Any,
    definitions: dict[str, _Definition],
    *,
    host: str,
    port: str,
    protocol: str,
    service: str,
) -> None:
    if tests is None:
        return
    for test in tests.iterfind("test"):
        test_id = (test.get("id") or "").lower()
        definition = definitions.get(test_id)
        status = test.get("status") or "missing"
        if status not in _VULNERABLE:
            ctx.skip(f"test status {status}")
            continue
        if definition is None:
            ctx.skip("vulnerable test without a vulnerability definition")
            continue
        evidence = rich_text(test)
        key = (definition.severity.value, definition.title, port, protocol)
        existing = folded.get(key)
        if existing is not None:
            # The same check again on this host and port (another user, file, package): one finding, all evidence.
            if evidence and evidence not in existing.description:
                existing.description = join_nonempty(existing.description, evidence)
            continue
        details: dict[str, Any] = {**definition.details, "status": test.get("status")}
        if port:
            details.update(port=port, protocol=protocol, service=service)
        if definition.references:
            details["references"] = definition.references[:20]
        if test.get("vulnerable-since"):
            details["vulnerableSince"] = test.get("vulnerable-since")
        folded[key] = Finding(
            asset=asset,
            name=definition.title,
            severity=definition.severity,
            description=join_nonempty(definition.description, evidence) or definition.title,
            remedy=definition.solution,
            score=definition.score,
            reference_ids=list(definition.cves),
            cwes=list(definition.cwes),
            location=f"{host}:{port}/{protocol}" if port else host,
            published=definition.published,
            details=details,
            tags=[Tag(t, "nexpose") for t in definition.tags],
        )
