"""Greenbone / OpenVAS reports: the GMP XML report (report[/report]/results/result with host, port, nvt (oid,
name, cvss_base, tags, refs, solution), threat, severity, description, qod) and the CSV export ("CSV Results":
IP, Hostname, Port, Port Protocol, CVSS, Severity, NVT Name, Summary, Specific Result, NVT OID, CVEs, ...).

Granularity: one finding per host, port and NVT. A report can repeat a result for the same NVT on the same host
and port (two runs of a check whose output differs only in a timestamp); the first one is kept and the others
are counted in a warning, so both shapes stream without holding the report. "Log" results (information a check
gathered, severity 0) are informational findings, like the reports show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_csv_columns, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, unique
from ._scan_common import float_or_none, infra_asset, join_nonempty

_THREATS = {"log": Severity.INFO, "debug": Severity.INFO, "false positive": Severity.INFO, "alarm": Severity.HIGH}
_XML_ROOTS = frozenset({"report", "get_reports_response"})
_CSV_COLUMNS = frozenset({"ip", "nvt name", "nvt oid"})
#: nvt/tags keys, in the order they make a readable description.
_DESCRIPTION_TAGS = (("summary", ""), ("insight", "Insight"), ("impact", "Impact"), ("affected", "Affected"))


@register
class OpenVas(ReportFormat):
    id = "openvas"
    scan_types = ("OpenVAS Parser", "OpenVAS Parser v2")
    aliases = ("openvas", "greenbone", "gvm")
    default_asset_type = AssetType.INFRA
    phoenix_scan_type = "OpenVAS Parser"
    recognises = "Greenbone/OpenVAS XML report (results/result/nvt) or its CSV export (IP, NVT Name, NVT OID, ...)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root in _XML_ROOTS:
            if sniff.xml_tags & {"nvt", "gmp", "omp", "scan_run_status", "report_format"}:
                return 0.9
            return 0.0
        if sniff.kind == "csv" and sniff.csv_columns >= _CSV_COLUMNS:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folding = _Duplicates(ctx)
        rows = _xml_results(report, ctx) if report.first_byte() == b"<" else _csv_results(report, ctx)
        for key, finding in rows:
            if folding.first(key):
                yield finding
        folding.report()


class _Duplicates:
    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.seen: set[tuple[str, ...]] = set()
        self.repeated = 0

    def first(self, key: tuple[str, ...]) -> bool:
        if key in self.seen:
            self.repeated += 1
            return False
        self.seen.add(key)
        return True

    def report(self) -> None:
        if self.repeated:
            self.ctx.warn(
                "repeated-result",
                f"{self.repeated} results repeated an NVT already reported on the same host and port; "
                "the first result of each was kept",
            )


def _severity(threat: str, score: float | None) -> Severity:
    word = threat.strip().lower()
    if word in _THREATS:
        return _THREATS[word]
    if word:
        return label(word, from_cvss(score) if score is not None else Severity.INFO)
    return from_cvss(score) if score is not None else Severity.INFO


# --- XML --------------------------------------------------------------------------------------------------------


def _xml_results(report: ReportInput, ctx: ParseContext) -> Iterator[tuple[tuple[str, ...], Finding]]:
    root_seen = False
    for event, el in iter_xml(report, (*_XML_ROOTS, "result"), events=("start", "end")):
        if el.tag in _XML_ROOTS:
            root_seen = True
            continue
        if not root_seen:
            break
        if event != "end":
            continue
        parent = el.getparent()
        if parent is not None and parent.tag == "results":
            yield _xml_finding(ctx, el)
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no report root element: not a Greenbone/OpenVAS XML report")


def _tags(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in value.split("|"):
        key, sep, val = part.partition("=")
        if sep and val.strip() and val.strip() != "N/A":
            out[key.strip()] = val.strip()
    return out


def _xml_finding(ctx: ParseContext, el: Any) -> tuple[tuple[str, ...], Finding]:
    host_el = el.find("host")
    ip = (host_el.text or "").strip() if host_el is not None else ""
    hostname = (host_el.findtext("hostname") or "").strip() if host_el is not None else ""
    port = (el.findtext("port") or "").strip() or "general"
    nvt = el.find("nvt")
    if nvt is None:
        raise ValueError("a result without an nvt element")
    oid = nvt.get("oid") or ""
    name = (nvt.findtext("name") or el.findtext("name") or "").strip() or oid
    tags = _tags(nvt.findtext("tags") or "")
    score = float_or_none(el.findtext("severity")) or float_or_none(nvt.findtext("cvss_base"))
    cves = [r.get("id") or "" for r in nvt.iterfind("refs/ref") if (r.get("type") or "").lower() == "cve"]
    cves += cves_in(nvt.findtext("cve") or "")  # OpenVAS 8/9: <cve>CVE-a, CVE-b</cve>
    urls = [r.get("id") or "" for r in nvt.iterfind("refs/ref") if (r.get("type") or "").lower() == "url"]
    solution_el = nvt.find("solution")
    solution = (solution_el.text or "").strip() if solution_el is not None else tags.get("solution", "")
    solution_type = (solution_el.get("type") if solution_el is not None else None) or tags.get("solution_type", "")
    output = (el.findtext("description") or "").strip()
    qod = (el.findtext("qod/value") or "").strip()
    finding = Finding(
        asset=infra_asset(ctx, "openvas", ip=ip or None, hostname=hostname or None),
        name=name,
        severity=_severity(el.findtext("threat") or "", score),
        score=score,
        description=join_nonempty(
            *(f"{title}: {tags[key]}" if title else tags[key] for key, title in _DESCRIPTION_TAGS if key in tags),
            f"Detection result:\n{output}" if output else "",
        )
        or name,
        remedy=join_nonempty(solution, f"Solution type: {solution_type}" if solution_type else "")
        or "No remediation provided",
        reference_ids=unique(c.upper() for c in cves if c),
        location=port,
        details={
            k: v
            for k, v in {
                "nvtOid": oid,
                "family": nvt.findtext("family"),
                "qod": qod,
                "cvssVector": tags.get("cvss_base_vector"),
                "detectionMethod": tags.get("vuldetect"),
                "references": urls,
                "resultId": el.get("id"),
            }.items()
            if v
        },
    )
    return (ip or hostname, port, oid or name), finding


# --- CSV --------------------------------------------------------------------------------------------------------


def _csv_results(report: ReportInput, ctx: ParseContext) -> Iterator[tuple[tuple[str, ...], Finding]]:
    for row in iter_csv_columns(report, _CSV_COLUMNS, "OpenVAS"):
        yield _csv_finding(ctx, row)


def _csv_finding(ctx: ParseContext, row: dict[str, str]) -> tuple[tuple[str, ...], Finding]:
    ip, hostname = row.get("ip", ""), row.get("hostname", "")
    port = f"{row['port']}/{row.get('port protocol') or 'tcp'}" if row.get("port") else "general"
    oid, name = row.get("nvt oid", ""), row.get("nvt name", "") or row.get("nvt oid", "")
    score = float_or_none(row.get("cvss"))
    output = row.get("specific result", "")
    solution_type = row.get("solution type", "")
    finding = Finding(
        asset=infra_asset(ctx, "openvas", ip=ip or None, hostname=hostname or None),
        name=name,
        severity=_severity(row.get("severity", ""), score),
        score=score,
        description=join_nonempty(
            row.get("summary", ""),
            f"Insight: {row['vulnerability insight']}" if row.get("vulnerability insight") else "",
            f"Impact: {row['impact']}" if row.get("impact") else "",
            f"Affected: {row['affected software/os']}" if row.get("affected software/os") else "",
            f"Detection result:\n{output}" if output else "",
        )
        or name,
        remedy=join_nonempty(row.get("solution", ""), f"Solution type: {solution_type}" if solution_type else "")
        or "No remediation provided",
        reference_ids=unique([*cves_in(row.get("cves", "")), *cves_in(name)]),
        location=port,
        details={
            k: v
            for k, v in {
                "nvtOid": oid,
                "qod": row.get("qod"),
                "detectionMethod": row.get("vulnerability detection method"),
                "references": row.get("other references"),
                "bids": row.get("bids"),
                "certs": row.get("certs"),
                "task": row.get("task name"),
                "timestamp": row.get("timestamp"),
                "resultId": row.get("result id"),
            }.items()
            if v
        },
    )
    return (ip or hostname, port, oid or name), finding
