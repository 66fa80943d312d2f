"""Errors and faults: 401 (no retry, lockout), 503 (bounded retries of safe calls only), slow and down consoles,
2FA token, non-JSON error bodies, and the API-request metric."""

from __future__ import annotations

import time

import httpx
import pytest
from prometheus_client import REGISTRY

from scanner_operator.insightvm import InsightVMClient
from scanner_operator.testing.fake_insightvm import FakeInsightVM


def _metric(status: str) -> float:
    value = REGISTRY.get_sample_value("phoenix_scanner_insightvm_api_requests_total", {"status": status})
    return value or 0.0


def test_wrong_password_is_401_and_not_retried(fake: FakeInsightVM) -> None:
    with (
        InsightVMClient(fake.url, fake.username, "wrong", retry_backoff=0.01) as client,
        pytest.raises(httpx.HTTPStatusError) as info,
    ):
        client.scans.get_active_scans()
    assert info.value.response.status_code == 401
    assert len(fake.requests) == 1
    assert "wrong" not in str(info.value)


def test_repeated_bad_credentials_lock_the_account() -> None:
    with FakeInsightVM(lockout_threshold=3) as fake:
        with InsightVMClient(fake.url, fake.username, "wrong") as bad:
            for _ in range(3):
                with pytest.raises(httpx.HTTPStatusError):
                    bad.scans.list()
        with (
            InsightVMClient(fake.url, fake.username, fake.password) as good,
            pytest.raises(httpx.HTTPStatusError) as info,
        ):
            good.scans.list()
        assert info.value.response.status_code == 401 and fake.locked


def test_two_factor_token_header() -> None:
    with FakeInsightVM(token="123456") as fake:
        with InsightVMClient(fake.url, fake.username, fake.password) as without, pytest.raises(httpx.HTTPStatusError):
            without.scans.list()
        with InsightVMClient(fake.url, fake.username, fake.password, token="123456") as with_token:
            assert with_token.scans.list()["resources"] == []
        assert fake.requests[-1].headers["token"] == "123456"


def test_503_on_get_is_retried_honouring_retry_after(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(42)
    # Above 600 the value is read as milliseconds (the spec's example is 5000): 700 -> 0.7 s per retry, far
    # shorter than the 5 s / 10 s exponential back-off the client would otherwise use.
    fake.fail_next(503, times=2, path_contains=f"/scans/{scan_id}", retry_after="700")
    before = _metric("503")
    started = time.monotonic()
    with InsightVMClient(fake.url, fake.username, fake.password, max_retries=2, retry_backoff=5) as patient:
        assert patient.scans.get_scan(scan_id)["id"] == scan_id
    elapsed = time.monotonic() - started
    assert _metric("503") - before == 2
    assert len([r for r in fake.requests if r.path.endswith(f"/scans/{scan_id}")]) == 3
    assert 1.3 <= elapsed < 4


def test_503_exhausted_raises(fake: FakeInsightVM, client: InsightVMClient) -> None:
    fake.fail_next(503, times=5, path_contains="/api/3/scans")
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.list(active=True)
    assert info.value.response.status_code == 503
    assert len(fake.requests) == 3  # 1 + max_retries


def test_start_scan_is_never_replayed_after_503(fake: FakeInsightVM, client: InsightVMClient) -> None:
    fake.fail_next(503, path_contains="/sites/42/scans", method="POST")
    with pytest.raises(httpx.HTTPStatusError):
        client.scans.start_site_scan(42)
    assert len([r for r in fake.requests if r.method == "POST"]) == 1


def test_slow_console_times_out(fake: FakeInsightVM) -> None:
    fake.latency = 0.5
    with (
        InsightVMClient(fake.url, fake.username, fake.password, timeout=0.2, max_retries=0) as client,
        pytest.raises(httpx.TimeoutException),
    ):
        client.scans.list()
    fake.latency = 0.0


def test_slow_start_scan_is_not_replayed(fake: FakeInsightVM) -> None:
    fake.latency = 0.5
    with (
        InsightVMClient(fake.url, fake.username, fake.password, timeout=0.2, max_retries=3) as client,
        pytest.raises(httpx.TimeoutException),
    ):
        client.scans.start_site_scan(42)
    fake.latency = 0.0
    time.sleep(0.6)  # the console finishes the request the client gave up on
    assert len([r for r in fake.requests if r.method == "POST"]) == 1
    assert len(fake.scans) == 1  # the scan exists although the client never learned its id


def test_console_down_refuses_then_recovers(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(42)
    fake.go_down()
    before = _metric("connection_error")
    with pytest.raises(httpx.ConnectError):
        client.scans.get_scan(scan_id)
    assert _metric("connection_error") - before == 3  # 1 + 2 retries, all refused
    fake.come_up()
    assert client.scans.get_scan(scan_id)["id"] == scan_id


def test_console_down_for_a_while_is_ridden_out_by_retries(fake: FakeInsightVM) -> None:
    fake.go_down(seconds=0.3)
    with InsightVMClient(fake.url, fake.username, fake.password, max_retries=5, retry_backoff=0.1) as client:
        assert client.scans.list()["resources"] == []
    assert fake.is_up


def test_non_json_error_body(fake: FakeInsightVM, client: InsightVMClient) -> None:
    # A proxy in front of the console answers with an HTML page; the client keeps the status, drops the HTML.
    def html_502(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html><body>Bad Gateway</body></html>", request=request)

    with (
        InsightVMClient(
            "https://proxy.example", "u", "p", transport=httpx.MockTransport(html_502), max_retries=0
        ) as proxied,
        pytest.raises(httpx.HTTPStatusError) as info,
    ):
        proxied.scans.get_scan(1)
    assert info.value.response.status_code == 502
    assert "<html>" not in str(info.value)


def test_string_envelope_status_is_parsed() -> None:
    from scanner_operator.insightvm.errors import console_message, envelope_status

    response = httpx.Response(400, json={"status": "400", "message": "Bad things", "links": []})
    assert envelope_status(response) == 400 and console_message(response) == "Bad things"
    response = httpx.Response(400, json={"status": 400, "message": "Bad things"})
    assert envelope_status(response) == 400


def test_metric_counts_by_status(fake: FakeInsightVM, client: InsightVMClient) -> None:
    ok_before, missing_before = _metric("200"), _metric("404")
    created_before = _metric("201")
    client.scans.start_site_scan(42)
    client.scans.list()
    with pytest.raises(httpx.HTTPStatusError):
        client.scans.get_scan(123456)
    assert _metric("201") - created_before == 1
    assert _metric("200") - ok_before == 1
    assert _metric("404") - missing_before == 1
