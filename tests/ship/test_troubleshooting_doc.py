"""Every permanent failure reason the code can put into a Stalled condition is explained in the troubleshooting
guide."""

from __future__ import annotations

from scanner_operator.contract import PERMANENT_EXIT_CODES, PERMANENT_REASONS, REASON_OF_EXIT_CODE, ExitCode
from tests.ship.chart import REPO

GUIDE = (REPO / "docs" / "troubleshooting.md").read_text()


def test_every_permanent_worker_reason_is_documented() -> None:
    missing = sorted(r for r in PERMANENT_REASONS if f"`{r}`" not in GUIDE)
    assert not missing, f"add these reasons to docs/troubleshooting.md: {missing}"


def _exit_code_rows() -> list[list[str]]:
    section = GUIDE.split("### Worker exit codes", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip().strip("`") for cell in row] for row in rows[1:]]  # rows[0] is the header


def test_each_worker_exit_code_maps_to_one_documented_reason() -> None:
    rows = _exit_code_rows()
    assert sorted(int(row[0]) for row in rows) == sorted(int(code) for code in ExitCode)
    for code_text, name, _meaning, retried, reason in rows:
        code = ExitCode(int(code_text))
        assert name == code.name
        assert retried == ("no" if code in PERMANENT_EXIT_CODES or code is ExitCode.OK else "yes")
        if code is not ExitCode.OK:
            assert reason == REASON_OF_EXIT_CODE[code]
            assert f"`{reason}`" in GUIDE.split("### Worker exit codes", 1)[0], f"{reason} is not explained above"
