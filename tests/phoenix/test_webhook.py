"""Webhook notifier: the replaced service's payload, custom headers, signature, bounded retries, SSRF guard."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scanner_operator.notify import (
    WebhookBlocked,
    WebhookError,
    WebhookNotifier,
    build_import_event,
    scanimport_event,
    sign,
    verify_signature,
)
from scanner_operator.notify.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, check_address


class Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook?token=abc"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


def test_payload_matches_the_replaced_service() -> None:
    when = datetime(2025, 11, 12, 10, 32, tzinfo=UTC)
    ok = build_import_event(
        job_id="job-1",
        status="completed",
        filename="scan.json",
        scanner_type="trivy",
        success=True,
        assets_imported=150,
        vulnerabilities_imported=423,
        assessment_name="TRIVY-scan",
        timestamp=when,
    )
    assert ok == {
        "job_id": "job-1",
        "status": "completed",
        "filename": "scan.json",
        "scanner_type": "trivy",
        "success": True,
        "timestamp": "2025-11-12T10:32:00Z",
        "assets_imported": 150,
        "vulnerabilities_imported": 423,
        "assessment_name": "TRIVY-scan",
    }
    failed = build_import_event(
        job_id="job-2",
        status="failed",
        filename="x",
        scanner_type="auto",
        success=False,
        error="bad report",
        timestamp=when,
    )
    assert failed["error"] == failed["error_message"] == "bad report" and "assets_imported" not in failed


def test_send_with_headers_and_signature(receiver: Receiver) -> None:
    event = build_import_event(job_id="j", status="completed", filename="f", scanner_type="s", success=True)
    hook = WebhookNotifier(
        receiver.url, {"Authorization": "Bearer hook-secret"}, allow_private=True, signing_key=b"k", clock=lambda: 1e9
    )
    hook.send(event)
    ((headers, body),) = receiver.requests
    assert json.loads(body) == event
    assert headers["Authorization"] == "Bearer hook-secret"
    assert headers[TIMESTAMP_HEADER] == "1000000000"
    expected = hmac.new(b"k", b"1000000000." + body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == "sha256=" + expected
    assert verify_signature(b"k", body, "1000000000", headers[SIGNATURE_HEADER], now=1e9 + 60)
    assert headers["Host"] == "127.0.0.1"
    assert "hook-secret" not in repr(hook)


def test_retries_are_bounded(receiver: Receiver) -> None:
    receiver.statuses = [503, 500, 503, 503]
    sleeps: list[float] = []
    hook = WebhookNotifier(receiver.url, allow_private=True, max_attempts=3, sleep=sleeps.append)
    with pytest.raises(WebhookError) as info:
        hook.send({"x": 1})
    assert len(receiver.requests) == 3
    assert sleeps == [1.0, 2.0]
    assert "token=abc" not in str(info.value)  # query strings often carry secrets


def test_retry_then_success(receiver: Receiver) -> None:
    receiver.statuses = [502]
    hook = WebhookNotifier(receiver.url, allow_private=True, sleep=lambda _s: None)
    hook.send({"x": 1})
    assert len(receiver.requests) == 2


def test_client_error_is_not_retried(receiver: Receiver) -> None:
    receiver.statuses = [404]
    hook = WebhookNotifier(receiver.url, allow_private=True, sleep=lambda _s: None)
    with pytest.raises(WebhookError):
        hook.send({"x": 1})
    assert len(receiver.requests) == 1


def test_loopback_refused_unless_allowed(receiver: Receiver) -> None:
    with pytest.raises(WebhookBlocked):
        WebhookNotifier(receiver.url).send({"x": 1})
    assert receiver.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://169.254.10.1/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://0.0.0.0/",
    ],
)
def test_metadata_and_link_local_refused_even_when_private_allowed(url: str) -> None:
    with pytest.raises(WebhookBlocked):
        WebhookNotifier(url, allow_private=True).send({"x": 1})


def test_names_resolving_to_forbidden_addresses_are_refused() -> None:
    hook = WebhookNotifier("https://hooks.example.com/x", resolver=lambda host, port: ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(WebhookBlocked, match="private"):
        hook.send({"x": 1})
    rebinding = WebhookNotifier(
        "https://evil.example/x", allow_private=True, resolver=lambda host, port: ["169.254.169.254"]
    )
    with pytest.raises(WebhookBlocked, match="metadata"):
        rebinding.send({"x": 1})


@pytest.mark.parametrize(
    ("address", "allowed_public", "allowed_private"),
    [
        ("8.8.8.8", True, True),
        ("10.1.2.3", False, True),
        ("192.168.1.1", False, True),
        ("127.0.0.1", False, True),
        ("100.64.0.1", False, True),
        ("169.254.169.254", False, False),
        ("fd00:ec2::254", False, False),
        ("2606:4700::1111", True, True),
    ],
)
def test_address_rules(address: str, allowed_public: bool, allowed_private: bool) -> None:
    ip = ipaddress.ip_address(address)
    assert (check_address(ip, allow_private=False) is None) == allowed_public
    assert (check_address(ip, allow_private=True) is None) == allowed_private


def test_credentials_in_url_refused() -> None:
    with pytest.raises(WebhookBlocked):
        WebhookNotifier("https://user:pw@hooks.example.com/")


def test_unsigned_send_carries_no_signature(receiver: Receiver) -> None:
    WebhookNotifier(receiver.url, allow_private=True).send({"job_id": "j"})
    ((headers, _),) = receiver.requests
    assert SIGNATURE_HEADER not in headers and TIMESTAMP_HEADER not in headers


def test_verification_refuses_tampering_replay_and_garbage() -> None:
    body, key, ts = b'{"job_id":"j","success":true}', b"secret-key", 1_700_000_000
    good = sign(key, ts, body)
    assert verify_signature(key, body, str(ts), good, now=ts)
    assert not verify_signature(key, body.replace(b"true", b"false"), str(ts), good, now=ts)  # body changed
    assert not verify_signature(key, body, str(ts + 1), good, now=ts)  # timestamp changed
    assert not verify_signature(key, body, str(ts), good, now=ts + 301)  # too old: a replay
    assert not verify_signature(b"other", body, str(ts), good, now=ts)
    assert not verify_signature(key, body, "yesterday", good, now=ts)
    assert not verify_signature(key, body, str(ts), good.upper(), now=ts)


def test_scanimport_event_of_a_success_and_a_failure() -> None:
    obj = {
        "metadata": {"name": "nightly", "namespace": "apps"},
        "spec": {"scanner": "auto", "source": {"http": {"url": "https://r.example/x/scan.json?sig=SECRET"}}},
    }
    status = {"jobName": "nightly-1", "scanner": "trivy", "assetsImported": 3, "findingsImported": 9}
    ok = scanimport_event(obj, {**status, "assessmentName": "a"}, "Succeeded", "Imported", "done")
    assert (ok["job_id"], ok["filename"], ok["scanner_type"], ok["status"]) == (
        "nightly-1",
        "scan.json",
        "trivy",
        "completed",
    )
    assert ok["vulnerabilities_imported"] == 9 and "SECRET" not in json.dumps(ok)
    failed = scanimport_event(obj, {}, "Failed", "InvalidReport", "truncated JSON")
    assert failed["status"] == "failed" and failed["job_id"] == "nightly" and failed["scanner_type"] == "auto"
    assert failed["error_message"] == "InvalidReport: truncated JSON"


def test_the_documented_verification_accepts_what_the_notifier_signs(receiver: Receiver) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    snippet = doc.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)  # noqa: S102 - the documentation's own code, run as a receiver would
    WebhookNotifier(receiver.url, allow_private=True, signing_key=b"doc-key").send({"job_id": "j", "success": True})
    ((headers, body),) = receiver.requests
    assert namespace["verify"](b"doc-key", body, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER])
    assert not namespace["verify"](b"doc-key", body + b" ", headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER])
