"""Corpus sweeps in parallel processes: each sample and its variants parsed in a worker, results gathered once per
test module for the samples the run selected."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from scan_parsers import ReportError, detect_format, open_report, parse_report

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Outcome:
    """What a parse gave: a count (or None when refused), the warnings, and the format auto-detection chose."""

    count: int | None
    warnings: tuple[str, ...] = ()
    error: str = ""
    detected: str = ""


def outcome(data: bytes, name: str, scanner: str, detect: bool = True) -> Outcome:
    detected = ""
    if detect:
        try:
            detected = detect_format(open_report(data, name=name)).id
        except ReportError:
            detected = "none"
    try:
        parsed = parse_report(data, scanner, name=name)
        count = sum(1 for _ in parsed.findings)
    except ReportError as exc:
        return Outcome(None, error=str(exc), detected=detected)
    return Outcome(count, tuple(w.code + ": " + w.message for w in parsed.warnings), detected=detected)


def run_parallel(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    todo = list(items)
    workers = min(len(todo), os.cpu_count() or 1, 4)
    if workers <= 1:
        return [work(i) for i in todo]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, todo, chunksize=4))


def selected_params(request: pytest.FixtureRequest, function: str, param: str) -> list[object]:
    """The values of `param` of the collected items of test `function` in the requesting module (what -k left)."""
    out = []
    for item in request.session.items:
        if item.module is request.module and getattr(item, "originalname", "") == function:
            out.append(item.callspec.params[param])  # type: ignore[attr-defined]
    return out


def sample_format(path: Path, samples: Path) -> str:
    return path.relative_to(samples).parts[0]
