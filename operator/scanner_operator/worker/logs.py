"""The worker's log: one JSON object per line on stdout (for `kubectl logs` and log shippers), and the same line in
short form in `status.recentLogs`. Callers pass only values the worker produced itself: never a secret."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WorkerLog:
    def __init__(
        self,
        context: dict[str, Any],
        *,
        stream: TextIO | None = None,
        recent: Callable[[str], None] | None = None,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self._context = context
        self._stream = stream
        self._recent = recent
        self._clock = clock

    def info(self, message: str, **fields: Any) -> None:
        self._emit("info", message, fields)

    def warning(self, message: str, **fields: Any) -> None:
        self._emit("warning", message, fields)

    def error(self, message: str, **fields: Any) -> None:
        self._emit("error", message, fields)

    def _emit(self, level: str, message: str, fields: dict[str, Any]) -> None:
        now = self._clock()
        record = {"ts": now, "level": level, "msg": message, **self._context, **fields}
        stream = self._stream or sys.stdout
        stream.write(json.dumps(record, default=str, separators=(",", ":")) + "\n")
        stream.flush()
        if self._recent is not None:
            self._recent(f"{now} {level.upper()} {message}")
