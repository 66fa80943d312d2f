"""A forward-only JSON cursor over a byte stream, for walking a document's outer structure in Python while every
inner value is decoded by the C scanner of the standard library's `json` module.

ijson's event stream costs a Python step per JSON token when a walker needs to watch the structure (e.g. which
Trivy result an item belongs to). Here Python only sees the few structural tokens of the outer levels; each item
is one call into `json`'s C scanner, which also reports where the item ends. Memory stays bounded: the text is
decoded in chunks and only the unread tail of the current chunk plus the value being decoded are held.

The cursor is as strict as ijson's yajl backend: no NaN/Infinity, no BOM, no control characters in strings, no
trailing garbage (when `finish` is called). Like yajl, it turns an unpaired surrogate escape (`\\ud800`) into "?".
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

CHUNK_SIZE = 1 << 20

_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WS_CHARS = frozenset(" \t\n\r")


class JsonSyntaxError(ValueError):
    """The document is not valid JSON (or ends in the middle of a value)."""


def _reject_constant(name: str) -> Any:
    raise JsonSyntaxError(f"{name} is not a JSON value")


#: (text, index) -> (value, end index); the C scanner behind json.loads (not in the typeshed stubs).
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(parse_constant=_reject_constant).scan_once  # type: ignore[attr-defined]


def _may_be_cut(exc: json.JSONDecodeError, length: int) -> bool:
    """Whether a decode error could come from the chunk ending inside the value rather than from bad JSON."""
    return exc.msg.startswith("Unterminated string") or exc.pos >= length - 8


def _replace_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("?", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_replace_lone_surrogates(k): _replace_lone_surrogates(v) for k, v in value.items()}
    return value


class JsonCursor:
    def __init__(self, f: IO[bytes], chunk_size: int | None = None) -> None:
        self._f = f
        self._chunk_size = chunk_size or CHUNK_SIZE
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._eof = False
        self._dropped = 0  # characters before buf[0]
        self._bytes_read = 0
        self._surrogates = False  # the buffer holds a surrogate escape: decoded values need the yajl fix-up
        self.buf = ""
        self.pos = 0

    # -- buffer -------------------------------------------------------------------------------------------------

    def _refill(self) -> bool:
        """Append the next chunk (dropping what was read); False at the end of the stream."""
        if self._eof:
            return False
        # At least as much as is pending: a value longer than a chunk is then re-scanned a logarithmic number of
        # times, not once per chunk.
        raw = self._f.read(max(self._chunk_size, len(self.buf) - self.pos))
        try:
            text = self._decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            raise JsonSyntaxError(f"invalid UTF-8 (byte {self._bytes_read + exc.start})") from exc
        self._bytes_read += len(raw)
        if not raw:
            self._eof = True
            if not text:
                return False
        self._dropped += self.pos
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        self._surrogates = _SURROGATE_ESCAPE.search(self.buf) is not None
        return True

    def error(self, message: str) -> JsonSyntaxError:
        return JsonSyntaxError(f"{message} (character {self._dropped + self.pos})")

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end of the stream); the cursor moves onto it."""
        buf, pos = self.buf, self.pos
        if pos < len(buf) and buf[pos] not in _WS_CHARS:
            return buf[pos]
        while True:
            blank = _WS.match(buf, pos)
            pos = blank.end() if blank else pos
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._refill():
                return ""
            buf, pos = self.buf, self.pos

    # -- values -------------------------------------------------------------------------------------------------

    def value(self) -> Any:
        """Decode the whole value at the cursor and move past it."""
        if self.peek() == "":
            raise self.error("JSON ends where a value was expected")
        while True:
            buf, pos = self.buf, self.pos
            try:
                val, end = _scan(buf, pos)
            except StopIteration as exc:  # the scanner's "no value starts at index exc.value", nested or not
                cut = exc.value >= len(buf) - 8
                if cut and self._refill():
                    continue  # a literal (true, null, ...) or a "-" cut by the end of the chunk
                self.pos = exc.value
                raise self.error("expected a value") from None
            except json.JSONDecodeError as exc:
                if _may_be_cut(exc, len(buf)) and self._refill():
                    continue
                self.pos = exc.pos
                raise self.error(exc.msg) from None
            except RecursionError:
                raise self.error("JSON nested too deeply") from None
            if end >= len(buf) and not self._eof and self._refill():
                continue  # a number can go on in the next chunk
            self.pos = end
            return _replace_lone_surrogates(val) if self._surrogates else val

    def skip(self) -> None:
        """Move past the value at the cursor, decoding (and dropping) one child at a time."""
        c = self.peek()
        if c == "{":
            for _key in self.members():
                self.value()
        elif c == "[":
            for _ in self.elements():
                self.value()
        else:
            self.value()

    def members(self) -> Iterator[str]:
        """At "{": yield each member name with the cursor on its value, which the caller must consume."""
        self.pos += 1
        c = self.peek()
        if c == "}":
            self.pos += 1
            return
        while True:
            if c != '"':
                raise self.error("expected a member name")
            key = self.value()
            if self.peek() != ":":
                raise self.error("expected ':'")
            self.pos += 1
            yield key
            c = self.peek()
            self.pos += 1
            if c == "}":
                return
            if c != ",":
                raise self.error("expected ',' or '}'")
            c = self.peek()

    def elements(self) -> Iterator[None]:
        """At "[": yield once per element with the cursor on it; the caller must consume the element."""
        self.pos += 1
        c = self.peek()
        if c == "]":
            self.pos += 1
            return
        while True:
            yield None
            c = self.peek()
            self.pos += 1
            if c == "]":
                return
            if c != ",":
                raise self.error("expected ',' or ']'")

    def values(self) -> Iterator[Any]:
        """At "[": yield each element, decoded. (`elements` + `value`, with the common case inline: the hot loop.)"""
        self.pos += 1
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            buf, pos = self.buf, self.pos
            c = buf[pos] if pos < len(buf) else ""
            if c == "" or c in _WS_CHARS:
                c = self.peek()
            self.pos += 1
            if c == "]":
                return
            if c != ",":
                raise self.error("expected ',' or ']'")

    def finish(self) -> None:
        """The document must end here (whitespace aside)."""
        if self.peek() != "":
            raise self.error("trailing data after the JSON document")
