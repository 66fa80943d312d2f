"""Auto-detection over the whole corpus: right format for supported samples, no wrong claims for the rest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scan_parsers import ReportError, detect_format, open_report
from scan_parsers.registry import all_formats
from tests.corpus import REPO, SAMPLES, corpus_formats, sample_files

SUPPORTED = {f.id for f in all_formats()}
EXCEPTIONS_FILE = REPO / "tests" / "parsers" / "detection_exceptions.tsv"


def _exceptions() -> dict[str, str]:
    with open(EXCEPTIONS_FILE, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {r["sample"]: r["outcome"] for r in csv.DictReader(lines, delimiter="\t")}


EXCEPTIONS = _exceptions()


def detected(path: Path) -> str:
    try:
        return detect_format(open_report(path)).id
    except ReportError:
        return "none"


def _rel(path: Path) -> str:
    return "defectdojo/" + str(path.relative_to(SAMPLES))


SUPPORTED_SAMPLES = [p for fmt in corpus_formats() if fmt in SUPPORTED for p in sample_files(fmt)]
OTHER_SAMPLES = [p for fmt in corpus_formats() if fmt not in SUPPORTED for p in sample_files(fmt)]


@pytest.mark.parametrize("path", SUPPORTED_SAMPLES, ids=_rel)
def test_supported_sample_is_recognised(path: Path) -> None:
    fmt = path.relative_to(SAMPLES).parts[0]
    expected = EXCEPTIONS.get(_rel(path), fmt)
    assert detected(path) == expected


def test_detection_rates() -> None:
    assert SUPPORTED_SAMPLES
    right = sum(detected(p) == p.relative_to(SAMPLES).parts[0] for p in SUPPORTED_SAMPLES)
    assert right / len(SUPPORTED_SAMPLES) >= 0.98, f"{right}/{len(SUPPORTED_SAMPLES)} recognised"
    if OTHER_SAMPLES:
        wrong = [p for p in OTHER_SAMPLES if detected(p) != "none"]
        assert len(wrong) / len(OTHER_SAMPLES) < 0.02, [_rel(p) for p in wrong]
