"""The one retry rule of the project's HTTP clients (Phoenix and the InsightVM console): what is safe to send
again, and how long to wait.

Safe: a request that provably never reached the server (connection refused, connect or pool timeout) may be sent
again whatever its method; an idempotent request may also be repeated after a lost answer or a retryable status.
A non-idempotent request whose answer was lost is *uncertain*: the server may have acted on it (an import stored,
a scan started), so it is never replayed; it is retried only on the statuses by which a server says it did not take
the request (`unsafe_statuses`, e.g. 429 and 503 for Phoenix).
"""

from __future__ import annotations

import email.utils
import math
import time
from dataclasses import dataclass
from enum import Enum

import httpx

#: Errors raised before any byte of the request reached the server.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Verdict(Enum):
    RETRY = "retry"
    #: give up: the attempts are spent, or the status is final
    STOP = "stop"
    #: give up without replaying: the request may have been acted on
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    #: first back-off in seconds, doubled on each attempt up to `max_backoff`
    backoff: float = 1.0
    max_backoff: float = 30.0
    #: statuses retried for idempotent requests
    idempotent_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    #: statuses retried for any request: the server says it did not take it
    unsafe_statuses: frozenset[int] = frozenset()
    #: statuses whose Retry-After header sets the wait
    retry_after_statuses: frozenset[int] = frozenset({429, 503})
    default_retry_after: float | None = None
    max_retry_after: float = 300.0
    #: a Retry-After number above this is read as milliseconds (a console documents 5000 for five seconds)
    retry_after_millis_above: float | None = None

    def backoff_delay(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * 2**attempt))

    def on_error(self, exc: httpx.TransportError, attempt: int, *, idempotent: bool) -> Verdict:
        if not isinstance(exc, NOT_SENT_ERRORS) and not idempotent:
            return Verdict.UNCERTAIN
        return Verdict.RETRY if attempt < self.max_retries else Verdict.STOP

    def on_status(self, status: int, attempt: int, *, idempotent: bool) -> Verdict:
        retryable = status in self.unsafe_statuses or (idempotent and status in self.idempotent_statuses)
        return Verdict.RETRY if retryable and attempt < self.max_retries else Verdict.STOP

    def response_delay(self, response: httpx.Response, attempt: int) -> float:
        """How long to wait before sending again after `response`."""
        fallback = self.backoff_delay(attempt)
        if response.status_code not in self.retry_after_statuses:
            return fallback
        return self.retry_after(response.headers.get("Retry-After"), fallback)

    def retry_after(self, value: str | None, fallback: float) -> float:
        """Retry-After as seconds or an HTTP date, bounded; `default_retry_after` (or `fallback`) when absent or
        unreadable."""
        default = fallback if self.default_retry_after is None else self.default_retry_after
        if value is None or not value.strip():
            return default
        value = value.strip()
        try:
            secs = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return default
            secs = when.timestamp() - time.time()
        else:
            if self.retry_after_millis_above is not None and secs > self.retry_after_millis_above:
                secs /= 1000.0
        if math.isnan(secs) or secs < 0:
            return 0.0
        return min(secs, self.max_retry_after)
