"""No silent zero: a report that yields no finding says why (every skipped record counted in a warning), holds no
records at all, or is refused. Checked over every corpus sample of a supported format, and over copies whose keys or
columns are renamed to a layout no version of the tool wrote (what a parser meets in an unknown tool version)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scan_parsers import (
    AssetType,
    Finding,
    InvalidReport,
    ParsedReport,
    ReportFormat,
    ReportInput,
    open_report,
    parse_report,
)
from scan_parsers.context import ParseContext
from scan_parsers.records import count_records
from scan_parsers.registry import all_formats
from scan_parsers.sniff import Sniff
from tests.corpus import SAMPLES, corpus_formats, sample_files
from tests.parsers.sweep import Outcome, outcome, run_parallel, sample_format, selected_params
from tests.parsers.variants import unknown_layouts

SUPPORTED = {f.id for f in all_formats()}
SAMPLE_PATHS = [p for fmt in corpus_formats() if fmt in SUPPORTED for p in sample_files(fmt)]


def _accounted(result: Outcome, data: bytes, name: str) -> bool:
    if result.count is None or result.count > 0:
        return True
    if any(w.startswith(("skipped:", "empty-report:")) for w in result.warnings):
        return True
    # believed only when an independent look finds no records in it
    return count_records(open_report(data, name=name)).count == 0


def sweep(path: Path) -> list[tuple[str, Outcome, bool]]:
    fmt = sample_format(path, SAMPLES)
    data = path.read_bytes()
    out = []
    for name, variant in {"original": data, **unknown_layouts(data)}.items():
        result = outcome(variant, path.name, fmt, detect=False)
        out.append((name, result, _accounted(result, variant, path.name)))
    return out


@pytest.fixture(scope="module")
def swept(request: pytest.FixtureRequest) -> dict[Path, list[tuple[str, Outcome, bool]]]:
    paths = [p for p in selected_params(request, "test_no_silent_zero", "path") if isinstance(p, Path)]
    return dict(zip(paths, run_parallel(sweep, paths), strict=True))


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_no_silent_zero(path: Path, swept: dict[Path, list[tuple[str, Outcome, bool]]]) -> None:
    silent = [(name, r.warnings) for name, r, accounted in swept[path] if not accounted]
    assert not silent, f"zero findings with no account of the records: {silent}"


class _Blind(ReportFormat):
    """A parser that reads a layout the report is not in: it finds nothing and accounts for nothing."""

    id = "blind"
    scan_types = ("Blind",)
    default_asset_type = AssetType.CODE

    def detect(self, sniff: Sniff) -> float:
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        return iter(())


def _blind(data: bytes) -> ParsedReport:
    return ParsedReport(_Blind(), ReportInput.from_bytes(data, name="export.json"), ParseContext("blind"))


def test_records_without_findings_are_refused() -> None:
    # the kubescape / Security Hub failure: results in a layout the parser misses must not import as an empty scan
    data = b'{"Findings": [{"Id": "a", "Compliance": {"Status": "FAILED"}}, {"Id": "b"}]}'
    with pytest.raises(InvalidReport, match=r"2 records \(at `Findings.item`\)"):
        list(_blind(data).findings)
    with pytest.raises(InvalidReport, match="3 records"):
        list(_blind(b"check,status\na,FAIL\nb,FAIL\nc,FAIL\n").findings)
    # nothing in it that looks like a record: believed
    assert list(_blind(b'{"version": "1.0", "generated": "2024-01-01", "results": []}').findings) == []


def test_accounted_skips_become_one_warning_per_reason() -> None:
    target = b'{"Target": "img (debian 12)", "Class": "os-pkgs"}'
    parsed = parse_report(b'{"SchemaVersion": 2, "Results": [%s, %s]}' % (target, target), "trivy")
    assert list(parsed.findings) == []
    messages = [(w.code, w.message) for w in parsed.warnings]
    assert messages == [("skipped", "2 records skipped: target with nothing found")]


@pytest.mark.parametrize("data", [b"", b"  \n", b"null", b"[]", b"{}", b"\xef\xbb\xbf[]\n"])
def test_content_free_reports_are_empty_scans_when_the_format_is_named(data: bytes) -> None:
    parsed = parse_report(data, "trivy")
    assert list(parsed.findings) == []
    assert "empty-report" in [w.code for w in parsed.warnings]
