"""Hostile shapes a new user's worst day brings: refused at once with a reason, never an OOM kill."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scan_parsers import InvalidReport, UnsafeReport, open_report, parse_report
from scan_parsers.nesting import MAX_DEPTH, nested_deeper_than

DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000


@pytest.mark.parametrize("data", [DEEP_ARRAY, DEEP_OBJECT], ids=["arrays", "objects"])
@pytest.mark.parametrize("scanner", ["auto", "trivy", "sarif"])
def test_deeply_nested_json_is_refused_before_any_parser_sees_it(data: bytes, scanner: str) -> None:
    with pytest.raises(UnsafeReport, match=f"nested more than {MAX_DEPTH} levels"):
        list(parse_report(data, scanner, name="deep.json").findings)


def test_depth_counts_structure_not_brackets_inside_strings() -> None:
    assert not nested_deeper_than(b'{"a": "' + b"[" * 5000 + b'"}', 512)
    assert not nested_deeper_than(b'{"a": "\\"' + b"[" * 5000 + b'"}', 512)  # an escaped quote stays in the string
    assert nested_deeper_than(b"[" * 513 + b"]" * 513, 512)
    assert not nested_deeper_than(b"[" * 512 + b"]" * 512, 512)
    assert not nested_deeper_than(b"[" + b"[1]," * 10_000 + b"[1]]", 512)  # many levels opened, never deep
    assert nested_deeper_than(b'{"k": "' + b"x" * 10 + b'", "v": ' + b"[" * 600, 512)  # a cut head still counts
    assert not nested_deeper_than(b'["open string ' + b"[" * 600, 512)  # ... but not inside a cut string


def test_a_normally_nested_report_still_parses() -> None:
    doc = (
        b'{"SchemaVersion": 2, "ArtifactName": "img", "Results": [' + b'{"Target": "t", "Vulnerabilities": []}' + b"]}"
    )
    assert list(parse_report(doc, "trivy").findings) == []


def test_a_directory_and_a_fifo_say_what_they_are(tmp_path: Path) -> None:
    with pytest.raises(InvalidReport, match="is a directory, not a report file"):
        open_report(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidReport, match="is a pipe, socket or device"):
        open_report(fifo)
    with pytest.raises(InvalidReport, match="no such file"):
        open_report(tmp_path / "missing.json")
