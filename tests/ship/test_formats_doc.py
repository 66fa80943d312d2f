"""docs/formats.md is generated from the format registry and must be current."""

from __future__ import annotations

from scan_parsers import all_formats
from scanner_operator import formatdoc
from tests.ship.chart import REPO


def test_formats_doc_is_up_to_date() -> None:
    assert formatdoc.main(["--check", str(REPO / "docs" / "formats.md")]) == 0, "run `make docs`"


def test_every_format_has_a_row_with_its_names_and_what_it_reads() -> None:
    rows = {line.split("|")[1].strip(" `"): line for line in formatdoc.render().splitlines() if line.startswith("| `")}
    assert set(rows) == {f.id for f in all_formats()}
    for f in all_formats():
        assert f.recognises, f"{f.id} says nothing of what its files look like"
        assert all(f"`{name}`" in rows[f.id] for name in f.scan_types), f.id
