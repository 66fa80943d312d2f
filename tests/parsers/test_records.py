"""The structural record count behind the no-silent-zero rule, and what counts as content-free."""

from __future__ import annotations

import io
import zipfile

import pytest

from scan_parsers import open_report
from scan_parsers.records import count_records, is_content_free


@pytest.mark.parametrize(
    ("data", "count", "where"),
    [
        (b'{"results": [{"a": 1}, {"a": 2}], "meta": {"x": [1, 2]}}', 2, "results.item"),
        (b'[{"a": 1}, {"b": [{"c": 1}, {"c": 2}, {"c": 3}]}]', 3, "item.b.item"),
        (b'{"results": [{}, []]}', 0, ""),  # empty containers are no records
        (b'{"metadata": {"ownerReferences": [{"kind": "Pod"}]}, "errors": [{"e": 1}]}', 0, ""),
        (b'{"a": 1}\n{"a": 2}\n{"a": 3}\n', 3, "lines"),
        (b"name,severity\nx,high\ny,low\n", 2, "rows"),
        (b'"Scan Results","2024-01-01"\nname,severity,path\nx,high,a\n', 1, "rows"),  # a preamble line first
        (b"name,severity\n", 0, ""),
        (b"<r><issue><name>x</name></issue><issue><name>y</name></issue><other/></r>", 2, "issue"),
        (b"<r><host><port/></host></r>", 0, ""),
        (b"just some text\nwith lines\n", 0, ""),
        (b'{"results": [{"a": ', 0, ""),  # unreadable: left to the parser
    ],
)
def test_count_records(data: bytes, count: int, where: str) -> None:
    records = count_records(open_report(data, name="r"))
    assert (records.count, records.where if count else "") == (count, where)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "free"),
    [
        (b"", True),
        (b"\xef\xbb\xbf \n", True),
        (b"null", True),
        (b"[ ]", True),
        (b"{}", True),
        (b'{"results": []}', False),  # only the format's parser knows whether those are its keys
        (b"[1]", False),
        (b"name,severity\n", False),
        (_zip({"__MACOSX/._a.json": b"x", ".hidden": b"y", "a.json": b"{}", "b.json": b"{}"}), False),
        (_zip({"__MACOSX/._a.json": b"x"}), True),
    ],
)
def test_is_content_free(data: bytes, free: bool) -> None:
    assert is_content_free(open_report(data, name="r")) is free
