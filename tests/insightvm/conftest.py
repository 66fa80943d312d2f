"""Fixtures of the InsightVM tests: a FakeInsightVM console per test and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scanner_operator.insightvm import InsightVMClient
from scanner_operator.testing.fake_insightvm import FakeInsightVM


@pytest.fixture
def fake() -> Iterator[FakeInsightVM]:
    """Scans advance only when the test says so (`fake.advance_scan`)."""
    with FakeInsightVM(auto_advance=False) as console:
        yield console


@pytest.fixture
def timed_fake() -> Iterator[FakeInsightVM]:
    """Scans advance on their own: dispatched 0.05 s, running 0.3 s, integrating 0.05 s."""
    with FakeInsightVM(dispatch_seconds=0.05, run_seconds=0.3, integrate_seconds=0.05, report_seconds=0.1) as console:
        yield console


@pytest.fixture
def client(fake: FakeInsightVM) -> Iterator[InsightVMClient]:
    with InsightVMClient(fake.url, fake.username, fake.password, max_retries=2, retry_backoff=0.01) as c:
        yield c


@pytest.fixture
def timed_client(timed_fake: FakeInsightVM) -> Iterator[InsightVMClient]:
    with InsightVMClient(timed_fake.url, timed_fake.username, timed_fake.password, retry_backoff=0.01) as c:
        yield c


@pytest.fixture
def console_env(monkeypatch: pytest.MonkeyPatch, fake: FakeInsightVM) -> FakeInsightVM:
    """INSIGHTVM_* environment pointing at the fake, as the examples expect."""
    monkeypatch.setenv("INSIGHTVM_BASE_URL", fake.url)
    monkeypatch.setenv("INSIGHTVM_USERNAME", fake.username)
    monkeypatch.setenv("INSIGHTVM_PASSWORD", fake.password)
    monkeypatch.delenv("INSIGHTVM_VERIFY_SSL", raising=False)
    monkeypatch.delenv("INSIGHTVM_TOKEN", raising=False)
    return fake
