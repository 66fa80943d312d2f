"""Robustness: hostile and damaged input never raises anything but the library's own errors, and is refused with
a clear message where it is dangerous (entity expansion, decompression bombs, oversize)."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scan_parsers import InvalidReport, Limits, ReportError, UnsafeReport, all_formats, open_report, parse_report
from tests.corpus import corpus_formats, sample_files

SUPPORTED = {f.id for f in all_formats()}
SMALL_SAMPLES = [
    p for fmt in corpus_formats() if fmt in SUPPORTED for p in sample_files(fmt) if p.stat().st_size < 200_000
]


def consume(data: bytes, scanner: str = "auto", name: str = "fuzz") -> None:
    try:
        parsed = parse_report(data, scanner, name=name)
        for _ in parsed.findings:
            pass
        _ = parsed.assets
    except ReportError:
        pass  # the library's own error: expected for damaged input


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_raise_only_library_errors(data: bytes) -> None:
    consume(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_mutated_and_truncated_corpus_files_raise_only_library_errors(data: st.DataObject) -> None:
    if not SMALL_SAMPLES:
        pytest.skip("no supported corpus samples yet")
    path: Path = data.draw(st.sampled_from(SMALL_SAMPLES))
    raw = bytearray(path.read_bytes())
    fmt = path.parent.name if path.parent.name in SUPPORTED else "auto"
    mode = data.draw(st.sampled_from(["truncate", "flip", "splice"]))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    if raw and mode == "truncate":
        raw = raw[: rng.randrange(len(raw))]
    elif raw and mode == "flip":
        for _ in range(rng.randint(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif raw:
        i, j = sorted(rng.randrange(len(raw)) for _ in range(2))
        raw = raw[:i] + raw[j:]
    consume(bytes(raw), scanner=data.draw(st.sampled_from(["auto", fmt])), name=path.name)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<NessusClientData_v2><Report name="x"><ReportHost name="&lol4;"></ReportHost></Report></NessusClientData_v2>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<NessusClientData_v2><Report name="&xxe;"></Report></NessusClientData_v2>
"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_xml_entities_are_refused(doc: bytes) -> None:
    xml_formats = [f.id for f in all_formats() if f.id in {"tenable", "nexpose", "qualys", "checkmarx", "burp"}]
    for fmt in xml_formats or ["auto"]:
        with pytest.raises(ReportError) as err:
            parsed = parse_report(doc, fmt, name="bomb.xml")
            list(parsed.findings)
        if fmt != "auto":
            assert isinstance(err.value, UnsafeReport)
            assert "ENTITY" in str(err.value)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def test_zip_bomb_is_refused() -> None:
    bomb = _zip({"report.json": b"[" + b" " * (64 << 20) + b"]"})  # 64 MiB of spaces: ratio far above 200:1
    with pytest.raises(UnsafeReport, match="bomb"):
        parse_report(bomb, "hadolint", name="bomb.zip")


def test_gzip_bomb_is_refused_while_streaming() -> None:
    bomb = gzip.compress(b"[" + b" " * (64 << 20) + b"]", compresslevel=9)
    with pytest.raises(UnsafeReport, match="bomb"):
        list(parse_report(bomb, "hadolint", name="bomb.json.gz").findings)


def test_oversize_report_is_refused() -> None:
    data = b'[{"line": 1, "code": "DL3008", "message": "m", "column": 1, "file": "D", "level": "info"}]'
    with pytest.raises(UnsafeReport, match="larger than the limit"):
        parse_report(data * 1, "hadolint", limits=Limits(max_bytes=16))


def test_oversize_inside_gzip_is_refused() -> None:
    data = gzip.compress(b"[" + b'{"code": "DL1"},' * 10_000 + b'{"code": "DL1"}]')
    with pytest.raises(UnsafeReport, match="larger than the limit"):
        list(parse_report(data, "hadolint", limits=Limits(max_bytes=50_000)).findings)


def test_zipped_and_gzipped_reports_are_opened_transparently() -> None:
    doc = b'[{"line": 1, "code": "DL3008", "message": "m", "column": 1, "file": "Dockerfile", "level": "info"}]'
    for data in (
        gzip.compress(doc),
        _zip({"hadolint.json": doc}),
        _zip({"sub/hadolint.json": doc, "__MACOSX/._x": b"junk"}),
    ):
        parsed = parse_report(data, "auto", name="report.bin")
        assert parsed.format.id == "hadolint"
        assert len(list(parsed.findings)) == 1


def test_corrupt_zip_is_an_invalid_report() -> None:
    with pytest.raises(InvalidReport):
        parse_report(b"PK\x03\x04" + b"\x00" * 50, "auto", name="corrupt.zip")


def test_zip_member_of_an_unknown_version_is_an_invalid_report() -> None:
    # found by the mutation test: a damaged "version needed to extract" made zipfile raise NotImplementedError
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("report.json", b'{"SchemaVersion": 2, "Results": []}')
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 67  # version 6.7, which no zip reader implements
    with pytest.raises(InvalidReport, match="not a readable zip archive"):
        list(parse_report(bytes(data), "trivy", name="report.zip").findings)


def test_a_short_first_look_at_the_head_does_not_shorten_it() -> None:
    # formats peek at a few bytes (nuclei reads 64) before the readers look at the whole head (big-int check,
    # entity check): the cached head must not be cut to the first caller's size
    report = open_report(b"[" + b"1," * 100_000 + b"1]", name="big.json")
    assert report.read_head(64) == b"[" + b"1," * 31 + b"1"
    assert len(report.read_head()) == 200_003
