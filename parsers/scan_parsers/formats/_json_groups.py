"""Streaming walk over JSON "groups": objects that carry a few header fields and big arrays of items.

Trivy's `Results[]` is the typical shape: each result has a `Target` (the header) and `Vulnerabilities` (tens of
thousands of items). `ijson.items` at the result level would build a whole result in memory; at the item level
it loses the result the item belongs to. This walker keeps both: it yields every array item together with the
header of its group, holding one item at a time. Python walks only the outer structure (`JsonCursor`); each item
is decoded in one call to the C scanner of the `json` module, which is faster than any per-event walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ..errors import InvalidReport
from ..source import ReportInput
from ._json_cursor import JsonCursor, JsonSyntaxError

Group = tuple[dict[str, Any], str | None, Any]


def iter_groups(
    report: ReportInput,
    group_prefix: str,
    arrays: Iterable[str],
    header_keys: Iterable[str] = (),
    *,
    lists_only: bool = True,
) -> Iterator[Group]:
    """Yield (header, array_name, item) for each item of the named arrays of every object at `group_prefix`
    (an ijson-style prefix: "Results.item", "item", "" for the root), then (header, None, None) once when that
    object ends (so finding-less groups are seen too). With `lists_only`, a named member that is neither a list nor
    null is an error (a report of another shape); without it, such members are just left out of the header.

    `header` holds the object's other members read so far. Items are streamed as soon as all `header_keys` are
    known; items that come before them are held back until the object ends. The whole document is checked to be
    valid JSON, as a streaming parser would.
    """
    array_names = frozenset(arrays)
    needed = tuple(header_keys)
    path = tuple(group_prefix.split(".")) if group_prefix else ()
    with report.open() as f:
        cursor = JsonCursor(f)
        try:
            for _ in _objects_at(cursor, path, 0):
                yield from _group(cursor, array_names, needed, lists_only)
            cursor.finish()
        except JsonSyntaxError as exc:
            raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc


_KINDS = {"{": "an object", "[": "a list", '"': "a string"}


def _kind(c: str) -> str:
    return _KINDS.get(c, "a number or boolean")


def _objects_at(cursor: JsonCursor, path: tuple[str, ...], depth: int) -> Iterator[None]:
    """Pause on every object at `path` (the caller consumes it). A null on the way means "none"; any other value
    of the wrong kind is a report of another shape, never silently an empty one."""
    c = cursor.peek()
    if c == "n":
        cursor.skip()
        return
    where = ".".join(path[:depth]) or "the document"
    if depth == len(path):
        if c != "{":
            raise ValueError(f"{where} holds {_kind(c)} where an object was expected")
        yield None
        return
    step = path[depth]
    if step == "item":
        if c != "[":
            raise ValueError(f"{where} is {_kind(c)}, not a list")
        for _ in cursor.elements():
            yield from _objects_at(cursor, path, depth + 1)
        return
    if c != "{":
        raise ValueError(f"{where} is {_kind(c)}, not an object")
    for key in cursor.members():
        if key == step:
            yield from _objects_at(cursor, path, depth + 1)
        else:
            cursor.skip()


def _group(
    cursor: JsonCursor, array_names: frozenset[str], needed: tuple[str, ...], lists_only: bool
) -> Iterator[Group]:
    header: dict[str, Any] = {}
    held: list[tuple[str, Any]] = []
    ready = not needed
    for key in cursor.members():
        if key in array_names and cursor.peek() not in ("[", "n"):
            if lists_only:
                raise ValueError(f"{key} is {_kind(cursor.peek())}, not a list")
            cursor.skip()
            continue
        if key in array_names and cursor.peek() == "[":
            if ready:
                for item in cursor.values():
                    yield header, key, item
            else:
                held.extend((key, item) for item in cursor.values())
            continue
        header[key] = cursor.value()
        if not ready and all(k in header for k in needed):
            ready = True
            for name, item in held:
                yield header, name, item
            held = []
    for name, item in held:
        yield header, name, item
    yield header, None, None


def leading_members(report: ReportInput, stop_keys: Iterable[str]) -> dict[str, Any]:
    """The root object's members that come before the first of `stop_keys` (e.g. a report's metadata ahead of
    its big findings array), read without touching the rest of the file."""
    stops = frozenset(stop_keys)
    out: dict[str, Any] = {}
    with report.open() as f:
        cursor = JsonCursor(f)
        try:
            c = cursor.peek()
            if c == "{":
                for key in cursor.members():
                    if key in stops:
                        break
                    out[key] = cursor.value()
            elif c != "[":
                cursor.value()  # a scalar root: no members, but it must still be JSON
        except JsonSyntaxError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
    return out


#: How much of the end of a file `trailing_members` reads, growing on a miss.
_TAIL_SIZES = (1 << 16, 1 << 20, 1 << 24)


def trailing_members(report: ReportInput, keys: Iterable[str]) -> dict[str, Any] | None:
    """The root object's last members, from the earliest of `keys` found among them to the end of the document,
    read from the end of the file (Grype writes `source` after its huge `matches`).

    None when the report cannot be read from its end (compressed or in memory) or when none of `keys` is a member
    of the root object within the last 16 MiB: callers then fall back to a streaming read.
    """
    wanted = tuple(keys)
    if report.path is None or not wanted:
        return None
    with open(report.path, "rb") as f:
        if f.read(4)[:2] in (b"\x1f\x8b", b"PK"):
            return None
        size = f.seek(0, 2)
        for tail_size in _TAIL_SIZES:
            start = max(0, size - tail_size)
            f.seek(start)
            found = _root_members_in_tail(bytearray(f.read()), wanted)
            if found is not None or start == 0:
                return found
    return None


_BLANK = frozenset(b" \t\n\r")
_OPENERS = frozenset(b",{")


def _root_members_in_tail(tail: bytearray, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """Try each `"key":` of the tail, last first, as the start of the root's remaining members.

    A candidate preceded by "," or "{" is a root member exactly when "{" + the text from it to the end of the file
    is one valid JSON object: a key nested deeper leaves closing brackets over, and inside a string every quote is
    escaped (preceded by a backslash, so never by "," or "{"). The "{" overwrites that "," or "{" in place, so no
    candidate copies the tail.
    """
    pattern = re.compile(rb'"(?:' + b"|".join(re.escape(k.encode()) for k in keys) + rb')"[ \t\n\r]*:')
    view = memoryview(tail)
    best: dict[str, Any] | None = None
    for match in reversed(list(pattern.finditer(tail))):
        before = match.start() - 1
        while before >= 0 and tail[before] in _BLANK:
            before -= 1
        if before < 0 or tail[before] not in _OPENERS:
            continue
        saved = tail[before]
        tail[before] = ord("{")
        try:
            members = orjson.loads(view[before:])
        except orjson.JSONDecodeError:
            continue
        finally:
            tail[before] = saved
        if isinstance(members, dict):
            best = members
            if all(k in members for k in keys):
                break
    return best
