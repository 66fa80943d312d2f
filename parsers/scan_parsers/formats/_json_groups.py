"""Streaming walk over JSON "groups": objects that carry a few header fields and big arrays of items.

Trivy's `Results[]` is the typical shape: each result has a `Target` (the header) and `Vulnerabilities` (tens of
thousands of items). `ijson.items` at the result level would build a whole result in memory; at the item level
it loses the result the item belongs to. This walker keeps both: it yields every array item together with the
header of its group, holding one item at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import ijson

from ..errors import InvalidReport
from ..readers import json_backend
from ..source import ReportInput

_STARTS = frozenset(("start_map", "start_array"))
_ENDS = frozenset(("end_map", "end_array"))

Event = tuple[str, str, Any]


def _build(events: Iterator[Event], event: str, value: Any) -> Any:
    """Build the value that starts with (event, value), consuming its remaining events from `events`."""
    if event not in _STARTS:
        return value
    root: Any = {} if event == "start_map" else []
    stack: list[Any] = [root]
    key = ""
    for _prefix, ev, val in events:
        if ev == "map_key":
            key = val
            continue
        if ev in _ENDS:
            stack.pop()
            if not stack:
                return root
            continue
        new: Any = {} if ev == "start_map" else [] if ev == "start_array" else val
        top = stack[-1]
        if type(top) is list:
            top.append(new)
        else:
            top[key] = new
        if ev in _STARTS:
            stack.append(new)
    raise InvalidReport("JSON ends in the middle of a value")


def iter_groups(
    report: ReportInput,
    group_prefix: str,
    arrays: Iterable[str],
    header_keys: Iterable[str] = (),
) -> Iterator[tuple[dict[str, Any], str | None, Any]]:
    """Yield (header, array_name, item) for each item of the named arrays of every object at `group_prefix`,
    then (header, None, None) once when that object ends (so finding-less groups are seen too).

    `header` holds the object's other members read so far. Items are streamed as soon as all `header_keys` are
    known; items that come before them are held back until the object ends.
    """
    array_names = frozenset(arrays)
    needed = tuple(header_keys)
    member_prefix = f"{group_prefix}." if group_prefix else ""
    with report.open() as f:
        events: Iterator[Event] = iter(json_backend(report).parse(f, use_float=True))
        try:
            yield from _walk(events, group_prefix, member_prefix, array_names, needed)
        except ijson.common.IncompleteJSONError as exc:
            raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc


def _walk(
    events: Iterator[Event],
    group_prefix: str,
    member_prefix: str,
    array_names: frozenset[str],
    needed: tuple[str, ...],
) -> Iterator[tuple[dict[str, Any], str | None, Any]]:
    header: dict[str, Any] | None = None
    held: list[tuple[str, Any]] = []
    key = ""
    in_array: str | None = None
    item_prefix = ""
    ready = False
    for prefix, event, value in events:
        if header is None:
            if prefix == group_prefix and event == "start_map":
                header, held, in_array, ready = {}, [], None, not needed
            continue
        if in_array is not None:
            if prefix == item_prefix:
                item = _build(events, event, value)
                if ready:
                    yield header, in_array, item
                else:
                    held.append((in_array, item))
            elif event == "end_array":
                in_array = None
            continue
        if prefix == group_prefix:
            if event == "map_key":
                key = value
            elif event == "end_map":
                for name, item in held:
                    yield header, name, item
                yield header, None, None
                header = None
            continue
        # the value of member `key`
        if key in array_names and event == "start_array":
            in_array = key
            item_prefix = f"{member_prefix}{key}.item"
            continue
        header[key] = _build(events, event, value)
        if not ready and all(k in header for k in needed):
            ready = True
            for name, item in held:
                yield header, name, item
            held = []


def leading_members(report: ReportInput, stop_keys: Iterable[str]) -> dict[str, Any]:
    """The root object's members that come before the first of `stop_keys` (e.g. a report's metadata ahead of
    its big findings array), read without touching the rest of the file."""
    stops = frozenset(stop_keys)
    out: dict[str, Any] = {}
    with report.open() as f:
        events: Iterator[Event] = iter(json_backend(report).parse(f, use_float=True))
        try:
            for prefix, event, value in events:
                if prefix == "" and event in ("start_map", "end_map"):
                    if event == "end_map":
                        break
                    continue
                if prefix == "" and event == "map_key":
                    if value in stops:
                        break
                    _p, first_event, first_value = next(events)
                    out[value] = _build(events, first_event, first_value)
                elif prefix == "":
                    break  # the root is not an object
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
    return out
