"""Every permanent failure reason the code can put into a Stalled condition is explained in the troubleshooting
guide."""

from __future__ import annotations

from scanner_operator.reasons import PERMANENT_REASONS
from tests.ship.chart import REPO

GUIDE = (REPO / "docs" / "troubleshooting.md").read_text()


def test_every_permanent_worker_reason_is_documented() -> None:
    missing = sorted(r for r in PERMANENT_REASONS if f"`{r}`" not in GUIDE)
    assert not missing, f"add these reasons to docs/troubleshooting.md: {missing}"
