"""The shared retry rule: what may be sent again, and how long to wait."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from scanner_operator.insightvm.transport import console_retry_policy
from scanner_operator.phoenix.client import phoenix_retry_policy
from scanner_operator.retry import RetryPolicy, Verdict

PHOENIX = phoenix_retry_policy(max_retries=3)
CONSOLE = console_retry_policy(max_retries=2, backoff=0.5)
REQUEST = httpx.Request("POST", "http://127.0.0.1/x")


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("t"), httpx.PoolTimeout("p")])
def test_a_request_that_never_left_is_retried_whatever_its_method(error: httpx.TransportError) -> None:
    for policy in (PHOENIX, CONSOLE):
        assert policy.on_error(error, 0, idempotent=False) is Verdict.RETRY
        assert policy.on_error(error, policy.max_retries, idempotent=False) is Verdict.STOP


@pytest.mark.parametrize("error", [httpx.ReadTimeout("t"), httpx.RemoteProtocolError("reset")])
def test_a_lost_answer_is_uncertain_for_a_post_and_retried_for_a_get(error: httpx.TransportError) -> None:
    for policy in (PHOENIX, CONSOLE):
        assert policy.on_error(error, 0, idempotent=False) is Verdict.UNCERTAIN
        assert policy.on_error(error, 0, idempotent=True) is Verdict.RETRY
        assert policy.on_error(error, policy.max_retries, idempotent=True) is Verdict.STOP


def test_statuses_per_client_and_method() -> None:
    assert PHOENIX.on_status(503, 0, idempotent=False) is Verdict.RETRY  # an explicit refusal
    assert PHOENIX.on_status(429, 0, idempotent=False) is Verdict.RETRY
    assert PHOENIX.on_status(502, 0, idempotent=False) is Verdict.STOP  # it may have been stored
    assert PHOENIX.on_status(500, 0, idempotent=True) is Verdict.RETRY
    assert PHOENIX.on_status(400, 0, idempotent=True) is Verdict.STOP
    assert PHOENIX.on_status(503, 3, idempotent=True) is Verdict.STOP  # attempts spent
    assert CONSOLE.on_status(503, 0, idempotent=False) is Verdict.STOP  # never a second scan
    assert CONSOLE.on_status(504, 0, idempotent=True) is Verdict.RETRY
    assert CONSOLE.on_status(429, 0, idempotent=True) is Verdict.STOP


def test_backoff_doubles_up_to_its_bound() -> None:
    assert [PHOENIX.backoff_delay(a) for a in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert [CONSOLE.backoff_delay(a) for a in range(3)] == [0.5, 1.0, 2.0]


def _response(status: int, retry_after: str | None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(status, headers=headers, request=REQUEST)


def test_retry_after_seconds_dates_defaults_and_bounds() -> None:
    assert PHOENIX.response_delay(_response(429, "7"), 0) == 7
    assert PHOENIX.response_delay(_response(503, None), 0) == 5.0  # Phoenix's default
    assert PHOENIX.response_delay(_response(503, "soon"), 0) == 5.0
    assert PHOENIX.response_delay(_response(503, "100000"), 0) == 300.0
    assert PHOENIX.response_delay(_response(503, "-3"), 0) == 0.0
    assert PHOENIX.response_delay(_response(500, "7"), 2) == 4.0  # no Retry-After rule for 500: back-off
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= PHOENIX.response_delay(_response(503, in_a_minute), 0) <= 60


def test_console_retry_after_in_milliseconds() -> None:
    assert CONSOLE.response_delay(_response(503, "5000"), 0) == 5.0  # the console's documented example
    assert CONSOLE.response_delay(_response(503, "2"), 0) == 2.0
    assert CONSOLE.response_delay(_response(503, None), 1) == 1.0  # the back-off of that attempt
    assert CONSOLE.response_delay(_response(503, "600000"), 0) == 30.0


def test_a_policy_without_a_default_waits_the_backoff() -> None:
    policy = RetryPolicy(max_retries=1, backoff=2.0)
    assert policy.retry_after(None, fallback=2.0) == 2.0
    assert policy.retry_after("nonsense", fallback=3.0) == 3.0
