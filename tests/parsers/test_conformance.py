"""Parser conformance: finding counts on real reports against ../shared/corpus/expected.tsv."""

from __future__ import annotations

import csv

import pytest

from scan_parsers import InvalidReport, get_format, parse_report
from scan_parsers.registry import all_formats
from tests.corpus import REPO, ExpectedRow, expected_rows

SUPPORTED = {f.id for f in all_formats()}
ROWS = [r for r in expected_rows() if r.format in SUPPORTED]
EXCEPTIONS_FILE = REPO / "tests" / "parsers" / "conformance_exceptions.tsv"


def _exceptions() -> dict[tuple[str, str], tuple[int, str]]:
    with open(EXCEPTIONS_FILE, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {(r["sample"], r["mode"]): (int(r["our_count"]), r["reason"]) for r in csv.DictReader(lines, delimiter="\t")}


EXCEPTIONS = _exceptions()


def count_findings(row: ExpectedRow) -> int:
    scanner = row.format if row.mode == "default" else f"{get_format(row.format).scan_types[0]} detailed"
    try:
        return sum(1 for _ in parse_report(row.path, scanner=scanner).findings)
    except InvalidReport:
        if row.expected == 0:
            return 0  # DefectDojo returns no findings for some deliberately broken samples; we refuse them.
        raise


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.sample}[{r.mode}]")
def test_finding_count(row: ExpectedRow) -> None:
    got = count_findings(row)
    if (row.sample, row.mode) in EXCEPTIONS:
        pinned, reason = EXCEPTIONS[(row.sample, row.mode)]
        assert got == pinned, f"listed exception ({reason}) expects {pinned}, got {got}"
    else:
        assert got == row.expected


def test_exceptions_are_few_and_real() -> None:
    rows = {(r.sample, r.mode): r for r in ROWS}
    for key, (pinned, reason) in EXCEPTIONS.items():
        assert key in rows, f"exception for a row that is not a supported corpus row: {key}"
        assert pinned != rows[key].expected, f"exception that is not one: {key}"
        assert reason.strip()
    # 98% of supported rows must match DefectDojo's count exactly.
    assert len(ROWS) > 0
    assert len(EXCEPTIONS) <= 0.02 * len(ROWS)
