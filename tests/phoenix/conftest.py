"""Fixtures of the Phoenix tests: a FakePhoenix per test and small synthetic reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner_operator.testing.fake_phoenix import FakePhoenix


@pytest.fixture
def fake() -> Iterator[FakePhoenix]:
    with FakePhoenix() as server:
        yield server


def hadolint_report(path: Path, files: int, per_file: int, *, message: str = "Pin versions") -> Path:
    """A hadolint JSON report: `files` Dockerfiles (BUILD assets) with `per_file` findings each."""
    items = [
        {
            "line": line + 1,
            "code": f"DL{3000 + line}",
            "message": f"{message} {line}",
            "column": 1,
            "file": f"svc{f}/Dockerfile",
            "level": ("error", "warning", "info", "style")[line % 4],
        }
        for f in range(files)
        for line in range(per_file)
    ]
    path.write_text(json.dumps(items))
    return path


@pytest.fixture
def small_report(tmp_path: Path) -> Path:
    return hadolint_report(tmp_path / "hadolint.json", files=3, per_file=4)
