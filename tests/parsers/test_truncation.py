"""A report cut off in the middle is refused, never parsed into a partial "success": nothing half-imported may be
reported as imported. Checked on every supported corpus report that has findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan_parsers import ReportError, parse_report
from scan_parsers.registry import all_formats
from tests.corpus import expected_rows

SUPPORTED = {f.id for f in all_formats()}
ROWS = {(r.format, r.path) for r in expected_rows() if r.format in SUPPORTED and r.expected > 0 and r.mode == "default"}
# CSV has no end marker: a cut at a row boundary is indistinguishable from a shorter report. Those are checked by
# cutting inside a row instead (see readers.iter_csv and tests/parsers/test_fixdata.py).
STRUCTURED = sorted((fmt, path) for fmt, path in ROWS if path.suffix.lower() not in {".csv", ".txt"})


def _cut(data: bytes) -> bytes:
    """Cut in the middle, but inside a token, never on a line boundary (which could leave a complete JSON Lines or
    NDJSON report)."""
    i = len(data) // 2
    while i < len(data) - 1 and not data[i - 1 : i].isalnum():
        i += 1
    return data[:i]


@pytest.mark.parametrize(("fmt", "path"), STRUCTURED, ids=[f"{f}:{p.name}" for f, p in STRUCTURED])
@pytest.mark.parametrize("fix_data", [True, False], ids=["fix", "strict"])
def test_truncated_report_is_refused(fmt: str, path: Path, fix_data: bool) -> None:
    data = path.read_bytes()
    if path.suffix.lower() in {".zip", ".gz"}:
        pytest.skip("a cut archive is refused by the archive reader (tests/parsers/test_robustness.py)")
    try:
        parsed = parse_report(_cut(data), fmt, fix_data=fix_data, name=path.name)
        for _ in parsed.findings:
            pass
    except ReportError:
        return
    # Only a line-based report (JSON Lines) may survive a cut, and only with fix_data, which drops the cut last
    # record and says so in a warning that the import carries into status.
    assert fix_data, "a truncated report was parsed as complete"
    assert "truncated-record" in [w.code for w in parsed.warnings], "a truncated report was parsed without a warning"
