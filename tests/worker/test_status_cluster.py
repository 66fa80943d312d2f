"""Status writes against the real local API server: through /status, schema-conformant, generation-guarded."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client

from scanner_operator.phoenix import PhoenixClient
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.localcluster import LocalCluster
from scanner_operator.worker import ExitCode, KubeStatusSink, WorkerSettings, run_worker
from tests.corpus import SAMPLES

pytestmark = pytest.mark.cluster

REPO = Path(__file__).resolve().parents[2]
CRD = REPO / "crds" / "scanimports.scanner.phoenix.security.yaml"


@pytest.fixture(scope="module")
def namespace(kube: LocalCluster) -> str:
    # v1.20 predates CEL: its kubectl rejects x-kubernetes-validations client-side; the server ignores them.
    kube.kubectl("apply", "--validate=false", "-f", str(CRD))
    kube.kubectl("wait", "--for=condition=Established", "crd/scanimports.scanner.phoenix.security", "--timeout=30s")
    name = f"worker-{uuid.uuid4().hex[:6]}"
    kube.kubectl("create", "namespace", name)
    return name


@pytest.fixture
def api(kube: LocalCluster) -> Iterator[Any]:
    api_client = kube.api_client()
    try:
        yield client.CustomObjectsApi(api_client)
    finally:
        api_client.close()


def create_scanimport(kube: LocalCluster, namespace: str, name: str) -> dict[str, Any]:
    manifest = {
        "apiVersion": "scanner.phoenix.security/v1alpha1",
        "kind": "ScanImport",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"source": {"configMap": {"name": "trivy-report", "key": "report.json"}}},
    }
    kube.kubectl("apply", "-f", "-", input=json.dumps(manifest))
    return get(kube, namespace, name)


def get(kube: LocalCluster, namespace: str, name: str) -> dict[str, Any]:
    obj: dict[str, Any] = json.loads(kube.kubectl("get", "scanimport", name, "-n", namespace, "-o", "json"))
    return obj


def test_patch_goes_through_status_and_keeps_the_generation(kube: LocalCluster, namespace: str, api: Any) -> None:
    obj = create_scanimport(kube, namespace, "status-only")
    generation = obj["metadata"]["generation"]
    sink = KubeStatusSink(api, namespace, "status-only", generation)
    assert sink.is_current()
    assert sink.patch({"progress": 40, "currentStep": "Importing", "source": {"sha256": "f" * 64, "size": 12}})
    after = get(kube, namespace, "status-only")
    assert after["status"]["progress"] == 40
    assert after["status"]["source"] == {"sha256": "f" * 64, "size": 12}
    assert after["metadata"]["generation"] == generation


def test_newer_generation_is_never_overwritten(kube: LocalCluster, namespace: str, api: Any) -> None:
    obj = create_scanimport(kube, namespace, "moved-on")
    old = KubeStatusSink(api, namespace, "moved-on", obj["metadata"]["generation"])
    assert old.patch({"currentStep": "Fetching"})
    kube.kubectl("patch", "scanimport", "moved-on", "-n", namespace, "--type=merge", "-p", '{"spec":{"fixData":false}}')
    assert not old.is_current()
    assert not old.patch({"currentStep": "Imported", "lastResult": {"outcome": "Succeeded", "generation": 1}})
    status = get(kube, namespace, "moved-on")["status"]
    assert status["currentStep"] == "Fetching" and "lastResult" not in status


def test_object_gone_is_not_current(namespace: str, api: Any) -> None:
    sink = KubeStatusSink(api, namespace, "never-created", 1)
    assert not sink.is_current()
    assert not sink.patch({"progress": 1})


def test_worker_end_to_end_writes_a_schema_valid_status(
    kube: LocalCluster, namespace: str, api: Any, tmp_path: Path
) -> None:
    obj = create_scanimport(kube, namespace, "end-to-end")
    generation = obj["metadata"]["generation"]
    (tmp_path / "mounts" / "source").mkdir(parents=True)
    (tmp_path / "mounts" / "source" / "report.json").write_bytes((SAMPLES / "trivy" / "issue_9170.json").read_bytes())
    with FakePhoenix() as phoenix:
        env = {
            "PHOENIX_SCANIMPORT_SPEC": json.dumps(obj["spec"]),
            "PHOENIX_API_URL": phoenix.url,
            "PHOENIX_CLIENT_ID": phoenix.client_id,
            "PHOENIX_CLIENT_SECRET": phoenix.client_secret,
            "PHOENIX_SCANNER_MOUNT_ROOT": str(tmp_path / "mounts"),
        }

        def factory(s: WorkerSettings) -> PhoenixClient:
            return PhoenixClient(s.api_url, s.client_id, s.client_secret, timeout=5)

        code = run_worker(
            namespace,
            "end-to-end",
            generation,
            KubeStatusSink(api, namespace, "end-to-end", generation),
            env=env,
            phoenix=factory,
            stream=io.StringIO(),
        )
        findings = len(phoenix.findings())
    assert code == ExitCode.OK
    status = get(kube, namespace, "end-to-end")["status"]
    # Everything the worker wrote survived the CRD's structural schema (unknown fields would be pruned).
    assert status["progress"] == 100
    assert status["findingsImported"] == findings
    assert status["scanner"] == "trivy"
    assert status["lastResult"]["outcome"] == "Succeeded"
    assert status["lastResult"]["generation"] == generation
    assert set(status["severityCounts"]) == {"critical", "high", "medium", "low", "info"}
    assert 1 <= len(status["recentLogs"]) <= 10


def test_cli_runs_as_the_job_would(kube: LocalCluster, namespace: str, tmp_path: Path) -> None:
    """`phoenix-scanner worker` as a process: KUBECONFIG, env from the Job, mounts under the mount root."""
    obj = create_scanimport(kube, namespace, "cli-run")
    generation = obj["metadata"]["generation"]
    (tmp_path / "mounts" / "source").mkdir(parents=True)
    (tmp_path / "mounts" / "source" / "report.json").write_bytes((SAMPLES / "trivy" / "issue_9170.json").read_bytes())
    with FakePhoenix() as phoenix:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "TMPDIR": str(tmp_path),
            "KUBECONFIG": str(kube.kubeconfig),
            "PHOENIX_SCANIMPORT_SPEC": json.dumps(obj["spec"]),
            "PHOENIX_API_URL": phoenix.url,
            "PHOENIX_CLIENT_ID": phoenix.client_id,
            "PHOENIX_CLIENT_SECRET": phoenix.client_secret,
            "PHOENIX_SCANNER_MOUNT_ROOT": str(tmp_path / "mounts"),
        }
        argv = [sys.executable, "-m", "scanner_operator.cli", "worker", "--namespace", namespace, "--name", "cli-run"]
        proc = subprocess.run(
            [*argv, "--generation", str(generation)], env=env, capture_output=True, text=True, timeout=120
        )
    assert proc.returncode == ExitCode.OK, proc.stderr[-2000:]
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records[-1]["reason"] == "Imported"
    assert phoenix.client_secret not in proc.stdout + proc.stderr
    status = get(kube, namespace, "cli-run")["status"]
    assert status["lastResult"]["outcome"] == "Succeeded"
