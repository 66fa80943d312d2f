"""Variants of a report that a real tool also writes: the same findings in other bytes.

Each variant keeps the document's meaning: pretty-printed or minified, keys in another order, optional (null) fields
left out, unknown fields added, a byte-order mark, CRLF line endings, gzip or zip wrapping, CSV columns in another
order or an extra column, XML attributes in another order or an unknown attribute. A parser that counts differently
on one of them fits the sample's bytes rather than the format.

Also mutations that change the meaning (keys or columns of an unknown layout): those must never parse to a silent
zero.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import orjson
from lxml import etree

BOM = b"\xef\xbb\xbf"
EXTRA_KEY = "x-unknown-field"


def kind_of(data: bytes) -> str:
    body = data.removeprefix(BOM).lstrip()
    if body[:1] in (b"{", b"["):
        try:
            orjson.loads(body)
        except orjson.JSONDecodeError:
            return "jsonl" if _is_json_lines(body) else "other"
        return "json"
    if body[:1] == b"<":
        return "xml"
    first = body.split(b"\n", 1)[0]
    if b"," in first or b";" in first or b"\t" in first:
        return "csv"
    return "other"


def _is_json_lines(body: bytes) -> bool:
    lines = [line for line in body.splitlines() if line.strip()]
    try:
        for line in lines:
            orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return len(lines) > 1


def _wrapped(data: bytes, name: str) -> dict[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return {"gzip": gzip.compress(data, mtime=0), "zip": buf.getvalue()}


def _bytes_variants(data: bytes) -> dict[str, bytes]:
    out = {"bom": BOM + data.removeprefix(BOM)}
    if b"\r\n" not in data:
        out["crlf"] = data.replace(b"\n", b"\r\n")
    return out


def _map_json(doc: Any, on_object: Callable[[dict[str, Any], bool], dict[str, Any]], in_array: bool = False) -> Any:
    if isinstance(doc, dict):
        return on_object({k: _map_json(v, on_object) for k, v in doc.items()}, in_array)
    if isinstance(doc, list):
        return [_map_json(v, on_object, True) for v in doc]
    return doc


def _reversed_keys(obj: dict[str, Any], _in_array: bool) -> dict[str, Any]:
    return dict(reversed(list(obj.items())))


def _without_nulls(obj: dict[str, Any], _in_array: bool) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None}


def _with_extra_field(obj: dict[str, Any], in_array: bool) -> dict[str, Any]:
    # Only records (array elements) get one: an object keyed by ids (npm's advisories) would gain a bogus entry.
    return {**obj, EXTRA_KEY: "added by a newer tool version"} if in_array else obj


def _renamed_keys(obj: dict[str, Any], _in_array: bool) -> dict[str, Any]:
    return {f"{k}_v99": v for k, v in obj.items()}


def json_variants(data: bytes, name: str) -> dict[str, bytes]:
    doc = orjson.loads(data.removeprefix(BOM))
    out = {
        "minified": orjson.dumps(doc),
        "pretty": json.dumps(doc, indent=2, ensure_ascii=False).encode(),
        "keys-reordered": orjson.dumps(_map_json(doc, _reversed_keys)),
        "nulls-dropped": orjson.dumps(_map_json(doc, _without_nulls)),
        "extra-fields": orjson.dumps(_map_json(doc, _with_extra_field)),
    }
    if isinstance(doc, dict) and isinstance(doc.get("$schema"), str):
        # another mirror of the same schema
        out["schema-mirror"] = orjson.dumps({**doc, "$schema": _mirror(doc["$schema"])})
    out.update(_bytes_variants(data))
    out.update(_wrapped(data, name))
    return out


def _mirror(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return f"https://schemas.mirror.example/{path}"


def jsonl_variants(data: bytes, name: str) -> dict[str, bytes]:
    docs = [orjson.loads(line) for line in data.removeprefix(BOM).splitlines() if line.strip()]
    out = {
        "keys-reordered": b"\n".join(orjson.dumps(_map_json(d, _reversed_keys)) for d in docs) + b"\n",
        "extra-fields": b"\n".join(orjson.dumps({**d, EXTRA_KEY: 1} if isinstance(d, dict) else d) for d in docs)
        + b"\n",
    }
    out.update(_bytes_variants(data))
    out.update(_wrapped(data, name))
    return out


def _xml_tree(data: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    return etree.fromstring(data.removeprefix(BOM), parser)


def xml_variants(data: bytes, name: str) -> dict[str, bytes]:
    out = _bytes_variants(data)
    out.update(_wrapped(data, name))
    try:
        root = _xml_tree(data)
    except etree.XMLSyntaxError:
        return out
    for el in root.iter():
        if isinstance(el.tag, str) and len(el.attrib) > 1:
            items = list(reversed(el.attrib.items()))
            el.attrib.clear()
            for k, v in items:
                el.set(k, v)
    out["attributes-reordered"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    root = _xml_tree(data)
    for el in root.iter():
        if isinstance(el.tag, str):
            el.set("xUnknownAttribute", "added by a newer tool version")
    out["extra-attribute"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out


def _csv_rows(data: bytes) -> tuple[list[list[str]], str] | None:
    text = data.removeprefix(BOM).decode("utf-8", "replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [r for r in rows if r]
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        return None  # a preamble, or ragged rows: columns cannot be moved safely
    return rows, delimiter


def _write_csv(rows: list[list[str]], delimiter: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


def csv_variants(data: bytes, name: str) -> dict[str, bytes]:
    out = _bytes_variants(data)
    out.update(_wrapped(data, name))
    parsed = _csv_rows(data)
    if parsed is not None:
        rows, delimiter = parsed
        out["columns-reordered"] = _write_csv([list(reversed(r)) for r in rows], delimiter)
        out["extra-column"] = _write_csv(
            [[*rows[0], "X Unknown Column"], *([*r, "extra"] for r in rows[1:])], delimiter
        )
    return out


VARIANTS = {"json": json_variants, "jsonl": jsonl_variants, "xml": xml_variants, "csv": csv_variants}


def variants(data: bytes, name: str) -> dict[str, bytes]:
    make = VARIANTS.get(kind_of(data))
    return make(data, name) if make else {**_bytes_variants(data), **_wrapped(data, name)}


def unknown_layouts(data: bytes) -> dict[str, bytes]:
    """The same content under names no version of the tool wrote: must be refused or accounted, never a silent 0."""
    kind = kind_of(data)
    if kind == "json":
        return {"keys-renamed": orjson.dumps(_map_json(orjson.loads(data.removeprefix(BOM)), _renamed_keys))}
    if kind == "csv":
        parsed = _csv_rows(data)
        if parsed is not None:
            rows, delimiter = parsed
            return {"columns-renamed": _write_csv([[f"{c} v99" for c in rows[0]], *rows[1:]], delimiter)}
    return {}
