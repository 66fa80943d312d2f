"""Done-when of issue 7: `phoenix-scanner import` of every supported corpus sample into FakePhoenix, with 30 % of
requests answered 429/503, delivers exactly the findings parsed (counted per fingerprint), and every body the
fake accepted validates against the JSON Schema (the fake validates each one; `rejected` must stay empty)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest

from scan_parsers import InvalidReport, all_formats, get_format, parse_report
from scanner_operator.cli import ExitCode, main
from scanner_operator.testing.fake_phoenix import FakePhoenix
from tests.corpus import ExpectedRow, expected_rows

SUPPORTED = {f.id for f in all_formats()}
ROWS = [r for r in expected_rows() if r.format in SUPPORTED]


@pytest.fixture(scope="module")
def flaky_phoenix() -> Iterator[FakePhoenix]:
    with FakePhoenix() as fake:
        fake.set_fail_ratio(0.3, statuses=(429, 503), retry_after="0", seed=7)
        yield fake


def scanner_of(row: ExpectedRow) -> str:
    return row.format if row.mode == "default" else f"{get_format(row.format).scan_types[0]} detailed"


def parsed_counts(row: ExpectedRow) -> Counter[str] | None:
    """Fingerprints of the open findings as parsed locally (the ones an import sends); None when the sample is a
    deliberately broken report."""
    try:
        return Counter(f.fingerprint for f in parse_report(row.path, scanner=scanner_of(row)).findings if f.active)
    except InvalidReport:
        return None


def test_corpus_has_supported_rows() -> None:
    assert ROWS, "no registered format has corpus samples"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.sample}[{r.mode}]")
def test_import_every_sample_under_refusals(
    row: ExpectedRow, flaky_phoenix: FakePhoenix, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHOENIX_API_URL", flaky_phoenix.url)
    monkeypatch.setenv("PHOENIX_CLIENT_ID", flaky_phoenix.client_id)
    monkeypatch.setenv("PHOENIX_CLIENT_SECRET", flaky_phoenix.client_secret)
    assessment = f"corpus::{row.sample}::{row.mode}"
    expected = parsed_counts(row)
    before = flaky_phoenix.replayed_imports
    # 0.3 ** 16 per request: retries exhausted practically never; Retry-After is 0 so the test stays fast
    code = main(
        [
            "import",
            str(row.path),
            "--scanner",
            scanner_of(row),
            "--assessment",
            assessment,
            "--max-retries",
            "15",
            "--json",
        ]
    )
    if expected is None:
        assert code == ExitCode.INVALID
        assert flaky_phoenix.fingerprint_counts(assessment) == Counter()
        return
    assert code == ExitCode.OK, capsys.readouterr().err
    summary = json.loads(capsys.readouterr().out)
    assert summary["findings"] == sum(expected.values())
    assert flaky_phoenix.fingerprint_counts(assessment) == expected
    assert flaky_phoenix.replayed_imports == before
    assert flaky_phoenix.rejected == []


def test_refusals_really_happened(flaky_phoenix: FakePhoenix) -> None:
    """Runs after the samples (same module fixture): about 30 % of all requests were refused."""
    statuses = [s for _, _, s in flaky_phoenix.requests]
    refused = sum(1 for s in statuses if s in (429, 503))
    assert len(statuses) > 50
    assert 0.2 < refused / len(statuses) < 0.4
