"""Status writes are rate-limited, coalesced, bounded in size, and stop for good once superseded."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from scanner_operator.worker import StatusReporter, StatusWriteFailed

from .fakes import FakeStatusSink


def test_first_update_is_written_and_later_ones_coalesce() -> None:
    sink = FakeStatusSink()
    reporter = StatusReporter(sink, min_interval=0.3)
    reporter.update(progress=1)
    reporter.update(progress=2)
    reporter.update(progress=3, currentStep="Parsing")
    assert [p.get("progress") for p in sink.patches] == [1]
    time.sleep(0.6)
    assert len(sink.patches) == 2
    assert sink.patches[1] == {"progress": 3, "currentStep": "Parsing"}
    reporter.close()


def test_write_rate_is_bounded() -> None:
    sink = FakeStatusSink()
    reporter = StatusReporter(sink, min_interval=0.25)
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < 1.0:
        n += 1
        reporter.update(progress=n % 100)
        time.sleep(0.002)
    reporter.finish(currentStep="Imported")
    assert n > 100
    assert 3 <= len(sink.patches) <= 1 + 4 + 1 + 1  # first, one per interval, the timer's, the final


def test_finish_writes_at_once_and_carries_everything_pending() -> None:
    sink = FakeStatusSink()
    reporter = StatusReporter(sink, min_interval=60)
    reporter.update(progress=5)
    reporter.update(findingsImported=10)
    assert reporter.finish(progress=100, lastResult={"outcome": "Succeeded"})
    assert sink.patches[-1] == {"findingsImported": 10, "progress": 100, "lastResult": {"outcome": "Succeeded"}}
    reporter.update(progress=1)
    assert len(sink.patches) == 2, "nothing is written after finish"


def test_recent_logs_keep_the_last_ten_bounded_lines() -> None:
    sink = FakeStatusSink()
    reporter = StatusReporter(sink, min_interval=60)
    for i in range(25):
        reporter.log_line(f"line {i} " + "x" * (2000 if i == 24 else 0))
    reporter.finish()
    logs = sink.status["recentLogs"]
    assert len(logs) == 10
    assert logs[0] == "line 15 "
    assert len(logs[-1]) == 1024


class FlakySink(FakeStatusSink):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def patch(self, status: Mapping[str, Any]) -> bool:
        if self.failures:
            self.failures -= 1
            raise StatusWriteFailed("API server unreachable")
        return super().patch(status)


def test_a_failed_write_is_kept_for_the_next_one() -> None:
    sink = FlakySink(failures=1)
    reporter = StatusReporter(sink, min_interval=60)
    reporter.update(source={"sha256": "a" * 64, "size": 3})
    assert sink.patches == []
    assert reporter.finish(progress=100)
    assert sink.patches == [{"source": {"sha256": "a" * 64, "size": 3}, "progress": 100}]


def test_superseded_stops_all_writes() -> None:
    sink = FakeStatusSink(current_for_patches=1)
    reporter = StatusReporter(sink, min_interval=0)
    reporter.update(progress=1)
    reporter.update(progress=2)
    assert reporter.superseded
    assert not reporter.finish(lastResult={"outcome": "Succeeded"})
    assert sink.patches == [{"progress": 1}] and len(sink.refused) == 1
