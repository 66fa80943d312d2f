"""What a report holds, judged without knowing its format: the pipeline's check against silent zeros.

A parse that yields no finding is only believed when the report has no records, or when the parser accounted for
every record it passed over (`ParseContext.skip`). Records are counted structurally, so a parser that looks in the
wrong place (another version's layout) cannot vouch for itself:

- JSON: every object or array that is an element of an array, under the path with the most of them, except arrays
  that are plainly metadata (owner references, scan errors, quality-gate conditions ...);
- JSON Lines: every document;
- CSV: every data row after the header row (other plain text is left to its parser);
- XML: every element whose name says it is a record (issue, vulnerability, finding, result, alert, ...) and that
  has content.

Content-free documents (empty, `null`, `[]`, `{}`, a zip with no report) hold nothing at all: with a named scanner
they are valid empty scans.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from typing import Any

import ijson
import orjson
from lxml import etree

from .readers import json_backend, text_stream
from .sniff import sniff
from .source import HEAD_SIZE, ReportInput

#: Array members that describe the scan or the object scanned, not what was found in it.
_METADATA_KEYS = frozenset(
    {
        "ownerreferences",
        "managedfields",
        "errors",
        "scan_errors",
        "conditions",
        "frameworks",
        "dependency_files",
        "tools",
        "analyzers",
        "links",
        "references",
        "tags",
        "labels",
        "annotations",
        "containers",
        "initcontainers",
        "volumes",
        "arguments",
        "invocations",
        "artifacts",
        "notifications",
        "configurationnotifications",
        "toolexecutionnotifications",
        # what a scanner was configured with or walked through, not what it found
        "plugins_used",
        "rules",
        "checks",
        "nodes",
        "branches",
        "full_product_names",
        "filters_used",
        "services",
        "layers",
        "relationships",
        "product_groups",
    }
)
#: XML element names that denote a finding-like record in some scanner's vocabulary.
_XML_RECORD_NAMES = frozenset(
    {
        "issue",
        "vulnerability",
        "vuln",
        "finding",
        "result",
        "alert",
        "alertitem",
        "bug",
        "reportitem",
        "defect",
        "violation",
        "flaw",
        "weakness",
        "detection",
        "rule-result",
        "testcase",
    }
)


@dataclass(frozen=True, slots=True)
class Records:
    count: int
    #: Where most of them are: a JSON path ("results.item"), an XML element name, or "rows" / "lines".
    where: str = ""


def is_content_free(report: ReportInput) -> bool:
    """Nothing at all in it: no bytes but white space and a BOM, JSON null/[]/{}, or a zip with no report inside."""
    if report.is_archive:
        return not report.report_members
    head = report.read_head()
    if len(head) >= HEAD_SIZE:
        return False
    body = head.strip()
    if not body:
        return True
    if body[:1] not in (b"{", b"[", b"n"):
        return False
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    # An object with empty members ({"results": []}) is left to the parser: only it knows whether those are its keys.
    return doc in (None, [], {})


def count_records(report: ReportInput) -> Records:
    """How many records the report holds, by the structural rules above (0 when it cannot tell)."""
    if report.is_archive:
        return Records(0)
    first = report.first_byte()
    try:
        if first in (b"{", b"["):
            return _json_records(report)
        if first == b"<":
            return _xml_records(report)
        head = sniff(report)
        if head.kind == "csv":
            header = head.text.split("\n", 1)[0]
            return _csv_records(report, max((",", ";", "\t", "|"), key=header.count))
        return Records(0)
    except (ijson.common.JSONError, etree.LxmlError, csv.Error, ValueError, UnicodeError):
        # What cannot be read structurally is judged by the parser alone.
        return Records(0)


def _json_records(report: ReportInput) -> Records:
    counts: Counter[str] = Counter()
    documents = 0
    with report.open() as f:
        # multiple_values: JSON Lines and concatenated documents are streams of records too. Per open container:
        # [is an array, is an element of an array, its prefix, holds anything]; empty ones ([] or {}) are no records.
        stack: list[list[Any]] = []
        for prefix, event, _value in json_backend(report).parse(f, multiple_values=True, use_float=True):
            if event in ("end_map", "end_array"):
                _is_array, in_array, at, filled = stack.pop()
                if in_array and filled and not _is_metadata(at):
                    counts[at] += 1
                continue
            if stack:
                stack[-1][3] = True
            if event in ("start_map", "start_array"):
                if not stack:
                    documents += 1
                stack.append([event == "start_array", bool(stack) and stack[-1][0], prefix, False])
    if documents > 1:
        return Records(documents, "lines")
    if not counts:
        return Records(0)
    where, count = counts.most_common(1)[0]
    return Records(count, where)


def _is_metadata(prefix: str) -> bool:
    # "results.item.scan_errors.item" -> the array is "scan_errors"
    parts = [p for p in prefix.split(".") if p != "item"]
    return bool(parts) and parts[-1].lower() in _METADATA_KEYS


def _xml_records(report: ReportInput) -> Records:
    counts: Counter[str] = Counter()
    with report.open() as f:
        for _event, el in etree.iterparse(
            f, events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        ):
            if isinstance(el.tag, str):
                name = etree.QName(el.tag).localname.lower()
                if name in _XML_RECORD_NAMES and (len(el) or (el.text or "").strip()):
                    counts[name] += 1
            el.clear(keep_tail=False)
    if not counts:
        return Records(0)
    where, count = counts.most_common(1)[0]
    return Records(count, where)


def _csv_records(report: ReportInput, delimiter: str) -> Records:
    # The header is the first row of the most fields (exports such as Qualys' put preamble lines before it); the
    # records are the rows after it that are as wide.
    csv.field_size_limit(1 << 28)
    width, rows = 0, 0
    with report.open() as f:
        for row in csv.reader(text_stream(f), delimiter=delimiter):
            if len(row) > width:
                width, rows = len(row), 0
            elif len(row) == width and any(c.strip() for c in row):
                rows += 1
    return Records(rows, "rows")
