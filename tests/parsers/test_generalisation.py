"""Generalisation: every corpus sample of a supported format, rewritten the ways real tools also write it (see
variants.py), gives the same finding count and the same detected format. A variant that changes the count is a parser
that fits the sample's bytes rather than the format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scan_parsers.registry import all_formats
from tests.corpus import REPO, SAMPLES, corpus_formats, sample_files
from tests.parsers.sweep import Outcome, outcome, run_parallel, sample_format, selected_params
from tests.parsers.variants import variants

SUPPORTED = {f.id for f in all_formats()}
#: Archives (zip, gzip, .fpr) are containers, not documents: their members are what tools write in other shapes.
SAMPLE_PATHS = [
    p
    for fmt in corpus_formats()
    if fmt in SUPPORTED
    for p in sample_files(fmt)
    if not p.read_bytes()[:4].startswith((b"PK\x03\x04", b"\x1f\x8b"))
]
PENDING_FILE = REPO / "tests" / "parsers" / "generalisation_pending.tsv"
SUFFIX = {"gzip": ".gz", "zip": ".zip"}


def _pending() -> dict[str, set[str]]:
    with open(PENDING_FILE, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {r["sample"]: set(r["variants"].split(",")) for r in csv.DictReader(lines, delimiter="\t")}


PENDING = _pending()


def sweep(path: Path) -> dict[str, Outcome]:
    fmt = sample_format(path, SAMPLES)
    data = path.read_bytes()
    results = {"original": outcome(data, path.name, fmt)}
    for name, variant in variants(data, path.name).items():
        results[name] = outcome(variant, path.name + SUFFIX.get(name, ""), fmt)
    return results


@pytest.fixture(scope="module")
def swept(request: pytest.FixtureRequest) -> dict[Path, dict[str, Outcome]]:
    chosen = selected_params(request, "test_variants_keep_count_and_detection", "path")
    paths = [p for p in chosen if isinstance(p, Path)]
    return dict(zip(paths, run_parallel(sweep, paths), strict=True))


def _id(path: Path) -> str:
    return str(path.relative_to(SAMPLES))


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=_id)
def test_variants_keep_count_and_detection(path: Path, swept: dict[Path, dict[str, Outcome]]) -> None:
    fmt = sample_format(path, SAMPLES)
    results = dict(swept[path])
    original = results.pop("original")
    assert results, "no variant was made"
    miscounted = {name: r.count for name, r in results.items() if r.count != original.count}
    missed = {}
    if original.detected == fmt:
        missed = {name: r.detected for name, r in results.items() if r.detected != fmt}
    failing = set(miscounted) | set(missed)
    # A pinned sample must fail exactly as pinned: a fixed variant is unpinned, a new failure is a bug.
    assert failing == PENDING.get(_id(path), set()), (
        f"original {original.count} ({original.error or 'ok'}), detected {original.detected}; "
        f"variants with another count: {miscounted}; variants detected otherwise: {missed}"
    )


def test_pending_rows_name_swept_samples() -> None:
    known = {_id(p) for p in SAMPLE_PATHS}
    assert set(PENDING) <= known
    assert len(PENDING) <= 0.05 * len(SAMPLE_PATHS)
