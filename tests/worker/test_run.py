"""The worker end to end without Kubernetes: real sources, the real import pipeline, FakePhoenix, a fake sink."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner_operator.phoenix import PhoenixClient
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.worker import (
    ExitCode,
    WorkerSettings,
    run_worker,
)
from tests.corpus import SAMPLES
from tests.fixtures.objectstores import HttpStore, S3Store

from .fakes import FakeStatusSink

TRIVY = SAMPLES / "trivy" / "issue_9170.json"


@pytest.fixture
def phoenix() -> Iterator[FakePhoenix]:
    with FakePhoenix() as fake:
        yield fake


def fast_client(settings: WorkerSettings) -> PhoenixClient:
    """The real client, with retries that do not sleep and a short timeout."""
    return PhoenixClient(
        settings.api_url, settings.client_id, settings.client_secret, timeout=5, max_retries=2, sleep=lambda _s: None
    )


class Job:
    """What the Job gives the worker: env (spec, Phoenix connection, source credentials) and mounted files."""

    def __init__(self, tmp_path: Path, phoenix: FakePhoenix, spec: dict[str, Any], **env: str) -> None:
        self.mounts = tmp_path / "mounts"
        (self.mounts / "source").mkdir(parents=True)
        self.workdir = tmp_path / "tmp"
        self.workdir.mkdir()
        self.env = {
            "PHOENIX_SCANIMPORT_SPEC": json.dumps(spec),
            "PHOENIX_API_URL": phoenix.url,
            "PHOENIX_CLIENT_ID": phoenix.client_id,
            "PHOENIX_CLIENT_SECRET": phoenix.client_secret,
            "PHOENIX_SCANNER_MOUNT_ROOT": str(self.mounts),
            **env,
        }
        self.sink = FakeStatusSink()
        self.stdout = io.StringIO()

    def mount(self, key: str, data: bytes) -> None:
        (self.mounts / "source" / key).write_bytes(data)

    def run(self, generation: int = 3) -> int:
        return run_worker(
            "security",
            "api-image",
            generation,
            self.sink,
            env=self.env,
            phoenix=fast_client,
            stream=self.stdout,
            workdir=self.workdir,
            status_interval=0.0,
        )

    def log_records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.getvalue().splitlines()]


def configmap_spec(key: str = "report.json", **extra: Any) -> dict[str, Any]:
    return {"source": {"configMap": {"name": "trivy-report", "key": key}}, **extra}


def test_configmap_trivy_report_is_imported_and_status_tells_the_story(tmp_path: Path, phoenix: FakePhoenix) -> None:
    data = TRIVY.read_bytes()
    job = Job(tmp_path, phoenix, configmap_spec(tags=[{"key": "team", "value": "payments"}]))
    job.mount("report.json", data)

    assert job.run() == ExitCode.OK

    status = job.sink.status
    assert status["progress"] == 100
    assert status["currentStep"] == "Imported"
    assert status["scanner"] == "trivy"
    assert status["source"] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert status["findingsImported"] == len(phoenix.findings()) > 0
    assert status["assetsImported"] >= 1
    assert sum(status["severityCounts"].values()) == status["findingsImported"]
    assert status["assessmentName"] == "TRIVY-api-image"
    last = status["lastResult"]
    assert last["generation"] == 3 and last["outcome"] == "Succeeded" and last["reason"] == "Imported"
    assert f"{status['findingsImported']} findings" in last["message"]
    assert 1 <= len(status["recentLogs"]) <= 10
    assert any("fetched" in line for line in status["recentLogs"])
    # progress only moves forward across the patches
    progress = [p["progress"] for p in job.sink.patches if "progress" in p]
    assert progress == sorted(progress) and progress[0] == 0
    assert len(phoenix.imports) >= 1
    tags = json.dumps(phoenix.imports[0])
    assert "payments" in tags


def test_invalid_report_is_permanent_with_the_parsers_reason(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec(scanner="trivy"))
    job.mount("report.json", b'{"SchemaVersion": 2, "Results": [ {"Target": ')
    assert job.run() == ExitCode.INVALID
    last = job.sink.status["lastResult"]
    assert last["outcome"] == "Failed" and last["reason"] == "InvalidReport"
    assert last["message"]
    assert job.sink.status["currentStep"] == "Failed"
    assert phoenix.imports == []


def test_unrecognised_format_exits_3(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec(key="notes.txt"))
    job.mount("notes.txt", b"this is a shopping list, not a scanner report\n" * 20)
    assert job.run() == ExitCode.UNRECOGNISED
    assert job.sink.status["lastResult"]["reason"] == "FormatNotRecognised"
    assert phoenix.imports == []


def test_phoenix_401_is_permanent_and_keeps_the_secret_out(tmp_path: Path, phoenix: FakePhoenix) -> None:
    wrong = "not-the-secret-" + "x" * 20
    job = Job(tmp_path, phoenix, configmap_spec(), PHOENIX_CLIENT_SECRET=wrong)
    job.mount("report.json", TRIVY.read_bytes())
    assert job.run() == ExitCode.REFUSED
    last = job.sink.status["lastResult"]
    assert last["reason"] == "PhoenixAuthFailed" and last["outcome"] == "Failed"
    everything = json.dumps(job.sink.patches) + job.stdout.getvalue()
    assert wrong not in everything and phoenix.client_secret not in everything


def test_phoenix_503_throughout_is_transient(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec())
    job.mount("report.json", TRIVY.read_bytes())
    phoenix.fail_next(503, count=1000, retry_after="0")
    assert job.run() == ExitCode.TRANSIENT
    assert job.sink.status["lastResult"]["reason"] == "PhoenixUnavailable"
    assert phoenix.imports == []
    # every answer is counted by status for the operator's phoenix_scanner_phoenix_api_requests_total
    counts = job.sink.status["phoenixRequests"]
    assert counts.get("503", 0) >= 2 and set(counts) <= {"200", "503"}


def test_phoenix_request_counts_reach_status(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec())
    job.mount("report.json", TRIVY.read_bytes())
    phoenix.fail_next(429, count=2, retry_after="0")
    assert job.run() == ExitCode.OK
    counts = job.sink.status["phoenixRequests"]
    assert counts["429"] == 2
    assert counts["200"] >= 2  # the token and at least one import


def test_missing_configmap_key_is_source_not_found(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec(key="absent.json"))
    assert job.run() == ExitCode.INVALID
    last = job.sink.status["lastResult"]
    assert last["reason"] == "SourceNotFound"
    assert "trivy-report" in last["message"]


def test_unreachable_http_source_is_transient(tmp_path: Path, phoenix: FakePhoenix, http_store: HttpStore) -> None:
    url = http_store.fail("/worker/flaky.json", 502)
    job = Job(tmp_path, phoenix, {"source": {"http": {"url": url}}})
    assert job.run() == ExitCode.TRANSIENT
    assert job.sink.status["lastResult"]["reason"] == "SourceUnavailable"


def test_report_from_s3_through_the_worker(tmp_path: Path, phoenix: FakePhoenix, s3_store: S3Store) -> None:
    data = TRIVY.read_bytes()
    s3_store.upload("worker/trivy.json", data)
    spec = {
        "source": {
            "s3": {
                "bucket": s3_store.bucket,
                "key": "worker/trivy.json",
                "endpoint": s3_store.endpoint,
                "region": s3_store.region,
                "secretRef": {"name": "s3-creds"},
            }
        }
    }
    job = Job(tmp_path, phoenix, spec, **s3_store.env())
    assert job.run() == ExitCode.OK
    assert job.sink.status["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert job.sink.status["findingsImported"] == len(phoenix.findings())
    assert s3_store.secret_access_key not in job.stdout.getvalue() + json.dumps(job.sink.patches)


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"PHOENIX_SCANIMPORT_SPEC": "{not json"}, "InvalidSpec"),
        ({"PHOENIX_SCANIMPORT_SPEC": '{"scanner": "auto"}'}, "InvalidSpec"),
        ({"PHOENIX_CLIENT_SECRET": ""}, "PhoenixCredentialsMissing"),
        ({"PHOENIX_API_URL": ""}, "PhoenixNotConfigured"),
        ({"PHOENIX_SCANIMPORT_SPEC": json.dumps(configmap_spec(importType="sideways"))}, "InvalidSpec"),
    ],
)
def test_bad_job_input_is_permanent(tmp_path: Path, phoenix: FakePhoenix, env: dict[str, str], reason: str) -> None:
    job = Job(tmp_path, phoenix, configmap_spec(), **env)
    job.mount("report.json", TRIVY.read_bytes())
    assert job.run() == ExitCode.INVALID
    assert job.sink.status["lastResult"]["reason"] == reason
    assert phoenix.imports == []


def test_superseded_job_does_nothing(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec())
    job.mount("report.json", TRIVY.read_bytes())
    job.sink.current = False
    assert job.run() == ExitCode.OK
    assert job.sink.patches == [] and job.sink.refused == []
    assert phoenix.imports == [] and phoenix.token_requests == 0


def test_superseded_mid_import_stops_writing(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec())
    job.mount("report.json", TRIVY.read_bytes())
    job.sink.current_for_patches = 2
    job.run()
    assert len(job.sink.patches) == 2
    assert len(job.sink.refused) == 1  # the first refusal stops the reporter for good
    assert "lastResult" not in job.sink.status


def test_stdout_is_structured_json(tmp_path: Path, phoenix: FakePhoenix) -> None:
    job = Job(tmp_path, phoenix, configmap_spec())
    job.mount("report.json", TRIVY.read_bytes())
    job.run()
    records = job.log_records()
    assert records, "the worker logged nothing"
    for record in records:
        assert {"ts", "level", "msg", "namespace", "scanimport", "generation"} <= set(record)
        assert record["scanimport"] == "api-image" and record["generation"] == 3
    assert records[-1]["reason"] == "Imported"
    assert phoenix.client_secret not in job.stdout.getvalue()


def test_anonymize_uses_a_stable_key(tmp_path: Path, phoenix: FakePhoenix) -> None:
    first = Job(tmp_path / "a", phoenix, configmap_spec(anonymize=True, assessmentName="anon-1"))
    first.mount("report.json", TRIVY.read_bytes())
    second = Job(tmp_path / "b", phoenix, configmap_spec(anonymize=True, assessmentName="anon-2"))
    second.mount("report.json", TRIVY.read_bytes())
    assert first.run() == ExitCode.OK and second.run() == ExitCode.OK
    plain = Job(tmp_path / "c", phoenix, configmap_spec(assessmentName="plain"))
    plain.mount("report.json", TRIVY.read_bytes())
    assert plain.run() == ExitCode.OK
    names = [sorted(json.dumps(a) for a in imp.get("assets", [])) for imp in phoenix.imports]
    assert names[0] == names[1] != names[2]
