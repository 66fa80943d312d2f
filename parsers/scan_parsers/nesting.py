"""A nesting-depth limit for JSON reports, checked on the head before any JSON parser sees it.

Streaming JSON parsers keep one prefix string per open level, each as long as the path to it, so a small document
nested N levels deep costs them O(N²) memory: 200 KB of `[` once took 24 GB. No scanner writes a report nested more
than a few dozen levels, so a report deeper than MAX_DEPTH in its head (the first MiB) is refused as unsafe.
XML needs no check here: lxml refuses documents deeper than 256 levels unless `huge_tree` is set, and the readers
never set it.
"""

from __future__ import annotations

import re

from .errors import UnsafeReport
from .source import ReportInput

MAX_DEPTH = 512
# unrolled (a run of plain bytes, then escape + run ...): several times faster than an alternation per byte
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPEN_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*\\?\Z')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")


def nested_deeper_than(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether arrays and objects in `data` (a whole document or its head) may nest deeper than `limit`; brackets
    inside strings do not count."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # no more openers than the limit, even counting those inside strings
    structure = _OPEN_STRING.sub(b"", _STRING.sub(b"", data))
    brackets = structure.translate(_ONE_KIND, _NOT_BRACKET)
    if brackets.count(b"[") <= limit:
        return False  # cannot be deeper than the number of levels it opens: most reports end here
    if b"[" * (limit + 1) in brackets:
        return True  # the usual bomb: one long run of openers
    # Each pass removes the innermost pairs, so the passes a document needs are its depth (C speed, no loop per
    # byte); what stays open at the end of a cut head adds at most its own count.
    for passes in range(limit + 1):
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            return passes + shorter.count(b"[") > limit
        brackets = shorter
    return True


def check_json_nesting(report: ReportInput) -> None:
    """Raise UnsafeReport when the report is JSON nested deeper than MAX_DEPTH in its head."""
    if report.first_byte() not in (b"{", b"["):
        return
    if nested_deeper_than(report.read_head()):
        raise UnsafeReport(
            f"{report.name}: JSON nested more than {MAX_DEPTH} levels deep; refused (no scanner writes such a "
            "report, and parsing it would take memory out of all proportion to its size)"
        )
