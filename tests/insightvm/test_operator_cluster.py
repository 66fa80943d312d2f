"""InsightVMScan end to end on the local kube-apiserver: the operator (kopf, in-process) against FakeInsightVM."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kopf
import pytest

from scanner_operator.config import OperatorConfig
from scanner_operator.handlers import build_settings
from scanner_operator.handlers import insightvm as ivm_handlers
from scanner_operator.handlers.context import OperatorContext
from scanner_operator.kube import Kube, KubeError
from scanner_operator.testing.fake_insightvm import FakeInsightVM
from scanner_operator.testing.localcluster import LocalCluster
from tests.cluster import kube  # noqa: F401

pytestmark = pytest.mark.cluster

CRDS = Path(__file__).resolve().parents[2] / "crds"
GROUP_PATH = "/apis/scanner.phoenix.security/v1alpha1"


class OperatorThread:
    """kopf running in a thread with only the InsightVMScan handlers, watching one namespace."""

    def __init__(self, namespace: str, kube_wrapper: Kube) -> None:
        self.namespace = namespace
        self.ctx = OperatorContext(config=OperatorConfig(), kube=kube_wrapper)
        self.stop_flag = threading.Event()
        self.ready_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, name="kopf-insightvm", daemon=True)

    def _run(self) -> None:
        registry = kopf.OperatorRegistry()

        @kopf.on.login(registry=registry)
        def login(**kwargs: Any) -> kopf.ConnectionInfo | None:
            return kopf.login_via_client(**kwargs)

        ivm_handlers.register(registry, self.ctx)
        settings = build_settings(self.ctx.config)
        settings.watching.server_timeout = 30
        settings.posting.enabled = False
        asyncio.run(
            kopf.operator(
                registry=registry,
                settings=settings,
                standalone=True,
                namespaces=[self.namespace],
                clusterwide=False,
                stop_flag=self.stop_flag,
                ready_flag=self.ready_flag,
            )
        )

    def start(self) -> OperatorThread:
        self.thread.start()
        assert self.ready_flag.wait(30), "operator did not start"
        return self

    def stop(self) -> None:
        self.stop_flag.set()
        self.thread.join(timeout=30)
        self.ctx.close()


@pytest.fixture(scope="module")
def cluster(kube: LocalCluster) -> LocalCluster:  # noqa: F811
    kube.kubectl("apply", "--validate=false", "-f", str(CRDS / "scanimports.scanner.phoenix.security.yaml"))
    kube.kubectl("apply", "--validate=false", "-f", str(CRDS / "insightvmscans.scanner.phoenix.security.yaml"))
    kube.kubectl("wait", "--for=condition=Established", "crd/insightvmscans.scanner.phoenix.security", "--timeout=30s")
    return kube


@pytest.fixture
def console(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeInsightVM]:
    monkeypatch.setenv("PHOENIX_SCANNER_INSIGHTVM_TICK", "0.5")
    with FakeInsightVM(dispatch_seconds=0.5, run_seconds=3.0, integrate_seconds=0.5, report_seconds=0.3) as fake:
        yield fake


_counter = iter(range(1, 10_000))


@pytest.fixture
def namespace(cluster: LocalCluster, console: FakeInsightVM) -> str:
    ns = f"ivs-{int(time.time()) % 100000}-{next(_counter)}"
    cluster.kubectl("create", "namespace", ns)
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "ivm", "namespace": ns},
        "stringData": {"username": console.username, "password": console.password},
    }
    cluster.kubectl("apply", "-f", "-", input=json.dumps(secret))
    return ns


@pytest.fixture
def operator(namespace: str, cluster: LocalCluster) -> Iterator[Callable[..., OperatorThread]]:
    started: list[OperatorThread] = []

    def start(kube_wrapper: Kube | None = None) -> OperatorThread:
        op = OperatorThread(namespace, kube_wrapper or Kube(cluster.api_client())).start()
        started.append(op)
        return op

    yield start
    for op in started:
        op.stop()


def _apply(cluster: LocalCluster, namespace: str, name: str, console: FakeInsightVM, **spec: Any) -> None:
    body = {
        "apiVersion": "scanner.phoenix.security/v1alpha1",
        "kind": "InsightVMScan",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "console": {"url": console.url, "credentialsSecretRef": {"name": "ivm"}},
            "siteId": 42,
            "scanName": "Weekly Security Audit",
            "pollInterval": "1s",
            **spec,
        },
    }
    cluster.kubectl("apply", "-f", "-", input=json.dumps(body))


def _get(cluster: LocalCluster, namespace: str, name: str) -> dict[str, Any]:
    return dict(json.loads(cluster.kubectl("get", "insightvmscan", name, "-n", namespace, "-o", "json")))


def _condition(obj: dict[str, Any], type_: str) -> dict[str, Any]:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c["type"] == type_:
            return dict(c)
    return {}


def _wait(
    cluster: LocalCluster, namespace: str, name: str, check: Callable[[dict[str, Any]], bool], timeout: float = 40
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    obj: dict[str, Any] = {}
    while time.monotonic() < deadline:
        obj = _get(cluster, namespace, name)
        if check(obj):
            return obj
        time.sleep(0.3)
    raise AssertionError(f"timed out; last status: {json.dumps(obj.get('status'), indent=1)}")


def _ready_reason(reason: str) -> Callable[[dict[str, Any]], bool]:
    return lambda obj: _condition(obj, "Ready").get("reason") == reason


@pytest.mark.smoke
def test_create_runs_to_finished(cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any) -> None:
    operator()
    _apply(cluster, namespace, "weekly", console)
    obj = _wait(cluster, namespace, "weekly", _ready_reason("ScanFinished"))
    status = obj["status"]
    (scan,) = console.scans.values()
    assert status["scanId"] == scan.id and scan.name.startswith("Weekly Security Audit [k8s ")
    assert status["scanStatus"] == "finished" and status["assets"] == 4
    assert status["vulnerabilities"] == {"critical": 2, "severe": 2, "moderate": 2, "total": 6}
    assert status["engineName"] == "Local scan engine" and status["duration"].startswith("PT")
    assert _condition(obj, "Ready")["status"] == "True"
    assert status["observedGeneration"] == obj["metadata"]["generation"]
    table = cluster.kubectl("get", "ivs", "weekly", "-n", namespace)
    header, row = table.strip().splitlines()
    assert header.split()[:7] == ["NAME", "SCAN", "ID", "STATE", "ASSETS", "CRITICAL", "TOTAL"]
    assert row.split()[1:7] == [str(scan.id), "finished", "4", "2", "6", "True"]
    assert "weekly" in cluster.kubectl("get", "phoenix", "-n", namespace)
    events = cluster.kubectl("get", "events", "-n", namespace, "-o", "json")
    reasons = {e["reason"] for e in json.loads(events)["items"]}
    assert {"ScanStarted", "ScanFinished"} <= reasons


def test_pause_then_resume(cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any) -> None:
    console.run_seconds = 60
    operator()
    _apply(cluster, namespace, "pausable", console)
    _wait(cluster, namespace, "pausable", lambda o: (o.get("status") or {}).get("scanStatus") == "running")
    _apply(cluster, namespace, "pausable", console, state="Paused")
    obj = _wait(cluster, namespace, "pausable", _ready_reason("Paused"))
    (scan,) = console.scans.values()
    assert console.scan_state(scan.id) == "paused" and obj["status"]["scanStatus"] == "paused"
    console.run_seconds = 2
    _apply(cluster, namespace, "pausable", console, state="Running")
    _wait(cluster, namespace, "pausable", _ready_reason("ScanFinished"))
    assert len(console.scans) == 1  # a state change never starts another scan
    assert any(r.path.endswith(f"/scans/{scan.id}/resume") for r in console.requests)


def test_stop(cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any) -> None:
    console.run_seconds = 60
    operator()
    _apply(cluster, namespace, "stoppable", console)
    _wait(cluster, namespace, "stoppable", lambda o: (o.get("status") or {}).get("scanStatus") == "running")
    _apply(cluster, namespace, "stoppable", console, state="Stopped")
    obj = _wait(cluster, namespace, "stoppable", _ready_reason("ScanStopped"))
    assert _condition(obj, "Ready")["status"] == "True"
    (scan,) = console.scans.values()
    assert console.scan_state(scan.id) == "stopped"


def test_timeout_stops_and_stalls(cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any) -> None:
    console.run_seconds = 120
    operator()
    _apply(cluster, namespace, "slow", console, timeout="3s")
    obj = _wait(
        cluster,
        namespace,
        "slow",
        lambda o: (
            _condition(o, "Stalled").get("reason") == "ScanTimedOut"
            and (o.get("status") or {}).get("scanStatus") == "stopped"
        ),
    )
    assert obj["status"]["timedOut"] is True
    (scan,) = console.scans.values()
    assert console.scan_state(scan.id) == "stopped"


def test_console_down_then_back_no_duplicate(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    console.run_seconds = 4
    console.go_down()  # down before the first pass: the operator can neither look up nor start
    operator()
    _apply(cluster, namespace, "flaky", console)
    obj = _wait(
        cluster, namespace, "flaky", lambda o: _condition(o, "Reconciling").get("reason") == "ProgressingWithRetry"
    )
    assert "ConsoleUnreachable" in _condition(obj, "Reconciling")["message"]
    assert _condition(obj, "Ready")["status"] == "Unknown"
    time.sleep(3)
    console.come_up()
    _wait(cluster, namespace, "flaky", lambda o: (o.get("status") or {}).get("scanStatus") == "running")
    console.go_down()  # and down again mid-scan
    _wait(cluster, namespace, "flaky", lambda o: _condition(o, "Reconciling").get("reason") == "ProgressingWithRetry")
    time.sleep(5)  # the scan finishes on the console meanwhile
    console.come_up()
    obj = _wait(cluster, namespace, "flaky", _ready_reason("ScanFinished"))
    assert len(console.scans) == 1
    assert not _condition(obj, "Reconciling")


class CrashAfterStart(Kube):
    """Fails the status write that records the new scan id once, as an operator killed right after the POST."""

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.crashed = False

    def patch_custom_status(self, namespace: str, plural: str, name: str, patch: dict[str, Any]) -> bool:
        if not self.crashed and isinstance(patch.get("scanId"), int) and patch.get("startedAt"):
            self.crashed = True
            raise KubeError(500, "simulated crash between the POST and the status write")
        return super().patch_custom_status(namespace, plural, name, patch)


def test_crash_between_post_and_status_write_adopts(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    crashing = CrashAfterStart(cluster.api_client())
    operator(crashing)
    _apply(cluster, namespace, "crashy", console)
    obj = _wait(cluster, namespace, "crashy", _ready_reason("ScanFinished"))
    assert crashing.crashed
    (scan,) = console.scans.values()
    assert obj["status"]["scanId"] == scan.id
    events = json.loads(cluster.kubectl("get", "events", "-n", namespace, "-o", "json"))["items"]
    assert "ScanAdopted" in {e["reason"] for e in events}


def test_operator_restart_mid_scan(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    console.run_seconds = 6
    first = operator()
    _apply(cluster, namespace, "restarted", console)
    _wait(cluster, namespace, "restarted", lambda o: (o.get("status") or {}).get("scanStatus") == "running")
    first.stop()
    time.sleep(1)
    operator()
    _wait(cluster, namespace, "restarted", _ready_reason("ScanFinished"))
    assert len(console.scans) == 1
    assert len([r for r in console.requests if r.method == "POST" and r.path.endswith("/sites/42/scans")]) == 1


def test_export_to_phoenix_creates_child_scanimport(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    operator()
    _apply(cluster, namespace, "exported", console, exportToPhoenix={"enabled": True, "importType": "merge"})
    obj = _wait(cluster, namespace, "exported", _ready_reason("ScanFinished"))
    (scan,) = console.scans.values()
    child = f"exported-scan-{scan.id}"
    assert obj["status"]["export"]["scanImport"] == child
    assert _condition(obj, "Exported")["status"] == "True"
    si = json.loads(cluster.kubectl("get", "scanimport", child, "-n", namespace, "-o", "json"))
    assert si["spec"]["source"] == {"configMap": {"name": child, "key": "report.xml"}}
    assert si["spec"]["scanner"] == "nexpose" and si["spec"]["importType"] == "merge"
    owner = si["metadata"]["ownerReferences"][0]
    assert owner["kind"] == "InsightVMScan" and owner["uid"] == obj["metadata"]["uid"] and owner["controller"]
    cm = json.loads(cluster.kubectl("get", "configmap", child, "-n", namespace, "-o", "json"))
    report = cm["data"]["report.xml"]
    assert report.startswith("<?xml") and f'<scan id="{scan.id}"' in report
    assert report.count("<node ") == 4
    assert console.reports == {}  # the temporary report configuration was deleted


def test_delete_stops_running_scan(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    console.run_seconds = 60
    operator()
    _apply(cluster, namespace, "doomed", console)
    _wait(cluster, namespace, "doomed", lambda o: (o.get("status") or {}).get("scanStatus") == "running")
    cluster.kubectl("delete", "insightvmscan", "doomed", "-n", namespace, "--wait=true", "--timeout=30s")
    (scan,) = console.scans.values()
    assert console.scan_state(scan.id) == "stopped"


def test_flux_style_server_side_apply_and_status_writes_do_not_fight(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    """kustomize-controller applies with its own field manager; the operator writes only status (managedFields)."""
    from scanner_operator.kube import FIELD_MANAGER

    operator()
    flux = Kube(cluster.api_client(), field_manager="kustomize-controller")
    path = f"{GROUP_PATH}/namespaces/{namespace}/insightvmscans/gitops"
    manifest = {
        "apiVersion": "scanner.phoenix.security/v1alpha1",
        "kind": "InsightVMScan",
        "metadata": {"name": "gitops", "labels": {"kustomize.toolkit.fluxcd.io/name": "security"}},
        "spec": {
            "console": {"url": console.url, "credentialsSecretRef": {"name": "ivm"}},
            "siteId": 42,
            "scanName": "Weekly Security Audit",
            "pollInterval": "1s",
        },
    }
    flux.apply(path, manifest, force=True)
    obj = _wait(cluster, namespace, "gitops", _ready_reason("ScanFinished"))

    owners: dict[str, set[str]] = {}
    for entry in obj["metadata"]["managedFields"]:
        owners.setdefault(entry["manager"], set()).update(k.removeprefix("f:") for k in entry.get("fieldsV1") or {})
    assert {m for m, fields in owners.items() if "spec" in fields} == {"kustomize-controller"}, owners
    assert "status" in owners[FIELD_MANAGER] and "status" not in owners["kustomize-controller"]

    # The next reconciliation of the Kustomization re-applies the same manifest, without force: no conflict,
    # no new generation, the status stays and the console sees no second scan.
    again = flux.apply(path, manifest)
    assert again is not None and again["metadata"]["generation"] == obj["metadata"]["generation"]
    assert again["status"]["scanStatus"] == "finished" and again["status"]["scanId"] == obj["status"]["scanId"]
    time.sleep(1.5)
    assert len(console.scans) == 1


def _server_minor(cluster: LocalCluster) -> int:
    version = json.loads(cluster.kubectl("get", "--raw", "/version"))
    return int(str(version["minor"]).rstrip("+"))


def test_timeout_not_longer_than_poll_interval_is_refused_or_stalled(
    cluster: LocalCluster, namespace: str, console: FakeInsightVM, operator: Any
) -> None:
    """CEL refuses it at apply time where the server has CEL (1.25+); on 1.20 the operator stalls it, same message."""
    message = "spec.timeout must be longer than spec.pollInterval"
    if _server_minor(cluster) >= 25:
        with pytest.raises(Exception, match=message):
            _apply(cluster, namespace, "too-short", console, timeout="30s", pollInterval="1m")
        return
    operator()
    _apply(cluster, namespace, "too-short", console, timeout="30s", pollInterval="1m")
    obj = _wait(cluster, namespace, "too-short", lambda o: _condition(o, "Stalled").get("status") == "True")
    stalled = _condition(obj, "Stalled")
    assert stalled["reason"] == "InvalidSpec" and message in stalled["message"], stalled
    assert console.scans == {}
