"""The ScanImport operator on the real local API server: kopf in-process, the local Job runner, FakePhoenix."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from scanner_operator.jobs import REQUESTED_AT_ANNOTATION
from scanner_operator.notify import verify_signature
from scanner_operator.notify.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.corpus import SAMPLES
from tests.fixtures.objectstores import AzureStore, GcsStore, HttpStore, S3Store
from tests.operator.harness import Harness, condition, is_ready, is_stalled

pytestmark = pytest.mark.cluster

TRIVY = SAMPLES / "trivy" / "cvss_severity_source.json"
TRIVY_FINDINGS = 2


def trivy_text() -> str:
    return TRIVY.read_text()


def configmap_spec(h: Harness, key: str = "report.json", text: str | None = None, **extra: Any) -> dict[str, Any]:
    h.configmap("report", {key: text if text is not None else trivy_text()})
    return {"source": {"configMap": {"name": "report", "key": key}}, **extra}


@pytest.mark.smoke
def test_configmap_report_is_detected_imported_and_ready(harness: Harness) -> None:
    harness.scanimport("trivy-cm", configmap_spec(harness))
    obj = harness.wait_for("trivy-cm", is_ready)
    status = obj["status"]
    assert status["observedGeneration"] == 1
    assert status["scanner"] == "trivy", "auto-detected"
    assert status["findingsImported"] == TRIVY_FINDINGS
    assert status["phase"] == "Succeeded" and status["progress"] == 100
    assert len(status["source"]["sha256"]) == 64
    assert condition(obj, "Reconciling") is None and condition(obj, "Stalled") is None
    assert harness.fake.accepted_imports == 1
    (job,) = harness.jobs("trivy-cm")
    assert job["metadata"]["ownerReferences"][0]["uid"] == obj["metadata"]["uid"]
    reasons = [e["reason"] for e in harness.events("trivy-cm")]
    assert reasons.count("ImportStarted") == 1 and reasons.count("Imported") == 1
    table = harness.cluster.kubectl("get", "scanimports", "-n", harness.namespace, "-o", "wide")
    assert "True" in table and "trivy" in table and "Imported 2 findings" in table


def _secret_source(h: Harness) -> dict[str, Any]:
    h.secret("report-secret", {"scan.json": trivy_text()})
    return {"secret": {"name": "report-secret", "key": "scan.json"}}


def _s3_source(h: Harness, store: S3Store) -> dict[str, Any]:
    key = f"{h.namespace}/trivy.json"
    store.upload(key, TRIVY.read_bytes())
    h.secret("s3-creds", store.secret_data())
    return {
        "s3": {
            "bucket": store.bucket,
            "key": key,
            "endpoint": store.endpoint,
            "region": store.region,
            "secretRef": {"name": "s3-creds"},
        }
    }


def _gcs_source(h: Harness, store: GcsStore) -> dict[str, Any]:
    name = f"{h.namespace}/trivy.json"
    store.upload(name, TRIVY.read_bytes())
    h.secret("gcs-creds", {"credentials.json": json.dumps(store.service_account_key())})
    return {
        "gcs": {"bucket": store.bucket, "object": name, "endpoint": store.endpoint, "secretRef": {"name": "gcs-creds"}}
    }


def _azure_source(h: Harness, store: AzureStore) -> dict[str, Any]:
    blob = f"{h.namespace}/trivy.json"
    store.upload(blob, TRIVY.read_bytes())
    h.secret("az-creds", {"accountKey": store.account_key})
    return {
        "azureBlob": {
            "accountUrl": store.account_url,
            "container": store.container,
            "blob": blob,
            "secretRef": {"name": "az-creds"},
        }
    }


def _http_source(h: Harness, store: HttpStore) -> dict[str, Any]:
    url = store.upload(
        f"/{h.namespace}/trivy.json", TRIVY.read_bytes(), required_headers={"Authorization": "Bearer report-token"}
    )
    h.secret("http-headers", {"Authorization": "Bearer report-token"})
    return {"http": {"url": url, "headersSecretRef": {"name": "http-headers"}}}


@pytest.mark.parametrize("kind", ["secret", "s3", "gcs", "azureBlob", "http"])
def test_every_source_kind_reaches_ready(harness: Harness, kind: str, request: pytest.FixtureRequest) -> None:
    if kind == "secret":
        source = _secret_source(harness)
    elif kind == "s3":
        source = _s3_source(harness, request.getfixturevalue("s3_store"))
    elif kind == "gcs":
        source = _gcs_source(harness, request.getfixturevalue("gcs_store"))
    elif kind == "azureBlob":
        source = _azure_source(harness, request.getfixturevalue("azure_store"))
    else:
        source = _http_source(harness, request.getfixturevalue("http_store"))
    harness.scanimport("from-" + kind.lower(), {"source": source, "scanner": "trivy"})
    obj = harness.wait_for("from-" + kind.lower(), lambda o: is_ready(o) or is_stalled(o))
    assert is_ready(obj), harness.describe(obj)
    assert obj["status"]["findingsImported"] == TRIVY_FINDINGS
    assert obj["status"]["source"]["size"] == TRIVY.stat().st_size


def test_bad_report_stalls_with_the_parsers_reason(harness: Harness) -> None:
    truncated = '{"SchemaVersion": 2, "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-'
    spec = configmap_spec(harness, text=truncated, scanner="trivy", fixData=False)
    harness.scanimport("bad-report", spec)
    obj = harness.wait_for("bad-report", lambda o: is_stalled(o) or is_ready(o))
    stalled = condition(obj, "Stalled")
    assert stalled is not None
    assert stalled["reason"] in {"InvalidReport", "UnsafeReport"}
    assert obj["status"]["lastResult"]["message"] in stalled["message"], "the parser's own words"
    assert "Fix the report" in stalled["message"]
    assert condition(obj, "Ready")["status"] == "False"
    assert obj["status"]["phase"] == "Failed"
    assert len(harness.jobs("bad-report")) == 1, "a permanent failure is not retried"
    assert harness.fake.accepted_imports == 0


def test_permanent_exit_code_fails_the_job_through_its_pod_failure_policy(harness: Harness) -> None:
    """Servers 1.26+ keep spec.podFailurePolicy and the Job's Failed condition names the exit code; 1.20 drops it."""
    from scanner_operator.jobs import pod_failure_policy

    harness.scanimport("no-format", configmap_spec(harness, key="notes.txt", text="just some notes\n" * 20))
    obj = harness.wait_for("no-format", lambda o: is_stalled(o) or is_ready(o))
    assert condition(obj, "Stalled")["reason"] == "FormatNotRecognised"
    (job,) = harness.jobs("no-format")
    failed = [c for c in job["status"]["conditions"] if c["type"] == "Failed"]
    version = json.loads(harness.cluster.kubectl("get", "--raw", "/version"))
    if int(str(version["minor"]).rstrip("+")) >= 26:
        assert job["spec"]["podFailurePolicy"] == pod_failure_policy()
        assert failed[0]["reason"] == "PodFailurePolicy" and "exit code 3" in failed[0]["message"]
    else:
        assert "podFailurePolicy" not in job["spec"]
        assert failed[0]["reason"] == "BackoffLimitExceeded"


def test_unrecognised_report_stalls_and_asks_for_spec_scanner(harness: Harness) -> None:
    harness.scanimport("unknown-format", configmap_spec(harness, key="notes.txt", text="just some notes\n" * 20))
    obj = harness.wait_for("unknown-format", lambda o: is_stalled(o) or is_ready(o))
    stalled = condition(obj, "Stalled")
    assert stalled is not None and "spec.scanner" in stalled["message"]


def test_phoenix_401_stalls(harness: Harness) -> None:
    harness.secret("wrong-phoenix", {"clientId": harness.fake.client_id, "clientSecret": "not-the-secret"})
    spec = configmap_spec(harness, phoenix={"credentialsSecretRef": {"name": "wrong-phoenix"}})
    harness.scanimport("bad-creds", spec)
    obj = harness.wait_for("bad-creds", lambda o: is_stalled(o) or is_ready(o))
    stalled = condition(obj, "Stalled")
    assert stalled is not None and stalled["reason"] == "PhoenixAuthFailed"
    assert "not-the-secret" not in json.dumps(obj), "no secret in status"
    assert all("not-the-secret" not in e.get("message", "") for e in harness.events("bad-creds"))
    assert len(harness.jobs("bad-creds")) == 1


def test_phoenix_503_is_retried_by_the_worker_then_ready(harness: Harness) -> None:
    harness.fake.fail_next(503, count=2, path="/v1/import/assets", retry_after=0)
    harness.scanimport("flaky", configmap_spec(harness))
    obj = harness.wait_for("flaky", is_ready)
    assert obj["status"]["attempt"] == 1
    assert harness.fake.accepted_imports == 1
    assert sum(1 for _, path, status in harness.fake.requests if status == 503) == 2


def test_phoenix_down_longer_than_the_worker_retries_gets_a_new_job_then_ready(harness: Harness) -> None:
    harness.fake.fail_next(503, count=12, path="/v1/import/assets", retry_after=0)
    harness.scanimport("outage", configmap_spec(harness))
    obj = harness.wait_for("outage", is_ready, timeout=180)
    assert obj["status"]["attempt"] >= 2, harness.describe(obj)
    assert len(harness.jobs("outage")) == obj["status"]["attempt"]
    assert harness.fake.accepted_imports == 1
    assert "ImportRetrying" in [e["reason"] for e in harness.events("outage")]


def test_operator_killed_mid_import_and_restarted_imports_once(harness: Harness) -> None:
    harness.fake.slow_next(4.0, path="/v1/import/assets", method="POST")
    harness.scanimport("restart", configmap_spec(harness))
    runner = harness.runner
    assert runner is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(r.exit_code is None for r in runner.records.values()):
        time.sleep(0.1)
    time.sleep(0.5)  # the worker process runs: stop the operator in the middle of its import
    assert harness.fake.accepted_imports == 0
    harness.stop_operator()
    # The import finishes while no operator runs.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and harness.fake.accepted_imports == 0:
        time.sleep(0.2)
    time.sleep(1.0)
    harness.start_operator()
    obj = harness.wait_for("restart", is_ready)
    assert obj["status"]["findingsImported"] == TRIVY_FINDINGS
    # Restart again after Ready: kopf resumes the object, nothing is imported again.
    harness.stop_operator()
    harness.start_operator()
    time.sleep(3.0)
    assert harness.fake.accepted_imports == 1
    assert len(harness.jobs("restart")) == 1


def test_new_generation_reimports_and_requested_at_reruns(harness: Harness) -> None:
    harness.scanimport("gens", configmap_spec(harness))
    harness.wait_for("gens", is_ready)
    harness.patch_scanimport("gens", {"spec": {"assessmentName": "second-run"}})
    obj = harness.wait_for("gens", lambda o: is_ready(o) and o["status"]["observedGeneration"] == 2)
    assert obj["status"]["assessmentName"] == "second-run"
    harness.patch_scanimport("gens", {"metadata": {"annotations": {REQUESTED_AT_ANNOTATION: "rerun-1"}}})
    obj = harness.wait_for("gens", lambda o: is_ready(o) and o["status"].get("lastHandledReconcileAt") == "rerun-1")
    assert harness.fake.accepted_imports == 3
    assert len(harness.jobs("gens")) == 3


def test_suspended_scanimport_creates_nothing_until_resumed(harness: Harness) -> None:
    harness.scanimport("sleepy", configmap_spec(harness, suspend=True))
    time.sleep(3.0)
    assert harness.jobs("sleepy") == []
    assert (harness.get("sleepy") or {}).get("status", {}).get("observedGeneration") == -1, "schema default kept"
    harness.patch_scanimport("sleepy", {"spec": {"suspend": False}})
    harness.wait_for("sleepy", is_ready)


def test_deleting_a_scanimport_removes_its_jobs(harness: Harness) -> None:
    harness.scanimport("short-lived", configmap_spec(harness))
    harness.wait_for("short-lived", is_ready)
    assert len(harness.jobs("short-lived")) == 1
    harness.kube.request(
        "DELETE", f"/apis/scanner.phoenix.security/v1alpha1/namespaces/{harness.namespace}/scanimports/short-lived"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and harness.jobs("short-lived"):
        time.sleep(0.3)
    assert harness.jobs("short-lived") == [], "the local API server has no garbage collector: the operator cleans up"


class _Receiver:
    """A loopback webhook receiver that records JSON bodies and headers."""

    def __init__(self) -> None:
        import http.server

        received: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.received = received
        self.bodies: list[bytes] = []
        bodies = self.bodies

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                received.append((json.loads(body), dict(self.headers)))
                bodies.append(body)
                self.send_response(204)
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_harness(crds: Any, fake_phoenix: Any, request: pytest.FixtureRequest) -> Any:
    h = Harness.create(crds, fake_phoenix, request.node.name, allow_private_webhooks=True)
    try:
        h.start_runner()
        h.start_operator()
        yield h
    finally:
        h.close()


def test_webhook_is_notified_once_when_the_import_ends(webhook_harness: Harness) -> None:
    h = webhook_harness
    receiver = _Receiver()
    try:
        h.secret("hook-auth", {"Authorization": "Bearer hook-token"})
        h.secret("hook-key", {"hmac": "k3y-for-signing"})
        webhook = {
            "url": receiver.url,
            "headersSecretRef": {"name": "hook-auth"},
            "signingSecretRef": {"name": "hook-key", "key": "hmac"},
        }
        spec = configmap_spec(h, notify={"webhook": webhook})
        h.scanimport("notified", spec)
        h.wait_for("notified", is_ready)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not receiver.received:
            time.sleep(0.2)
        time.sleep(1.0)
    finally:
        receiver.stop()
    assert len(receiver.received) == 1
    event, headers = receiver.received[0]
    assert event["success"] is True and event["vulnerabilities_imported"] == TRIVY_FINDINGS
    assert event["scanner_type"] == "trivy"
    assert headers.get("Authorization") == "Bearer hook-token"
    timestamp, signature = headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    assert verify_signature(b"k3y-for-signing", receiver.bodies[0], timestamp, signature)
    assert not verify_signature(b"another-key", receiver.bodies[0], timestamp, signature)


@pytest.mark.slow
@pytest.mark.timeout(1800)  # 200 worker processes: minutes on 2 shared cores
def test_200_scanimports_applied_at_once_all_reach_ready(harness: Harness) -> None:
    harness.configmap("shared", {"report.json": trivy_text()})
    count = 200
    for i in range(count):
        harness.scanimport(
            f"bulk-{i:03d}", {"source": {"configMap": {"name": "shared", "key": "report.json"}}, "scanner": "trivy"}
        )
    deadline = time.monotonic() + 1700
    not_ready: list[str] = []
    while time.monotonic() < deadline:
        listing = (
            harness.kube.request(
                "GET", f"/apis/scanner.phoenix.security/v1alpha1/namespaces/{harness.namespace}/scanimports"
            )
            or {}
        )
        not_ready = [o["metadata"]["name"] for o in listing.get("items", []) if not is_ready(o)]
        if not not_ready and len(listing.get("items", [])) == count:
            break
        time.sleep(2)
    assert not_ready == []
    assert harness.fake.accepted_imports == count
    assert len(harness.jobs()) == count
