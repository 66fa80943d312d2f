"""Auto-detection over the whole corpus: right format for supported samples, no wrong claims for the rest."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scan_parsers import ReportError, detect_format, get_format, open_report
from scan_parsers.registry import all_formats
from tests.corpus import REPO, SAMPLES, corpus_formats, sample_files

SUPPORTED = {f.id for f in all_formats()}
EXCEPTIONS_FILE = REPO / "tests" / "parsers" / "detection_exceptions.tsv"


def _exceptions() -> dict[str, str]:
    with open(EXCEPTIONS_FILE, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {r["sample"]: r["outcome"] for r in csv.DictReader(lines, delimiter="\t")}


EXCEPTIONS = _exceptions()
#: The outcome pinned for a corpus file that is not a report but an input the tool scanned (a source file, a wordlist,
#: a manifest): nothing may claim it, and it is not counted in the detection rate.
INPUT = "input"


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
    assert detected(path) == ("none" if expected == INPUT else expected)


def content_free(path: Path) -> bool:
    """Empty, whitespace, or a JSON document with no content at all (null, {}, [], or an object whose every member
    is empty): no detector can tell which scanner wrote it, and parsing it yields no findings either way."""
    data = path.read_bytes().strip()
    if not data:
        return True
    try:
        doc = json.loads(data)
    except ValueError:
        return False
    if isinstance(doc, dict):
        return all(v in (None, [], {}, "") for v in doc.values())
    return doc in (None, [])


def rightly_detected(path: Path) -> bool:
    """Detected as its folder's format, or as the other supported format the file truly is (pinned in the
    exceptions file with the reason, e.g. an npm 7 report kept in DefectDojo's npm_audit folder)."""
    got = detected(path)
    pinned = EXCEPTIONS.get(_rel(path))
    return got == path.relative_to(SAMPLES).parts[0] or (pinned is not None and pinned != "none" and got == pinned)


def test_detection_rates() -> None:
    """At least 98% of the corpus samples of supported formats that carry any content are recognised, and under
    2% of the samples of unsupported formats are claimed by a wrong format."""
    samples = [p for p in SUPPORTED_SAMPLES if not content_free(p) and EXCEPTIONS.get(_rel(p)) != INPUT]
    assert samples
    missed = [_rel(p) for p in samples if not rightly_detected(p)]
    assert len(missed) / len(samples) <= 0.02, f"{len(samples) - len(missed)}/{len(samples)} recognised; {missed}"
    if OTHER_SAMPLES:
        # A document of a standard (SARIF, CycloneDX) written by a tool without a format of its own here belongs
        # to the standard's generic reader: that claim is right, not wrong.
        wrong = [p for p in OTHER_SAMPLES if detected(p) != "none" and not _standard(detected(p))]
        assert len(wrong) / len(OTHER_SAMPLES) < 0.02, [_rel(p) for p in wrong]


def _standard(format_id: str) -> bool:
    return get_format(format_id).standard is not None
