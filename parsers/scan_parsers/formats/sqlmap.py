"""sqlmap (1.x) results, in the two files it writes:

* the results CSV (`--results-file`, and `results-<date>.csv` in the output directory for multiple-target runs
  `-m`/`-g`/crawling): `Target URL,Place,Parameter,Technique(s),Note(s)`, one row per injection point found;
  techniques are sqlmap's letters (B boolean-based blind, E error-based, U UNION query, S stacked queries,
  T time-based blind, Q inline queries).
* the session log (`<output>/<host>/log`): for each run, "sqlmap identified the following injection point(s) with
  a total of N HTTP(s) requests:" (or "sqlmap resumed the following injection point(s) from stored session:"),
  then between `---` lines a block per injectable parameter: `Parameter: id (GET)` followed by `Type:`, `Title:`,
  `Payload:` lines per technique, then `back-end DBMS: ...`. An empty log is a run that found nothing.

One finding per injection point, i.e. per target URL, place and parameter (high: sqlmap confirmed the injection;
CWE-89), with the techniques and payloads in details. A point reported again (a resumed session, a repeated run in
the CSV) folds into the first and is counted as skipped. Asset: WEB, the host of the target URL; the log does not
name its target (the host is the name of its directory), so its findings share a per-tool placeholder site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns, text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import web_asset

_COLUMNS = frozenset({"target url", "place", "parameter", "technique(s)"})
_TECHNIQUES = {
    "B": "boolean-based blind",
    "E": "error-based",
    "U": "UNION query",
    "S": "stacked queries",
    "T": "time-based blind",
    "Q": "inline queries",
}
_HEADER = re.compile(r"^sqlmap (identified|resumed) the following injection point\(s\)")
_PARAMETER = re.compile(r"^Parameter:\s*(.+?)\s*\(([^()]+)\)\s*$")


@dataclass(slots=True)
class _Point:
    url: str
    place: str
    parameter: str
    techniques: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    note: str = ""


@register
class Sqlmap(ReportFormat):
    id = "sqlmap"
    scan_types = ("Sqlmap Scan",)
    aliases = ("sqlmap",)
    default_asset_type = AssetType.WEB
    recognises = "sqlmap results CSV (Target URL, Place, Parameter, Technique(s)) or session log"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and sniff.csv_columns >= _COLUMNS:
            return 0.9
        if sniff.kind in ("text", "csv"):
            first = next((line.strip() for line in sniff.text.splitlines() if line.strip()), "")
            if _HEADER.match(first):
                return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = report.read_head(4096).decode("utf-8", "replace").lstrip("\ufeff").lstrip()
        points = _log_points(report) if not head or _HEADER.match(head) else _csv_points(report)
        seen: dict[tuple[str, str, str], _Point] = {}
        for point in points:
            key = (point.url, point.place.upper(), point.parameter)
            if key in seen:
                ctx.skip("injection point reported again")
                continue
            seen[key] = point
        for point in seen.values():
            yield _finding(ctx, point)


def _csv_points(report: ReportInput) -> Iterator[_Point]:
    for row in iter_csv_columns(report, _COLUMNS, "sqlmap results"):
        letters = row.get("technique(s)", "")
        yield _Point(
            url=row.get("target url", ""),
            place=row.get("place", ""),
            parameter=row.get("parameter", ""),
            techniques=[_TECHNIQUES.get(c, c) for c in letters if c.strip()],
            note=row.get("note(s)", ""),
        )


def _log_points(report: ReportInput) -> Iterator[_Point]:
    with report.open() as f:
        yield from _log_lines(report, text_stream(f))


def _log_lines(report: ReportInput, lines: Iterable[str]) -> Iterator[_Point]:
    in_block = False
    runs = 0
    block: list[_Point] = []
    last = ""
    for number, raw in enumerate(lines, 1):
        last = raw
        line = raw.strip()
        if line == "---":
            if in_block:
                yield from block
                block = []
            elif not runs:
                raise InvalidReport(f"{report.name}: line {number}: an injection block before any sqlmap header")
            in_block = not in_block
        elif in_block:
            _log_line(report, block, line, number)
        elif _HEADER.match(line):
            runs += 1
        elif line and not runs:
            raise InvalidReport(f"{report.name}: line {number} is not part of a sqlmap log: {line[:80]!r}")
        # other lines between blocks are the run's facts ("back-end DBMS: MySQL", "web server operating system")
    if in_block:
        raise InvalidReport(f"{report.name}: an injection block is not closed by '---': the log is truncated")
    if last and not last.endswith(("\n", "\r")):
        # sqlmap ends every line it logs: a last line without its end is a cut file
        if not report.fix_data:
            raise InvalidReport(f"{report.name}: the log ends in the middle of a line: it is truncated")
        report.repair("truncated-record", "the log ends in the middle of a line (outside any injection block)")


def _log_line(report: ReportInput, block: list[_Point], line: str, number: int) -> None:
    if not line:
        return
    m = _PARAMETER.match(line)
    if m:
        block.append(_Point(url="", place=m.group(2), parameter=m.group(1)))
        return
    if not block:
        raise InvalidReport(f"{report.name}: line {number} comes before any 'Parameter:' line")
    key, _, value = line.partition(":")
    point = block[-1]
    if key == "Type":
        point.techniques.append(value.strip())
    elif key == "Title":
        point.titles.append(value.strip())
    elif key == "Payload":
        point.payloads.append(value.strip())


def _finding(ctx: ParseContext, point: _Point) -> Finding:
    where = f"{point.place} parameter '{point.parameter}'"
    techniques = ", ".join(point.techniques) or "unknown technique"
    lines = [f"sqlmap confirmed SQL injection in the {where} ({techniques})."]
    lines += [f"{t}: {p}" for t, p in zip(point.titles, point.payloads, strict=False)]
    if point.note:
        lines.append(point.note)
    return Finding(
        asset=web_asset(ctx, "sqlmap", point.url or None),
        name=f"SQL injection in {where}",
        severity=Severity.HIGH,
        description="\n".join(lines),
        remedy="Use parameterised queries (prepared statements) for every database access; never build SQL from "
        "request input.",
        cwes=["CWE-89"],
        location=point.url or None,
        details={
            k: v
            for k, v in {
                "place": point.place,
                "parameter": point.parameter,
                "techniques": point.techniques,
                "payloads": point.payloads[:20],
                "note": point.note,
            }.items()
            if v
        },
    )
