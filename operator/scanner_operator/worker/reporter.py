"""Live status of one import, written at most once per interval (the API server is shared with everyone).

Changes accumulate; a write happens when the interval has passed, otherwise a timer writes the latest state once
it has. `finish` always writes. When the sink says the ScanImport moved on, the reporter stops writing for good.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from .status import StatusSink, StatusWriteFailed

MAX_LOG_LINES = 10
MAX_LOG_LINE_CHARS = 1024

log = logging.getLogger(__name__)


class StatusReporter:
    def __init__(
        self,
        sink: StatusSink,
        *,
        min_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sink = sink
        self._interval = min_interval
        self._clock = clock
        self._lock = threading.RLock()
        self._pending: dict[str, Any] = {}
        self._logs: deque[str] = deque(maxlen=MAX_LOG_LINES)
        self._last_write: float | None = None
        self._timer: threading.Timer | None = None
        self._closed = False
        self.superseded = False
        self.writes = 0

    def update(self, **fields: Any) -> None:
        with self._lock:
            self._pending.update(fields)
            self._maybe_write()

    def log_line(self, line: str) -> None:
        with self._lock:
            self._logs.append(line[:MAX_LOG_LINE_CHARS])
            self._pending["recentLogs"] = list(self._logs)
            self._maybe_write()

    def finish(self, **fields: Any) -> bool:
        """Write everything now, whatever the interval; True when it was written."""
        with self._lock:
            self._cancel_timer()
            self._pending.update(fields)
            written = self._write()
            self._closed = True
            return written

    def close(self) -> None:
        with self._lock:
            self._cancel_timer()
            self._closed = True

    def _maybe_write(self) -> None:
        if self._closed or self.superseded:
            return
        now = self._clock()
        if self._last_write is None or now - self._last_write >= self._interval:
            self._cancel_timer()
            self._write()
        elif self._timer is None:
            self._timer = threading.Timer(self._interval - (now - self._last_write), self._on_timer)
            self._timer.daemon = True
            self._timer.start()

    def _on_timer(self) -> None:
        with self._lock:
            self._timer = None
            if not self._closed and not self.superseded:
                self._write()

    def _write(self) -> bool:
        if self.superseded or not self._pending:
            return False
        status, self._pending = self._pending, {}
        self._last_write = self._clock()
        try:
            written = self._sink.patch(status)
        except StatusWriteFailed as exc:
            # Status is best effort while importing: the import itself must not fail because of it.
            log.warning("status not written: %s", exc)
            self._pending = {**status, **self._pending}
            return False
        if not written:
            self.superseded = True
            return False
        self.writes += 1
        return True

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
