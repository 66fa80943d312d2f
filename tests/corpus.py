"""Where the shared sample corpus lives, and its expected counts."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PHOENIX_CORPUS", REPO.parent / "shared" / "corpus"))
SAMPLES = CORPUS / "defectdojo"


@dataclass(frozen=True)
class ExpectedRow:
    format: str
    sample: str
    expected: int
    mode: str

    @property
    def path(self) -> Path:
        return CORPUS / self.sample


def expected_rows() -> list[ExpectedRow]:
    with open(CORPUS / "expected.tsv", newline="") as f:
        return [
            ExpectedRow(r["format"], r["sample"], int(r["expected_findings"]), r["mode"])
            for r in csv.DictReader(f, delimiter="\t")
        ]


def sample_files(fmt: str) -> list[Path]:
    # README.md files in a folder document its samples; they are not reports
    return sorted(p for p in (SAMPLES / fmt).rglob("*") if p.is_file() and p.name != "README.md")


def corpus_formats() -> list[str]:
    return sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())
