"""PhoenixClient against FakePhoenix: token handling, retries, no replay of lost POSTs, pacing, no secret leaks."""

from __future__ import annotations

import json
import logging
import socket

import httpx
import pytest

from scanner_operator.phoenix import (
    PhoenixAuthError,
    PhoenixClient,
    PhoenixRejected,
    PhoenixUnavailable,
    PhoenixUncertain,
)
from scanner_operator.phoenix.pacing import Pacer
from scanner_operator.testing.fake_phoenix import FakePhoenix

BODY = json.dumps(
    {
        "importType": "delta",
        "assessment": {"assetType": "INFRA", "name": "client-test"},
        "assets": [
            {
                "attributes": {"ip": "10.0.0.1"},
                "findings": [{"name": "CVE-1", "description": "d", "remedy": "r", "severity": "5.0"}],
            }
        ],
    }
).encode()


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(fake: FakePhoenix, **kw: object) -> tuple[PhoenixClient, Sleeps]:
    sleeps = Sleeps()
    return PhoenixClient(fake.url, fake.client_id, fake.client_secret, sleep=sleeps, **kw), sleeps  # type: ignore[arg-type]


def import_posts(fake: FakePhoenix) -> int:
    return sum(1 for m, p, _ in fake.requests if m == "POST" and p == "/v1/import/assets")


def test_token_is_fetched_once_and_cached(fake: FakePhoenix) -> None:
    client, _ = client_for(fake)
    with client:
        for _ in range(3):
            client.import_assets(BODY)
    assert fake.token_requests == 1
    assert fake.accepted_imports == 3


def test_token_refreshed_before_expiry() -> None:
    now = [1000.0]
    with FakePhoenix(token_ttl=600) as fake:
        client = PhoenixClient(fake.url, fake.client_id, fake.client_secret, clock=lambda: now[0])
        with client:
            client.import_assets(BODY)
            now[0] += 200  # 400 s left: above the 300 s margin
            client.import_assets(BODY)
            assert fake.token_requests == 1
            now[0] += 150  # 250 s left: refresh before use
            client.import_assets(BODY)
            assert fake.token_requests == 2


def test_expired_token_refreshed_once_on_401(fake: FakePhoenix) -> None:
    client, _ = client_for(fake)
    with client:
        client.import_assets(BODY)
        fake.expire_tokens()
        client.import_assets(BODY)
    assert fake.token_requests == 2
    assert fake.accepted_imports == 2
    statuses = [st for _, p, st in fake.requests if p == "/v1/import/assets"]
    assert len(statuses) == 3 and statuses[1] == 401 and statuses[0] < 300 and statuses[2] < 300


def test_second_401_is_permanent_auth_error(fake: FakePhoenix) -> None:
    fake.fail_next(401, count=2, path="/v1/import/assets")
    client, sleeps = client_for(fake)
    with client, pytest.raises(PhoenixAuthError) as info:
        client.import_assets(BODY)
    assert info.value.reason == "PhoenixAuthFailed"
    assert import_posts(fake) == 2  # the original and exactly one repeat
    assert fake.accepted_imports == 0
    assert sleeps == []


def test_bad_credentials_are_not_retried(fake: FakePhoenix) -> None:
    sleeps = Sleeps()
    client = PhoenixClient(fake.url, fake.client_id, "wrong-secret-value", sleep=sleeps)
    with client, pytest.raises(PhoenixAuthError) as info:
        client.import_assets(BODY)
    assert fake.token_requests == 1
    assert "wrong-secret-value" not in str(info.value)


def test_429_and_503_honour_retry_after(fake: FakePhoenix) -> None:
    fake.fail_next(429, path="/v1/import/assets", retry_after=7)
    fake.fail_next(503, path="/v1/import/assets")  # no Retry-After: the documented default of 5 s
    client, sleeps = client_for(fake)
    with client:
        client.import_assets(BODY)
    assert sleeps == [7.0, 5.0]
    assert fake.accepted_imports == 1
    assert import_posts(fake) == 3


def test_retries_are_bounded(fake: FakePhoenix) -> None:
    fake.fail_next(503, count=10, path="/v1/import/assets", retry_after=1)
    client, sleeps = client_for(fake, max_retries=3)
    with client, pytest.raises(PhoenixUnavailable) as info:
        client.import_assets(BODY)
    assert info.value.transient
    assert len(sleeps) == 3
    assert import_posts(fake) == 4
    assert fake.accepted_imports == 0


def test_dropped_response_is_not_replayed(fake: FakePhoenix) -> None:
    fake.drop_next_import()
    client, sleeps = client_for(fake)
    with client, pytest.raises(PhoenixUncertain) as info:
        client.import_assets(BODY)
    assert info.value.reason == "PhoenixOutcomeUnknown"
    assert fake.accepted_imports == 1  # stored once, never sent again
    assert fake.replayed_imports == 0
    # exactly one POST reached the server, recorded with status 0 = stored but never answered
    assert [st for m, p, st in fake.requests if p == "/v1/import/assets"] == [0]
    assert sleeps == []


def test_500_on_import_is_uncertain_but_500_on_token_is_retried(fake: FakePhoenix) -> None:
    fake.fail_next(500, path="/v1/auth/access_token")
    fake.fail_next(500, path="/v1/import/assets")
    client, sleeps = client_for(fake)
    with client, pytest.raises(PhoenixUncertain):
        client.import_assets(BODY)
    assert fake.token_requests == 1  # the 500 answer was a fault, then the token came
    assert len(sleeps) == 1
    assert import_posts(fake) == 1


def test_slow_response_past_timeout_is_uncertain_and_stored_once(fake: FakePhoenix) -> None:
    client, _ = client_for(fake, timeout=0.5)
    with client:
        client.token()
        fake.slow_next(1.5, path="/v1/import/assets")
        with pytest.raises(PhoenixUncertain):
            client.import_assets(BODY, timeout=0.5)
    import time

    deadline = time.monotonic() + 5
    while fake.accepted_imports == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake.accepted_imports == 1


class FlakyConnect(httpx.BaseTransport):
    """Refuses the first `n` connections (nothing was sent), then passes through."""

    def __init__(self, n: int) -> None:
        self.left = n
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.left > 0:
            self.left -= 1
            raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)


def test_connection_failures_before_sending_are_retried(fake: FakePhoenix) -> None:
    sleeps = Sleeps()
    client = PhoenixClient(fake.url, fake.client_id, fake.client_secret, sleep=sleeps, transport=FlakyConnect(3))
    with client:
        client.import_assets(BODY)
    assert fake.accepted_imports == 1
    assert sleeps == [1.0, 2.0, 4.0]


def test_unreachable_server_is_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps = Sleeps()
    client = PhoenixClient(f"http://127.0.0.1:{port}", "id", "secret", sleep=sleeps, max_retries=2)
    with client, pytest.raises(PhoenixUnavailable):
        client.import_assets(BODY)
    assert len(sleeps) == 2


def test_400_carries_the_server_message(fake: FakePhoenix) -> None:
    client, _ = client_for(fake)
    bad = json.loads(BODY)
    bad["assets"][0]["findings"][0]["severity"] = "11"
    with client, pytest.raises(PhoenixRejected) as info:
        client.import_assets(json.dumps(bad).encode())
    assert info.value.status_code == 400
    assert "severity" in str(info.value)


def test_plain_http_refused_for_remote_hosts() -> None:
    with pytest.raises(PhoenixRejected) as info:
        PhoenixClient("http://phoenix.example.com", "id", "secret")
    assert info.value.reason == "InsecurePhoenixURL"
    PhoenixClient("http://phoenix.example.com", "id", "secret", allow_http=True).close()


def test_pacer_spreads_requests() -> None:
    now = [0.0]
    sleeps = Sleeps()

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    pacer = Pacer(30, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pacer.wait()
    assert sleeps == [2.0, 2.0, 2.0]


def test_client_paces_import_requests(fake: FakePhoenix) -> None:
    import time

    client = PhoenixClient(fake.url, fake.client_id, fake.client_secret, requests_per_minute=240)
    with client:
        client.token()
        start = time.monotonic()
        for _ in range(4):
            client.import_assets(BODY)
        elapsed = time.monotonic() - start
    # 240/min = one request per 0.25 s: four imports span at least three intervals
    assert elapsed >= 0.74
    assert fake.accepted_imports == 4


def test_no_secret_or_token_in_logs_or_errors(fake: FakePhoenix, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = client_for(fake, max_retries=1)
    errors: list[str] = []
    with client:
        token = client.token()
        for setup in (
            lambda: fake.fail_next(401, count=2, path="/v1/import/assets"),
            lambda: fake.fail_next(503, count=3, path="/v1/import/assets"),
            lambda: fake.fail_next(500, path="/v1/import/assets"),
            fake.drop_next_import,
        ):
            setup()
            try:
                client.import_assets(BODY)
            except Exception as exc:
                errors.append(f"{exc!s} {exc!r}")
        errors.append(repr(client))
    assert len(errors) == 5
    text = caplog.text + "\n".join(errors)
    assert fake.client_secret not in text
    assert token not in text
