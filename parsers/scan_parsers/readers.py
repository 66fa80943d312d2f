"""Safe, streaming readers shared by the formats: JSON (whole or item by item), XML (iterparse), CSV and xlsx
workbooks (a zip of XML parts, read with iterparse)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

import ijson
import orjson
from lxml import etree

from .errors import InvalidReport, UnsafeReport
from .source import ReportInput

#: Reports up to this size are loaded whole with orjson (fastest); larger ones are streamed with ijson.
WHOLE_JSON_LIMIT = 64 << 20


def load_json(report: ReportInput) -> Any:
    """Load a whole JSON document. For formats whose structure needs random access; prefer `iter_json`."""
    data = report.read_all()
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if not report.fix_data:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
        # Some tools write UTF-16 (with a BOM) or latin-1; decode that once before giving up.
        enc = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "latin-1"
        try:
            doc = orjson.loads(data.decode(enc).encode("utf-8"))
        except (orjson.JSONDecodeError, UnicodeError):
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
        report.repair("encoding", f"report was not UTF-8; read it as {enc}")
        return doc


def require_list_member(report: ReportInput, keys: tuple[str, ...], what: str) -> None:
    """For a streaming parser that found no items: the document (then small) must still be an object with a list
    under one of `keys`, or a report of another shape would read as a clean scan."""
    data = load_json(report)
    if not isinstance(data, dict) or not any(isinstance(data.get(k), list) for k in keys):
        raise InvalidReport(f"{report.name}: no `{keys[0]}` list: not {what}")


#: An integer literal of 19+ digits: beyond int64, where ijson's C backend overflows when floats are requested.
_BIG_INT = re.compile(rb"[:\[,]\s*-?\d{19,}\s*[,}\]]")


def has_big_ints(head: bytes) -> bool:
    return _BIG_INT.search(head) is not None


def json_backend(report: ReportInput) -> Any:
    """The ijson backend for a report: the fast C one, or the pure-Python one when the head holds integers beyond
    int64 (Checkmarx One query ids), which the C backend cannot parse together with `use_float`."""
    return ijson.get_backend("python") if has_big_ints(report.read_head()) else ijson


def iter_json(report: ReportInput, prefix: str) -> Iterator[Any]:
    """Yield the items at an ijson prefix (e.g. "matches.item") without loading the whole document."""
    with report.open() as f:
        try:
            yield from json_backend(report).items(f, prefix, use_float=True)
        except ijson.common.IncompleteJSONError as exc:
            raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc


def iter_json_lines(report: ReportInput) -> Iterator[Any]:
    """Yield one document per non-empty line (JSON Lines), or, when the first line is not a whole document, each
    of a stream of pretty-printed documents (what `jq .` makes of a JSON Lines file)."""
    first = report.read_head().lstrip().split(b"\n", 1)[0].strip()
    if first[:1] == b"{" and not _is_whole(first):
        yield from _json_stream(report)
        return
    with report.open() as f:
        pending: tuple[int, bytes] | None = None  # one line of look-behind: only the last line may be truncated
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                continue
            if pending is not None:
                yield _json_line(report, *pending)
            pending = (n, line)
        if pending is not None:
            try:
                yield _json_line(report, *pending)
            except InvalidReport:
                if not report.fix_data or pending[0] == 1:
                    raise
                report.repair("truncated-record", f"dropped a truncated last record (line {pending[0]})")


def _is_whole(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _json_stream(report: ReportInput) -> Iterator[Any]:
    n = 0
    with report.open() as f:
        try:
            for doc in json_backend(report).items(f, "", use_float=True, multiple_values=True):
                n += 1
                yield doc
        except ijson.common.IncompleteJSONError as exc:
            if not report.fix_data or n == 0:
                raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc
            report.repair("truncated-record", f"dropped a truncated last record (after record {n})")
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc


def _json_line(report: ReportInput, n: int, line: bytes) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise InvalidReport(f"{report.name}: line {n} is not valid JSON ({exc})") from exc


def _xml_parser_kwargs() -> dict[str, Any]:
    # No entity expansion, no DTD loading, no network: refuses billion-laughs and XXE by construction.
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _check_entities(report: ReportInput) -> None:
    head = report.read_head(65536)
    if b"<!ENTITY" in head:
        raise UnsafeReport(f"{report.name}: XML declares entities (<!ENTITY>); refused to avoid entity expansion")


def iter_xml(
    report: ReportInput, tags: tuple[str, ...] | str, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Any]]:
    """Stream (event, element) pairs for elements with the given local names; elements are cleared after use
    by `clear_element`, so memory stays bounded on huge reports."""
    _check_entities(report)
    wanted = {tags} if isinstance(tags, str) else set(tags)
    with report.open() as f:
        try:
            for event, el in etree.iterparse(f, events=events, **_xml_parser_kwargs()):
                if isinstance(el.tag, str) and etree.QName(el.tag).localname in wanted:
                    yield event, el
        except etree.XMLSyntaxError as exc:
            raise InvalidReport(f"{report.name}: XML is malformed ({exc})") from exc


def clear_element(el: Any) -> None:
    """Free a processed element and the siblings before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def parse_xml(report: ReportInput) -> Any:
    """Parse a whole (small) XML document safely and return the root element."""
    _check_entities(report)
    parser = etree.XMLParser(**_xml_parser_kwargs())
    with report.open() as f:
        try:
            return etree.parse(f, parser).getroot()
        except etree.XMLSyntaxError as exc:
            raise InvalidReport(f"{report.name}: XML is malformed ({exc})") from exc


def text_stream(f: IO[bytes]) -> io.TextIOWrapper:
    """Decode as UTF-8 (BOM tolerated), replacing undecodable bytes rather than failing."""
    return io.TextIOWrapper(f, encoding="utf-8-sig", errors="replace", newline="")


def iter_csv(report: ReportInput, delimiter: str | None = None) -> Iterator[dict[str, str]]:
    """Yield rows as dicts keyed by the stripped header names. Short rows get "" for missing columns."""
    with report.open() as f:
        text = text_stream(f)
        first = text.readline()
        if not first:
            return
        if delimiter is None:
            delimiter = max((",", ";", "\t"), key=first.count)
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
        csv.field_size_limit(1 << 28)
        reader = csv.reader(text, delimiter=delimiter)
        pending: list[str] | None = None  # one row of look-behind: only the last row may be truncated
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            if pending is not None:
                yield _csv_row(report, header, pending, delimiter, reader.line_num)
            pending = row
        if pending is not None:
            if len(pending) < len(header) and report.fix_data and not _ends_with_newline(report):
                report.repair("truncated-record", "dropped a truncated last CSV row")
                return
            yield _csv_row(report, header, pending, delimiter, reader.line_num)


def iter_csv_columns(report: ReportInput, required: frozenset[str], what: str) -> Iterator[dict[str, str]]:
    """Rows keyed by lower-case column names, values stripped, after checking that the header has the `required`
    (lower-case) columns: a CSV of another tool is refused even when it has no rows, instead of reading as a clean
    scan."""
    lines = report.read_head().decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    if not lines:
        return
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    header = {c.strip().lower() for c in next(csv.reader([lines[0]], delimiter=delimiter), [])}
    missing = required - header
    if missing:
        raise InvalidReport(f"{report.name}: CSV without the {what} columns {sorted(missing)}")
    for row in iter_csv(report, delimiter):
        yield {k.lower(): (v or "").strip() for k, v in row.items() if k}


def _csv_row(report: ReportInput, header: list[str], row: list[str], delimiter: str, line: int) -> dict[str, str]:
    if len(row) > len(header):
        # Column drift: an unquoted delimiter inside the last field. Fold the overflow back into that field.
        if not report.fix_data:
            raise InvalidReport(f"{report.name}: line {line} has {len(row)} fields, the header has {len(header)}")
        report.repair(
            "csv-column-drift", "rows with more fields than the header had the overflow folded into the last column"
        )
        row = [*row[: len(header) - 1], delimiter.join(row[len(header) - 1 :])]
    values = row + [""] * (len(header) - len(row))
    return dict(zip(header, values, strict=False))


def _ends_with_newline(report: ReportInput) -> bool:
    with report.open() as f:
        last = b""
        while chunk := f.read(1 << 20):
            last = chunk
        return last.endswith((b"\n", b"\r"))


def iter_json_members(report: ReportInput, prefix: str) -> Iterator[tuple[str, Any]]:
    """Yield (key, value) for each member of the object at an ijson prefix (e.g. npm's "advisories" map),
    one member in memory at a time."""
    with report.open() as f:
        try:
            yield from json_backend(report).kvitems(f, prefix, use_float=True)
        except ijson.common.IncompleteJSONError as exc:
            raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc


# ---------------------------------------------------------------- xlsx (Office Open XML spreadsheets)

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_COLUMN = re.compile(r"^([A-Z]+)")


def is_xlsx(members: list[str]) -> bool:
    """An xlsx workbook, from a zip's member names: its workbook part and at least one worksheet."""
    names = set(members)
    return "xl/workbook.xml" in names and any(m.startswith("xl/worksheets/sheet") for m in names)


def _xlsx_zip(report: ReportInput) -> zipfile.ZipFile:
    source: Any = report.path if report.path is not None else io.BytesIO(report.read_all())
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidReport(f"{report.name}: not a readable xlsx workbook ({exc})") from exc
    if not is_xlsx(zf.namelist()):
        zf.close()
        raise InvalidReport(f"{report.name}: a zip without xl/workbook.xml and worksheets: not an xlsx workbook")
    return zf


def _xlsx_events(report: ReportInput, zf: zipfile.ZipFile, member: str, tag: str) -> Iterator[Any]:
    """The `tag` elements (main-namespace local name) of one part, streamed and freed after use."""
    with zf.open(member) as f:
        try:
            for _event, el in etree.iterparse(f, events=("end",), tag=f"{{{_SHEET_NS}}}{tag}", **_xml_parser_kwargs()):
                yield el
                clear_element(el)
        except etree.XMLSyntaxError as exc:
            raise InvalidReport(f"{report.name}: {member} is malformed XML ({exc})") from exc


def _xlsx_text(el: Any) -> str:
    """The text of a shared string or inline string: its <t>, or the <t> of every rich-text run (<r>)."""
    return "".join(t.text or "" for t in el.iter(f"{{{_SHEET_NS}}}t") if t.getparent().tag != f"{{{_SHEET_NS}}}rPh")


def xlsx_sheet_names(report: ReportInput) -> list[str]:
    """The worksheet names of a workbook, in workbook order."""
    with _xlsx_zip(report) as zf:
        return [name for name, _part in _xlsx_sheets(report, zf)]


def _xlsx_sheets(report: ReportInput, zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of every worksheet: workbook.xml names them, its relationships give each one's part."""
    targets: dict[str, str] = {}
    rels = "xl/_rels/workbook.xml.rels"
    if rels in zf.namelist():
        with zf.open(rels) as f:
            root = etree.parse(f, etree.XMLParser(**_xml_parser_kwargs())).getroot()
        for rel in root:
            target = rel.get("Target") or ""
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id") or ""] = part
    sheets: list[tuple[str, str]] = []
    for n, el in enumerate(_xlsx_events(report, zf, "xl/workbook.xml", "sheet"), 1):
        part = targets.get(el.get(f"{{{_REL_NS}}}id") or "", f"xl/worksheets/sheet{n}.xml")
        sheets.append((el.get("name") or f"Sheet{n}", part))
    return sheets


def _column_index(ref: str) -> int:
    m = _COLUMN.match(ref)
    if not m:
        return -1
    index = 0
    for ch in m.group(1):
        index = index * 26 + ord(ch) - 64
    return index - 1


def _cell_value(cell: Any, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(f"{{{_SHEET_NS}}}is")
        return _xlsx_text(inline) if inline is not None else ""
    v = cell.find(f"{{{_SHEET_NS}}}v")
    raw = v.text if v is not None and v.text is not None else ""
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    return raw


def iter_xlsx_rows(report: ReportInput, sheet: int | str = 0) -> Iterator[list[str]]:
    """Yield the rows of one worksheet (by position or name) as lists of cell text, streamed: cells are placed by
    their column reference (gaps are ""), shared strings resolved, booleans TRUE/FALSE, numbers and dates as the
    workbook stores them (dates are day serials). Rows with no value are skipped."""
    with _xlsx_zip(report) as zf:
        sheets = _xlsx_sheets(report, zf)
        if isinstance(sheet, int):
            if not 0 <= sheet < len(sheets):
                raise InvalidReport(f"{report.name}: the workbook has no worksheet {sheet + 1}")
            part = sheets[sheet][1]
        else:
            part = next((p for name, p in sheets if name.strip().lower() == sheet.strip().lower()), "")
            if not part:
                raise InvalidReport(f"{report.name}: the workbook has no worksheet named {sheet!r}")
        if part not in zf.namelist():
            raise InvalidReport(f"{report.name}: the workbook names a worksheet part {part} it does not hold")
        shared: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            shared = [_xlsx_text(si) for si in _xlsx_events(report, zf, "xl/sharedStrings.xml", "si")]
        for row in _xlsx_events(report, zf, part, "row"):
            values: list[str] = []
            for cell in row.iterchildren(f"{{{_SHEET_NS}}}c"):
                index = _column_index(cell.get("r") or "")
                index = index if index >= 0 else len(values)
                values += [""] * (index + 1 - len(values))
                values[index] = _cell_value(cell, shared)
            if any(v.strip() for v in values):
                yield values


def iter_xlsx_records(report: ReportInput, sheet: int | str = 0) -> Iterator[dict[str, str]]:
    """The rows after a worksheet's first row as dicts keyed by the stripped header cells (short rows get "")."""
    header: list[str] | None = None
    for values in iter_xlsx_rows(report, sheet):
        if header is None:
            header = [h.strip() for h in values]
            continue
        values += [""] * (len(header) - len(values))
        yield {h: values[i].strip() for i, h in enumerate(header) if h}
