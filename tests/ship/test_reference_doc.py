"""docs/reference.md is generated from the models and must be current."""

from __future__ import annotations

from scanner_operator import refdoc
from tests.ship.chart import REPO


def test_reference_is_up_to_date() -> None:
    assert refdoc.main(["--check", str(REPO / "docs" / "reference.md")]) == 0, "run `make docs`"


def test_reference_documents_every_spec_field_with_a_description() -> None:
    text = refdoc.render()
    assert "## ScanImport" in text and "`spec.source.configMap.name`" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    undocumented = [r.split("|")[1] for r in rows if not r.rstrip(" |").split("|")[-1].strip()]
    assert not undocumented, undocumented
