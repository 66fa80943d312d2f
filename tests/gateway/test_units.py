"""The gateway's pure parts, without servers: keys, the form, the job views and WebSocket messages, the streaming
multipart parser and the local store's tokens."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from scanner_operator.gateway import auth
from scanner_operator.gateway.config import from_env
from scanner_operator.gateway.form import FormError, owned_secrets, parse_form, scanimport_spec
from scanner_operator.gateway.jobs_view import (
    CANCELLED_ANNOTATION,
    job_status,
    job_view,
    list_view,
    new_log_lines,
    queue_figures,
    seed_log_line,
    ws_messages,
)
from scanner_operator.gateway.storage import LocalStore
from scanner_operator.gateway.upload import SpooledFile, UploadError, parse_upload, safe_filename


# --- keys ----------------------------------------------------------------------------------------------------------
def test_keys_match_by_hash_and_bind_a_namespace() -> None:
    data = {"a": auth.key_entry("team-a", "key-a"), "b": auth.key_entry("team-b", "key-b"), "bad": "{nope"}
    entries = auth.parse_entries(data)
    assert [e.id for e in entries] == ["a", "b"]
    assert auth.match(entries, "key-b") == auth.ApiKey("b", "team-b")
    assert auth.match(entries, "key-c") is None and auth.match(entries, "") is None
    assert "key-a" not in json.dumps(data)  # only the hash is stored


def test_keystore_rereads_after_its_ttl_and_keeps_keys_when_the_api_fails() -> None:
    now = [0.0]
    calls: list[int] = []
    data = {"a": auth.key_entry("ns", "k1")}

    def load() -> dict[str, str]:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("API server down")
        return dict(data)

    store = auth.KeyStore(load, ttl=10, clock=lambda: now[0])
    assert store.authenticate("k1") is not None
    data["a"] = auth.key_entry("ns", "k2")
    assert store.authenticate("k2") is None  # cached
    now[0] = 11
    assert store.authenticate("k2") is not None
    now[0] = 22
    assert store.authenticate("k2") is not None  # the failed re-read keeps the last keys
    assert auth.new_key().startswith("psk_")


# --- the form --------------------------------------------------------------------------------------------------------
def test_form_defaults_and_values() -> None:
    req = parse_form({})
    assert (req.scanner, req.import_type, req.fix_data, req.anonymize) == ("auto", "new", True, False)
    req = parse_form(
        {
            "scanner_type": "Trivy Scan",
            "import_type": "delta",
            "fix_data": "false",
            "anonymize": "true",
            "webhook_url": "https://h.example.com/x",
            "webhook_headers": '{"Authorization": "Bearer t"}',
            "phoenix_client_id": "id",
            "phoenix_client_secret": "s3cret",
        }
    )
    assert req.import_type == "delta" and not req.fix_data and req.anonymize and req.has_credentials
    assert "s3cret" not in repr(req)
    spec = scanimport_spec(req, {"http": {"url": "http://x/r"}}, "job-1", "phoenix-api")
    assert spec["phoenix"] == {"credentialsSecretRef": {"name": "job-1-phoenix"}}
    assert spec["notify"]["webhook"]["headersSecretRef"] == {"name": "job-1-webhook"}
    assert spec["suspend"] is True and "s3cret" not in json.dumps(spec)
    secrets = owned_secrets(req, "job-1", {"Authorization": "Bearer x"})
    assert set(secrets) == {"job-1-phoenix", "job-1-fetch", "job-1-webhook"}
    plain = scanimport_spec(parse_form({}), {"s3": {}}, "job-2", "phoenix-api")
    assert plain["phoenix"] == {"credentialsSecretRef": {"name": "phoenix-api"}}


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"scanner_type": "nessie"}, "unknown scanner_type"),
        ({"import_type": "x"}, "import_type must be one of"),
        ({"webhook_url": "ftp://x"}, "webhook_url must be"),
        ({"webhook_url": "https://x.example.com", "webhook_headers": "{"}, "JSON object"),
        ({"webhook_url": "https://x.example.com", "webhook_headers": '{"Bad Name": "v"}'}, "not a valid HTTP header"),
        ({"webhook_url": "https://x.example.com", "webhook_headers": '{"X-A": 1}'}, "single-line string"),
        ({"webhook_headers": '{"X-A": "1"}'}, "needs a webhook_url"),
        ({"phoenix_client_secret": "s"}, "give both"),
        ({"phoenix_api_url": "phoenix.example.com"}, "phoenix_api_url must be"),
        ({"anonymize": "perhaps"}, "anonymize must be true or false"),
        ({"surprise": "1"}, "unknown form field"),
        ({"assessment_name": "x" * 300}, "at most 255"),
    ],
)
def test_form_errors(fields: dict[str, str], says: str) -> None:
    with pytest.raises(FormError, match=says):
        parse_form(fields)


def test_translate_scanner_is_accepted() -> None:
    assert parse_form({"scanner_type": "translate:Burp Scan"}).scanner == "translate:Burp Scan"


# --- job views -----------------------------------------------------------------------------------------------
def si(
    status: dict[str, Any] | None = None, *, generation: int = 2, suspend: bool = False, **ann: str
) -> dict[str, Any]:
    return {
        "metadata": {
            "name": "job-0123456789abcdef",
            "namespace": "ns",
            "generation": generation,
            "creationTimestamp": "2025-11-12T10:30:00Z",
            "annotations": {"scanner.phoenix.security/gateway-filename": "scan.json", **ann},
        },
        "spec": {"scanner": "trivy", "suspend": suspend},
        "status": status or {},
    }


def ready(status: str, reason: str, message: str) -> list[dict[str, str]]:
    return [{"type": "Ready", "status": status, "reason": reason, "message": message}]


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (si(suspend=True), "queued"),
        (si({"observedGeneration": 1, "phase": "Succeeded"}), "queued"),
        (si({"observedGeneration": 2, "phase": "Pending"}), "pending"),
        (si({"observedGeneration": 2, "phase": "Running"}), "processing"),
        (si({"observedGeneration": 2, "phase": "Retrying"}), "processing"),
        (si({"observedGeneration": 2, "phase": "Succeeded"}), "completed"),
        (si({"observedGeneration": 2, "phase": "Failed"}), "failed"),
        (
            si({"observedGeneration": 2, "phase": "Running"}, **{CANCELLED_ANNOTATION: "2025-11-12T10:31:00Z"}),
            "cancelled",
        ),
    ],
)
def test_status_mapping(obj: dict[str, Any], expected: str) -> None:
    assert job_status(obj) == expected


def test_job_view_of_a_finished_and_a_failed_import() -> None:
    done = si(
        {
            "observedGeneration": 2,
            "phase": "Succeeded",
            "progress": 100,
            "startedAt": "2025-11-12T10:30:15Z",
            "completedAt": "2025-11-12T10:32:00Z",
            "scanner": "trivy",
            "assetsImported": 150,
            "findingsImported": 423,
            "recentLogs": ["2025-11-12T10:30:15Z INFO Processing file: scan.json"],
        }
    )
    view = job_view(done)
    assert view["status"] == "completed" and view["progress"] == 100.0
    assert (view["assets_imported"], view["vulnerabilities_imported"]) == (150, 423)
    assert view["recent_logs"] == ["2025-11-12 10:30:15 - INFO - Processing file: scan.json"]
    assert view["filename"] == "scan.json" and view["error_message"] is None
    failed = si({"observedGeneration": 2, "phase": "Failed", "conditions": ready("False", "InvalidReport", "Bad.")})
    assert job_view(failed)["error_message"] == "InvalidReport: Bad."
    assert seed_log_line("not a worker line") == "not a worker line"


def test_list_and_queue_figures() -> None:
    objs = [si({"observedGeneration": 2, "phase": p}) for p in ("Pending", "Running", "Succeeded")]
    for i, obj in enumerate(objs):
        obj["metadata"]["name"] = f"job-{i:016x}"
    page = list_view(objs, status=None, page=1, page_size=2)
    assert page["total"] == 3 and len(page["jobs"]) == 2
    assert list_view(objs, status="completed")["total"] == 1
    figures = queue_figures(objs)
    assert (figures["pending_jobs"], figures["processing_jobs"], figures["completed_jobs"]) == (1, 1, 1)


def test_ws_messages_log_progress_and_end() -> None:
    assert new_log_lines(["a", "b", "c"], ["b", "c", "d", "e"]) == ["d", "e"]
    assert new_log_lines([], ["a"]) == ["a"]
    assert new_log_lines(["x"], ["y"]) == ["y"]
    running = si(
        {"observedGeneration": 2, "phase": "Running", "progress": 40, "recentLogs": ["2025-11-12T10:30:15Z INFO one"]}
    )
    first = ws_messages(None, running, now="t")
    assert [m["type"] for m in first] == ["log", "progress"]
    assert first[0]["data"] == {"level": "INFO", "message": "one", "timestamp": "2025-11-12T10:30:15Z"}
    assert first[1]["data"]["progress"] == 40.0
    assert ws_messages(running, running) == []
    done = si(
        {
            "observedGeneration": 2,
            "phase": "Succeeded",
            "assetsImported": 1,
            "findingsImported": 2,
            "recentLogs": ["2025-11-12T10:30:15Z INFO one", "2025-11-12T10:31:00Z INFO two"],
        }
    )
    kinds = [m["type"] for m in ws_messages(running, done)]
    assert kinds == ["log", "progress", "complete"]
    failed = si({"observedGeneration": 2, "phase": "Failed", "conditions": ready("False", "PhoenixRefused", "No.")})
    last = ws_messages(running, failed)[-1]
    assert last["type"] == "error" and last["data"]["error_message"] == "PhoenixRefused: No."


# --- streaming upload ----------------------------------------------------------------------------------------------
def multipart(parts: list[tuple[str, str | None, bytes]], boundary: str = "XyZ") -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


async def chunks(body: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for i in range(0, len(body), size):
        yield body[i : i + size]


def test_upload_streams_the_file_to_the_spool(tmp_path: Path) -> None:
    body = multipart([("file", "../../etc/report.json", b'{"a": 1}' * 100), ("scanner_type", None, b"trivy")])
    form = asyncio.run(parse_upload("multipart/form-data; boundary=XyZ", chunks(body), tmp_path, 10_000))
    assert form.fields == {"scanner_type": "trivy"}
    assert form.file is not None and form.file.filename == "report.json" and form.file.size == 800
    assert form.file.path.read_bytes() == b'{"a": 1}' * 100 and form.file.path.parent == tmp_path
    form.discard()
    assert list(tmp_path.iterdir()) == []


def test_upload_over_the_limit_leaves_nothing(tmp_path: Path) -> None:
    body = multipart([("file", "big.json", b"x" * 5000)])
    with pytest.raises(UploadError) as info:
        asyncio.run(parse_upload("multipart/form-data; boundary=XyZ", chunks(body, 512), tmp_path, 1000))
    assert info.value.status == 413 and "upload limit" in info.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", b"{}", 415),
        ("multipart/form-data", b"", 400),
        ("multipart/form-data; boundary=XyZ", multipart([("file", "a", b"1"), ("file", "b", b"2")]), 400),
        ("multipart/form-data; boundary=XyZ", multipart([("report", "a.json", b"1")]), 400),
    ],
)
def test_upload_refusals(tmp_path: Path, content_type: str, body: bytes, status: int) -> None:
    with pytest.raises(UploadError) as info:
        asyncio.run(parse_upload(content_type, chunks(body), tmp_path, 1000))
    assert info.value.status == status
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


def test_safe_filename() -> None:
    assert safe_filename("C:\\scans\\my scan.json") == "my_scan.json"
    assert safe_filename("..") == "report" and safe_filename(".hidden") == "hidden"


# --- local store ---------------------------------------------------------------------------------------------------
def test_local_store_tokens_and_paths(tmp_path: Path) -> None:
    store = LocalStore(tmp_path, "http://gw:8000/", b"k" * 32)
    spool = tmp_path / "spool.bin"
    spool.write_bytes(b"data")
    stored = store.store("ns", "job-0123456789abcdef", SpooledFile(spool, "scan.json", 4), "job-0123456789abcdef-fetch")
    assert stored.source["http"]["url"] == "http://gw:8000/internal/v1/reports/ns/job-0123456789abcdef/scan.json"
    token = (stored.fetch_secret_data or {})["Authorization"]
    assert store.verify("ns", "job-0123456789abcdef", token)
    assert not store.verify("ns", "job-fedcba9876543210", token) and not store.verify(
        "ns", "job-0123456789abcdef", None
    )
    assert store.path("ns", "job-0123456789abcdef", "scan.json") is not None
    assert store.path("ns", "job-0123456789abcdef", "..") is None and store.path("NS", "x", "scan.json") is None
    store.delete(stored.location)
    assert store.path("ns", "job-0123456789abcdef", "scan.json") is None


def test_config_from_env() -> None:
    config = from_env({"PHOENIX_GATEWAY_MAX_UPLOAD_MB": "7", "PHOENIX_GATEWAY_WS_REQUIRE_KEY": "true"})
    assert config.max_upload_bytes == 7 * 1024 * 1024 and config.ws_require_key
    assert from_env({"MAX_UPLOAD_SIZE_MB": "1000"}).max_upload_mb == 1000
