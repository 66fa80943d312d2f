"""One look at the head of a report, shared by every format's detector.

The head is read once (see `ReportInput.read_head`); from it we derive the container kind and the shape facts
detectors need: JSON key paths, the XML root and early element names, the CSV header row, zip member names.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import ijson
import orjson
from lxml import etree

from .readers import has_big_ints
from .source import ReportInput

_MAX_JSON_EVENTS = 300_000
_MAX_XML_TAGS = 3_000
_MAX_JSON_STRINGS = 5_000
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _decode(head: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="replace")
    return head.decode("utf-8", errors="replace")


@dataclass
class Sniff:
    name: str
    kind: str  # json | jsonl | xml | csv | text | zip | empty | binary
    text: str = ""
    json_root: str | None = None  # object | array
    #: dotted key paths seen in the head: "Results", "Results.item.Vulnerabilities", ...
    json_paths: set[str] = field(default_factory=set)
    json_top_keys: list[str] = field(default_factory=list)
    #: the first short string value seen at each key path ("runs.item.tool.driver.name" -> "SnykCode"): what a
    #: detector reads instead of matching the raw text, so that key order and whitespace do not matter
    json_strings: dict[str, str] = field(default_factory=dict)
    xml_root: str | None = None
    xml_root_attrs: dict[str, str] = field(default_factory=dict)
    xml_namespace: str | None = None
    xml_tags: set[str] = field(default_factory=set)
    csv_header: list[str] = field(default_factory=list)
    zip_members: list[str] = field(default_factory=list)

    @property
    def lower_name(self) -> str:
        return self.name.lower()

    def has_paths(self, *paths: str) -> bool:
        return all(p in self.json_paths for p in paths)

    def has_any_path(self, *paths: str) -> bool:
        return any(p in self.json_paths for p in paths)

    def json_string(self, path: str) -> str:
        """The first string value at `path` in the head, or ""."""
        return self.json_strings.get(path, "")

    @property
    def csv_columns(self) -> set[str]:
        return {c.strip().strip('"').lower() for c in self.csv_header}

    def contains(self, needle: str) -> bool:
        return needle in self.text


def sniff(report: ReportInput) -> Sniff:
    if report.is_archive:
        return Sniff(name=report.inner_name, kind="zip", zip_members=list(report.zip_members))
    head = report.read_head()
    s = Sniff(name=report.inner_name, kind="text", zip_members=list(report.zip_members))
    stripped = head.lstrip()
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :].lstrip()
    if not stripped:
        s.kind = "empty"
        return s
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        s.kind = "binary"
        return s
    s.text = _decode(head)
    body = s.text.lstrip()
    if body[:1] in "{[":
        _sniff_json(s, stripped)
    elif body[:1] == "<":
        _sniff_xml(s, stripped)
    if s.kind == "text":
        _sniff_csv(s)
    return s


def _sniff_json(s: Sniff, head: bytes) -> None:
    s.kind = "json"
    s.json_root = "object" if head[:1] == b"{" else "array"
    first_line_end = head.find(b"\n")
    if (
        s.json_root == "object"
        and 0 < first_line_end < len(head) - 1
        and head[first_line_end + 1 :].lstrip()[:1] == b"{"
        and _is_whole_json(head[:first_line_end])
    ):
        # one JSON document per line: keys come from the first document
        s.kind = "jsonl"
        head = head[:first_line_end]
    count = 0
    try:
        backend = ijson.get_backend("python") if has_big_ints(head) else ijson
        for prefix, event, value in backend.parse(io.BytesIO(head), use_float=True):
            count += 1
            if event == "map_key":
                path = f"{prefix}.{value}" if prefix else str(value)
                if path.count(".") <= 6:
                    s.json_paths.add(path)
                    if not prefix:
                        s.json_top_keys.append(str(value))
            elif event == "string" and _keeps_string(s, prefix, value):
                s.json_strings[prefix] = value
            if count >= _MAX_JSON_EVENTS:
                break
    except (ijson.common.IncompleteJSONError, ijson.common.JSONError, ValueError, UnicodeDecodeError):
        if count == 0:
            s.kind = "text"


def _keeps_string(s: Sniff, prefix: str, value: str) -> bool:
    """Short values, the first at each path, a bounded number of them: enough for detectors, cheap on big heads."""
    return (
        len(value) <= 200
        and prefix not in s.json_strings
        and len(s.json_strings) < _MAX_JSON_STRINGS
        and prefix.count(".") <= 6
    )


def _is_whole_json(line: bytes) -> bool:
    """JSON Lines only when the first line is a complete document: pretty-printed JSON may also open with
    `{"results": [` and continue with a line starting with "{"."""
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


_ROOT_RE = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def _sniff_xml(s: Sniff, head: bytes) -> None:
    s.kind = "xml"
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        parser.feed(head)
        for _event, el in parser.read_events():
            if not isinstance(el.tag, str):
                continue
            qname = etree.QName(el.tag)
            if s.xml_root is None:
                s.xml_root = qname.localname
                s.xml_namespace = qname.namespace
                s.xml_root_attrs = {etree.QName(k).localname: v for k, v in el.attrib.items()}
            s.xml_tags.add(qname.localname)
            if len(s.xml_tags) >= _MAX_XML_TAGS:
                break
    except (etree.XMLSyntaxError, etree.ParserError, ValueError):
        pass
    if s.xml_root is None:
        # Fall back to the first element name in the text (skipping the prolog, comments, doctype).
        text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", s.text[:65536], flags=re.S)
        m = _ROOT_RE.search(text)
        if m:
            s.xml_root = m.group(2)
        else:
            s.kind = "text"


def _sniff_csv(s: Sniff) -> None:
    first = s.text.split("\n", 1)[0].strip("\r")
    if not first:
        return
    for delim in (",", ";", "\t", "|"):
        if first.count(delim) >= 1:
            try:
                row = next(csv.reader([first], delimiter=delim))
            except (csv.Error, StopIteration):
                continue
            if len(row) >= 2:
                s.kind = "csv"
                s.csv_header = [c.strip() for c in row]
                return
