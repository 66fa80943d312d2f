"""The API's contract beyond the guide's happy path: bad input gets a clear 4xx and creates nothing, keys see only
their namespace, cancel and delete clean up, health and the OpenAPI document."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import websockets

from .conftest import MAX_UPLOAD_MB, Stack
from .helpers import GRYPE, TRIVY, wait_job

pytestmark = pytest.mark.cluster


def post(stack: Stack, key: str | None, files: Any = None, data: dict[str, str] | None = None) -> requests.Response:
    headers = {"X-API-Key": key} if key is not None else {}
    return requests.post(f"{stack.url}/api/v1/upload", headers=headers, files=files, data=data or {}, timeout=30)


def created_objects(stack: Stack) -> tuple[int, int]:
    items = stack.kube.request(
        "GET", f"/apis/scanner.phoenix.security/v1alpha1/namespaces/{stack.namespace}/scanimports"
    )
    secrets = stack.kube.request("GET", f"/api/v1/namespaces/{stack.namespace}/secrets")
    return len((items or {}).get("items") or []), len((secrets or {}).get("items") or [])


def stored_files(stack: Stack) -> list[Path]:
    return [p for p in stack.gateway.data_dir.rglob("*") if p.is_file() and p.suffix != ".log"]


def report() -> dict[str, Any]:
    return {"file": ("trivy.json", TRIVY.read_bytes())}


@pytest.mark.parametrize(
    ("key", "files", "data", "status", "says"),
    [
        (None, "report", {}, 401, "Missing API key"),
        ("wrong-key", "report", {}, 401, "Invalid API key"),
        ("ok", None, {"scanner_type": "trivy"}, 422, "No file"),
        ("ok", "report", {"scanner_type": "no-such-scanner"}, 400, "unknown scanner_type"),
        ("ok", "report", {"import_type": "replace"}, 400, "import_type must be one of new, merge, delta"),
        ("ok", "oversize", {}, 413, f"upload limit of {MAX_UPLOAD_MB} MB"),
        (
            "ok",
            "report",
            {"webhook_url": "https://hooks.example.com/x", "webhook_headers": "{not json"},
            400,
            "webhook_headers must be a JSON object",
        ),
        ("ok", "report", {"webhook_url": "https://h.example.com", "webhook_headers": "[1]"}, 400, "JSON object"),
        ("ok", "report", {"phoenix_client_id": "only-the-id"}, 400, "give both phoenix_client_id"),
        ("ok", "report", {"fix_data": "maybe"}, 400, "fix_data must be true or false"),
        ("ok", "empty", {}, 400, "is empty"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(
    stack: Stack, *, key: str | None, files: str | None, data: dict[str, str], status: int, says: str
) -> None:
    before, spool_before = created_objects(stack), stored_files(stack)
    payload: Any = None
    if files == "report":
        payload = report()
    elif files == "oversize":
        payload = {"file": ("big.json", b"{" + b" " * (MAX_UPLOAD_MB * 1024 * 1024 + 10) + b"}")}
    elif files == "empty":
        payload = {"file": ("empty.json", b"")}
    else:
        payload = {"other": (None, "x")} if files is None else None
    response = post(stack, stack.api_key if key == "ok" else key, payload, data)
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]
    assert created_objects(stack) == before
    assert stored_files(stack) == spool_before


def test_oversize_is_refused_from_content_length_before_the_body(stack: Stack) -> None:
    body = b"x" * 10
    response = requests.post(
        f"{stack.url}/api/v1/upload",
        headers={
            "X-API-Key": stack.api_key,
            "Content-Type": "multipart/form-data; boundary=b",
            "Content-Length": str(MAX_UPLOAD_MB * 1024 * 1024 * 4),
        },
        data=iter([body]),
        timeout=30,
    )
    assert response.status_code == 413


def test_a_key_sees_only_its_own_namespace(stack: Stack) -> None:
    mine = post(stack, stack.api_key, report(), {"scanner_type": "trivy"}).json()["job_id"]
    theirs = post(stack, stack.other_key, report(), {"scanner_type": "trivy"})
    assert theirs.status_code == 200, theirs.text
    other_id = theirs.json()["job_id"]
    other_ns = stack.kube.get_custom(stack.other_namespace, "scanimports", other_id)
    assert other_ns is not None  # the job lives in the other key's namespace
    for path in (f"/api/v1/jobs/{mine}",):
        response = requests.get(stack.url + path, headers={"X-API-Key": stack.other_key}, timeout=10)
        assert response.status_code == 404 and "not found" in response.json()["detail"]
    response = requests.delete(f"{stack.url}/api/v1/jobs/{mine}", headers={"X-API-Key": stack.other_key}, timeout=10)
    assert response.status_code == 404
    listed = requests.get(f"{stack.url}/api/v1/jobs?page_size=100", headers={"X-API-Key": stack.other_key}, timeout=10)
    ids = {j["job_id"] for j in listed.json()["jobs"]}
    assert other_id in ids and mine not in ids

    async def ws_with_other_key() -> int:
        try:
            async with websockets.connect(f"{stack.ws_url}/ws/{mine}?api_key={stack.other_key}"):
                return 0
        except websockets.exceptions.InvalidStatus as exc:
            return exc.response.status_code

    assert asyncio.run(ws_with_other_key()) == 403
    assert wait_job(stack.url, stack.api_key, mine)["status"] == "completed"
    # The other namespace has no operator in this test stack: its job stays queued; cancel it.
    response = requests.delete(
        f"{stack.url}/api/v1/jobs/{other_id}", headers={"X-API-Key": stack.other_key}, timeout=10
    )
    assert response.json()["status"] == "cancelled"


def test_credentials_go_into_an_owned_secret_never_the_scanimport(stack: Stack) -> None:
    data = {
        "scanner_type": "trivy",
        "phoenix_client_id": stack.fake.client_id,
        "phoenix_client_secret": stack.fake.client_secret,
        "phoenix_api_url": stack.fake.url,
        "webhook_url": "https://hooks.example.com/scans",
        "webhook_headers": json.dumps({"Authorization": "Bearer hook-token-123"}),
        "import_type": "merge",
        "assessment_name": "Q4-2025-Container-Security-Scan",
    }
    job_id = post(stack, stack.api_key, report(), data).json()["job_id"]
    obj = stack.kube.get_custom(stack.namespace, "scanimports", job_id)
    assert obj is not None
    text = json.dumps(obj)
    assert stack.fake.client_secret not in text and "hook-token-123" not in text
    spec = obj["spec"]
    assert spec["phoenix"]["apiUrl"] == stack.fake.url
    assert spec["phoenix"]["credentialsSecretRef"]["name"] == f"{job_id}-phoenix"
    assert spec["notify"]["webhook"] == {
        "url": "https://hooks.example.com/scans",
        "headersSecretRef": {"name": f"{job_id}-webhook"},
    }
    assert spec["importType"] == "merge" and spec["assessmentName"] == "Q4-2025-Container-Security-Scan"
    assert spec["suspend"] is False
    for name, expected in ((f"{job_id}-phoenix", {"clientId": stack.fake.client_id}), (f"{job_id}-webhook", {})):
        secret = stack.kube.request("GET", f"/api/v1/namespaces/{stack.namespace}/secrets/{name}")
        assert secret is not None
        assert secret["metadata"]["ownerReferences"][0]["uid"] == obj["metadata"]["uid"]
        decoded = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
        assert expected.items() <= decoded.items()
    job = wait_job(stack.url, stack.api_key, job_id)
    assert job["status"] == "completed" and job["assessment_name"] == "Q4-2025-Container-Security-Scan"
    log = stack.gateway.log_file.read_text()
    assert stack.fake.client_secret not in log and "hook-token-123" not in log


def test_cancel_stops_the_import_and_deletes_the_report_then_delete_removes_the_job(stack: Stack) -> None:
    stack.fake.slow_next(20.0, count=1, path="/v1/import/assets")
    job_id = post(stack, stack.api_key, {"file": ("grype.json", GRYPE.read_bytes())}, {"scanner_type": "grype"}).json()[
        "job_id"
    ]
    headers = {"X-API-Key": stack.api_key}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = requests.get(f"{stack.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10).json()
        if state["status"] == "processing":
            break
        time.sleep(0.3)
    assert state["status"] == "processing", state
    cancelled = requests.delete(f"{stack.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10).json()
    assert cancelled == {
        "job_id": job_id,
        "status": "cancelled",
        "message": "Job cancelled. Its running import was stopped.",
    }
    job = requests.get(f"{stack.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10).json()
    assert job["status"] == "cancelled" and "cancelled" in job["error_message"] and job["completed_at"]
    assert not (stack.gateway.data_dir / "reports" / stack.namespace / job_id).exists()
    assert stack.harness.jobs(job_id) == []
    time.sleep(3)  # the operator must not start the import again
    assert stack.harness.jobs(job_id) == []
    deleted = requests.delete(f"{stack.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10).json()
    assert deleted["message"].startswith("Job deleted")
    assert requests.get(f"{stack.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10).status_code == 404
    assert stack.kube.get_custom(stack.namespace, "scanimports", job_id) is None


def test_deleting_the_scanimport_deletes_the_stored_report_and_secrets(stack: Stack) -> None:
    data = {
        "scanner_type": "trivy",
        "phoenix_client_id": stack.fake.client_id,
        "phoenix_client_secret": stack.fake.client_secret,
    }
    job_id = post(stack, stack.api_key, report(), data).json()["job_id"]
    assert wait_job(stack.url, stack.api_key, job_id)["status"] == "completed"
    stored = stack.gateway.data_dir / "reports" / stack.namespace / job_id
    assert stored.is_dir()
    stack.kube.request(
        "DELETE", f"/apis/scanner.phoenix.security/v1alpha1/namespaces/{stack.namespace}/scanimports/{job_id}"
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and stored.exists():
        time.sleep(0.2)
    assert not stored.exists()
    secrets = stack.kube.request(
        "GET",
        f"/api/v1/namespaces/{stack.namespace}/secrets",
        query={"labelSelector": f"scanner.phoenix.security/gateway-job={job_id}"},
    )
    assert (secrets or {}).get("items") == []


def test_internal_report_url_needs_its_token(stack: Stack) -> None:
    job_id = post(stack, stack.api_key, report(), {"scanner_type": "trivy"}).json()["job_id"]
    obj = stack.kube.get_custom(stack.namespace, "scanimports", job_id)
    assert obj is not None
    url = obj["spec"]["source"]["http"]["url"]
    assert url.startswith(stack.url + "/internal/v1/reports/")
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
    wait_job(stack.url, stack.api_key, job_id)


def test_list_filters_and_pages(stack: Stack) -> None:
    headers = {"X-API-Key": stack.api_key}
    body = requests.get(f"{stack.url}/api/v1/jobs?status=completed&page=1&page_size=2", headers=headers, timeout=10)
    listed = body.json()
    assert set(listed) == {"jobs", "total", "page", "page_size"} and listed["page_size"] == 2
    assert len(listed["jobs"]) <= 2 and all(j["status"] == "completed" for j in listed["jobs"])
    bad = requests.get(f"{stack.url}/api/v1/jobs?status=done", headers=headers, timeout=10)
    assert bad.status_code == 400 and "status must be one of" in bad.json()["detail"]
    assert requests.get(f"{stack.url}/api/v1/jobs", timeout=10).status_code == 401


def test_health_and_openapi(stack: Stack) -> None:
    health = requests.get(f"{stack.url}/api/v1/health", timeout=10).json()
    assert health["status"] in ("healthy", "degraded") and health["version"]
    assert isinstance(health["pending_jobs"], int) and isinstance(health["processing_jobs"], int)
    assert "state" in health["operator"]
    spec = requests.get(f"{stack.url}/openapi.json", timeout=10).json()
    for path in ("/api/v1/upload", "/api/v1/jobs/{job_id}", "/api/v1/jobs", "/api/v1/health"):
        assert path in spec["paths"]
    assert "multipart/form-data" in spec["paths"]["/api/v1/upload"]["post"]["requestBody"]["content"]
    assert requests.get(f"{stack.url}/docs", timeout=10).status_code == 200


def test_websocket_of_unknown_job_is_refused(stack: Stack) -> None:
    async def connect() -> int:
        try:
            async with websockets.connect(f"{stack.ws_url}/ws/job-0000000000000000"):
                return 0
        except websockets.exceptions.InvalidStatus as exc:
            return exc.response.status_code

    assert asyncio.run(connect()) == 403


def test_websocket_sends_heartbeats_while_waiting(stack: Stack) -> None:
    stack.fake.slow_next(4.0, count=1, path="/v1/import/assets")
    job_id = post(stack, stack.api_key, report(), {"scanner_type": "trivy"}).json()["job_id"]

    async def collect() -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        async with websockets.connect(f"{stack.ws_url}/ws/{job_id}") as ws:
            async for raw in ws:
                out.append(json.loads(raw))
        return out

    messages = asyncio.run(collect())
    kinds = [m["type"] for m in messages]
    assert "heartbeat" in kinds and kinds[-1] == "complete", kinds
    assert all(m["job_id"] == job_id for m in messages)
