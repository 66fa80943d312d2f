"""The streaming JSON helpers behind Trivy, Grype, Snyk and SARIF: the cursor, the group walker, reading a document's
last members from the end of the file, and the per-finding memos of the model and the parse context."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import ijson
import pytest

from scan_parsers import InvalidReport, parse_report
from scan_parsers.context import ParseContext
from scan_parsers.formats import _json_cursor
from scan_parsers.formats._json_cursor import JsonCursor, JsonSyntaxError
from scan_parsers.formats._json_groups import iter_groups, leading_members, trailing_members
from scan_parsers.model import Asset, AssetType
from scan_parsers.readers import iter_json_lines
from scan_parsers.serialize import finding_to_dict
from scan_parsers.source import ReportInput

# Every kind of token, multi-byte UTF-8 (2, 3 and 4 bytes), escapes, a surrogate pair, numbers and literals that a
# chunk end can cut, a big integer and whitespace between tokens.
DOC = (
    '{"a": [1, -2.5e3, 0.1, true, false, null, "x\\"y\\\\z\\n", {"k": [true, -7]}],'
    ' "b" : {"c": "\\u00e9\\ud83d\\ude00 é€😀"}, "big": 123456789012345678901234567890,'
    ' "Results": [ {"Target": "t", "V": [{"x": 1}, {"y": [1, 2, {"z": null}]}], "n": 1.5e-3} ] }\n'
)


def _read_all(data: bytes, chunk_size: int) -> Any:
    cursor = JsonCursor(io.BytesIO(data), chunk_size=chunk_size)
    value = cursor.value()
    cursor.finish()
    return value


@pytest.mark.parametrize("chunk_size", range(1, 24))
def test_cursor_decodes_like_json_whatever_the_chunk_boundaries(chunk_size: int) -> None:
    assert _read_all(DOC.encode(), chunk_size) == json.loads(DOC)


@pytest.mark.parametrize(
    "doc",
    [
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": 1} x',
        b'\xef\xbb\xbf{"a": 1}',  # a BOM: refused, as ijson's yajl refuses it
        b'{"a": "\x01"}',
        b'{"a": "\xff"}',
        b'{"a": [1, 2',
        b'{"a": "abc',
        b'{"a": tr',
        b'{"a": 1,',
        b"",
    ],
)
@pytest.mark.parametrize("chunk_size", [3, 1 << 20])
def test_cursor_refuses_what_is_not_json(doc: bytes, chunk_size: int) -> None:
    with pytest.raises(JsonSyntaxError):
        _read_all(doc, chunk_size)


def test_unpaired_surrogate_escapes_become_question_marks_like_ijson() -> None:
    doc = b'["a\\ud800x", "\\ud83d\\ude00"]'
    assert _read_all(doc, 4) == ["a?x", "\U0001f600"]
    assert _read_all(doc, 4)[0] == next(ijson.items(doc, "item"))


def _report(doc: str | bytes, tmp_path: Path, name: str = "report.json") -> ReportInput:
    path = tmp_path / name
    path.write_bytes(doc.encode() if isinstance(doc, str) else doc)
    return ReportInput.from_path(path)


GROUPS = {
    "Results": [
        # items before the header key are held back until it is known, then streamed
        {"Class": "os", "V": [{"id": 1}], "Target": "img (alpine 3)", "M": [{"id": 2}], "V2": None},
        {"Target": "clean"},  # no findings: still one end-of-group signal
        None,  # null means "nothing here"
        {"Target": "lib", "V": [], "M": [3, {"id": 4}]},
    ],
    "after": {"Results": "ignored: not at the prefix"},
}


@pytest.mark.parametrize("chunk_size", [5, 64, 1 << 20])
def test_iter_groups_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_size: int) -> None:
    monkeypatch.setattr(_json_cursor, "CHUNK_SIZE", chunk_size)
    report = _report(json.dumps(GROUPS, indent=1), tmp_path)
    seen = [(dict(h), kind, item) for h, kind, item in iter_groups(report, "Results.item", ("V", "M"), ("Target",))]
    first = {"Class": "os", "Target": "img (alpine 3)"}
    assert seen == [
        (first, "V", {"id": 1}),
        (first, "M", {"id": 2}),
        ({**first, "V2": None}, None, None),
        ({"Target": "clean"}, None, None),
        ({"Target": "lib"}, "M", 3),
        ({"Target": "lib"}, "M", {"id": 4}),
        ({"Target": "lib"}, None, None),
    ]


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ('{"Results": 42}', "Results is a number or boolean, not a list"),
        ('{"Results": ["x"]}', "Results.item holds a string where an object was expected"),
        ('{"Results": [{"Target": "t", "V": {"id": 1}}]}', "V is an object, not a list"),
    ],
)
def test_iter_groups_refuses_a_report_of_another_shape(tmp_path: Path, doc: str, problem: str) -> None:
    # a wrong shape is never read as an empty report
    with pytest.raises(ValueError, match=problem):
        list(iter_groups(_report(doc, tmp_path), "Results.item", ("V",)))


def test_iter_groups_at_the_root_and_in_a_root_array(tmp_path: Path) -> None:
    root = _report('{"name": "x", "items": [1, 2], "tail": true}', tmp_path, "root.json")
    assert [(dict(h), k, i) for h, k, i in iter_groups(root, "", ("items",))] == [
        ({"name": "x"}, "items", 1),
        ({"name": "x"}, "items", 2),
        ({"name": "x", "tail": True}, None, None),
    ]
    array = _report('[{"p": 1, "v": ["a"]}, {"v": ["b"], "p": 2}]', tmp_path, "array.json")
    assert [(h["p"], i) for h, k, i in iter_groups(array, "item", ("v",), ("p",)) if k] == [(1, "a"), (2, "b")]


@pytest.mark.parametrize(
    "doc", ['{"Results": [{"Target": "t", "V": [1, 2', '{"Results": []} trailing', '{"Results": [{"V": [NaN]}]}']
)
def test_iter_groups_refuses_broken_json(tmp_path: Path, doc: str) -> None:
    with pytest.raises(InvalidReport, match="JSON ends early or is malformed"):
        list(iter_groups(_report(doc, tmp_path), "Results.item", ("V",)))


def test_leading_members(tmp_path: Path) -> None:
    report = _report('{"SchemaVersion": 2, "Metadata": {"a": [1]}, "Results": [1, 2, 3], "Late": 1}', tmp_path)
    assert leading_members(report, ("Results",)) == {"SchemaVersion": 2, "Metadata": {"a": [1]}}
    assert leading_members(_report("[1, 2]", tmp_path, "array.json"), ("Results",)) == {}
    # the report's byte-order mark is removed before any reader sees the document
    bom = _report(b'\xef\xbb\xbf{"a": 1, "Results": []}', tmp_path, "bom.json")
    assert leading_members(bom, ("Results",)) == {"a": 1}


def _grype(matches: list[dict[str, Any]], source_first: bool = False) -> str:
    source = {"type": "image", "target": {"userInput": "shop:1.0", "manifestDigest": "sha256:abc"}}
    doc: dict[str, Any] = {"source": source} if source_first else {}
    doc["matches"] = matches
    if not source_first:
        doc["source"] = source
    doc["distro"] = {"name": "debian", "version": "12"}
    doc["descriptor"] = {"name": "grype", "configuration": {"source": "nested", "distro": {"x": 1}}}
    return json.dumps(doc, indent=2)


def _tricky_match(n: int) -> dict[str, Any]:
    return {
        "vulnerability": {
            "id": f"CVE-2024-{n:04d}",
            "severity": "High",
            # keys of the root inside strings and nested objects: none of them is the report's own source
            "description": 'text with "source": {"type": "directory"} and \\"distro\\": 1',
        },
        "matchDetails": [{"matcher": "dpkg-matcher", "searchedBy": {"distro": {"type": "debian"}, "source": "x"}}],
        "artifact": {"name": f"pkg{n}", "version": "1", "type": "deb", "locations": [{"path": "/var/lib/dpkg"}]},
    }


def test_trailing_members_finds_the_root_members_after_a_big_array(tmp_path: Path) -> None:
    report = _report(_grype([_tricky_match(n) for n in range(3000)]), tmp_path)  # > 64 KiB: the tail grows
    tail = trailing_members(report, ("source", "distro"))
    assert tail is not None
    assert tail["source"]["target"]["userInput"] == "shop:1.0"
    assert tail["distro"] == {"name": "debian", "version": "12"}
    assert set(tail) == {"source", "distro", "descriptor"}


def test_trailing_members_gives_up_where_it_cannot_be_sure(tmp_path: Path) -> None:
    doc = json.loads(_grype([_tricky_match(n) for n in range(3000)]))
    del doc["source"]
    absent = _report(json.dumps(doc), tmp_path)
    assert trailing_members(absent, ("source",)) is None  # only nested and quoted "source" keys
    small = _report(_grype([_tricky_match(1)], source_first=True), tmp_path, "small.json")
    assert (trailing_members(small, ("source",)) or {})["source"]["type"] == "image"  # the whole root fits
    packed = _report(gzip.compress(_grype([_tricky_match(1)]).encode()), tmp_path, "packed.json.gz")
    assert trailing_members(packed, ("source",)) is None
    assert trailing_members(ReportInput.from_bytes(_grype([]).encode()), ("source",)) is None


@pytest.mark.parametrize("source_first", [False, True])
def test_grype_from_a_file_equals_the_streaming_fallback(tmp_path: Path, source_first: bool) -> None:
    doc = _grype([_tricky_match(n) for n in range(50)], source_first)
    from_file = parse_report(_report(doc, tmp_path), "anchore_grype")
    from_memory = parse_report(doc.encode(), "anchore_grype")  # no file to read from the end: streaming passes
    file_findings = [finding_to_dict(f) for f in from_file.findings]
    assert file_findings == [finding_to_dict(f) for f in from_memory.findings]
    assert len(file_findings) == 50
    assert {a.key for a in from_file.assets} == {a.key for a in from_memory.assets}
    assert from_file.assets[0].attributes["imageName"] == "shop:1.0"
    assert from_file.meta.extra["distro"] == "debian 12"


def test_asset_key_follows_changes_to_its_attributes() -> None:
    asset = Asset(AssetType.BUILD, {"buildFile": "a"})
    assert asset.key == "BUILD|buildFile=a"
    asset.attributes["buildFile"] = "b"
    assert asset.key == "BUILD|buildFile=b"
    asset.attributes = {"buildFile": "c", "origin": "x"}
    assert asset.key == "BUILD|buildFile=c|origin=x"
    asset.type = AssetType.CODE
    assert asset.key == "CODE|buildFile=c|origin=x"


def test_context_returns_one_asset_per_identity_and_tells_equal_values_of_other_types_apart() -> None:
    ctx = ParseContext("x")
    first = ctx.asset(AssetType.INFRA, {"ip": "10.0.0.1", "port": "1", "os": None})
    assert ctx.asset(AssetType.INFRA, {"ip": "10.0.0.1", "port": "1", "os": None}) is first
    assert ctx.asset(AssetType.INFRA, {"ip": "10.0.0.1", "port": "1", "os": ""}) is first  # same identity
    assert ctx.asset(AssetType.INFRA, {"ip": "10.0.0.1", "port": 1}) is first  # type: ignore[dict-item]
    as_bool = ctx.asset(AssetType.INFRA, {"ip": "10.0.0.1", "port": True})  # type: ignore[dict-item]
    assert as_bool is not first and as_bool.attributes["port"] == "True"
    assert len(ctx.assets) == 2


def test_json_lines_are_read_one_per_line_or_as_a_stream_of_pretty_documents() -> None:
    docs = [{"a": 1, "b": {"c": [1, 2]}}, {"a": 2, "b": {}}]
    lines = b"\n".join(json.dumps(d).encode() for d in docs) + b"\n"
    pretty = b"\n".join(json.dumps(d, indent=2).encode() for d in docs)
    assert list(iter_json_lines(ReportInput.from_bytes(lines, name="a.jsonl"))) == docs
    assert list(iter_json_lines(ReportInput.from_bytes(pretty, name="a.json"))) == docs
    cut = ReportInput.from_bytes(pretty[:-5], name="cut.json")
    cut.fix_data = True
    assert list(iter_json_lines(cut)) == docs[:1]  # a truncated last document is dropped, with a repair warning
    strict = ReportInput.from_bytes(pretty[:-5], name="cut.json")
    strict.fix_data = False
    with pytest.raises(InvalidReport, match="ends early"):
        list(iter_json_lines(strict))
