"""Helpers of the operator integration tests: apply objects, run/stop/restart the operator, wait for status."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kopf.testing import KopfRunner

from scanner_operator.config import OperatorConfig
from scanner_operator.handlers import OperatorContext, build_registry, build_settings
from scanner_operator.kube import Kube
from scanner_operator.models import API_VERSION
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.jobrunner import LocalJobRunner
from scanner_operator.testing.localcluster import LocalCluster

REPO = Path(__file__).resolve().parents[2]
PLURAL_PATH = "/apis/scanner.phoenix.security/v1alpha1/namespaces/{ns}/scanimports"
_CRDS_LOCK = threading.Lock()
JOB_CONTROLLER = "kube-controller-manager"


def apply_crds(cluster: LocalCluster) -> None:
    # kubectl 1.20's client-side validation does not know x-kubernetes-validations (the server ignores it).
    with _CRDS_LOCK:
        cluster.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
        cluster.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")


def ready(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    return condition(obj, "Ready")


def condition(obj: dict[str, Any] | None, type_: str) -> dict[str, Any] | None:
    for c in ((obj or {}).get("status") or {}).get("conditions") or []:
        if c.get("type") == type_:
            return dict(c)
    return None


def is_ready(obj: dict[str, Any] | None) -> bool:
    c = ready(obj)
    return c is not None and c["status"] == "True"


def is_stalled(obj: dict[str, Any] | None) -> bool:
    c = condition(obj, "Stalled")
    return c is not None and c["status"] == "True"


@dataclass
class Harness:
    cluster: LocalCluster
    fake: FakePhoenix
    namespace: str
    kube: Kube
    config: OperatorConfig
    runner: LocalJobRunner | None = None
    operator: KopfRunner | None = None
    operator_logs: list[str] = field(default_factory=list)
    _ctx: OperatorContext | None = None

    @classmethod
    def create(cls, cluster: LocalCluster, fake: FakePhoenix, test_name: str, **config: Any) -> Harness:
        digest = hashlib.sha256(f"{test_name}{time.time_ns()}".encode()).hexdigest()[:6]
        namespace = (re.sub(r"[^a-z0-9-]", "-", test_name.lower())[:40].strip("-") + "-" + digest).strip("-")
        kube = Kube(cluster.api_client())
        kube.request("POST", "/api/v1/namespaces", {"metadata": {"name": namespace}})
        defaults: dict[str, Any] = {
            "phoenix_api_url": fake.url,
            "credentials_secret": "phoenix-api",
            "retry_base_seconds": 1.0,
            "queue_recheck_seconds": 1.0,
            "max_attempts": 3,
            "job_deadline_seconds": 300,
            "max_concurrent_jobs": 50,
        }
        defaults.update(config)
        harness = cls(cluster, fake, namespace, kube, OperatorConfig(**defaults))
        harness.secret("phoenix-api", {"clientId": fake.client_id, "clientSecret": fake.client_secret})
        return harness

    # --- processes -------------------------------------------------------------------------------------------
    def start_runner(self, max_parallel: int = 3) -> None:
        # The runner plays the Job controller, so it writes Job status under that controller's field manager.
        self.runner = LocalJobRunner(
            Kube(self.cluster.api_client(), field_manager=JOB_CONTROLLER),
            self.cluster.kubeconfig,
            max_parallel=max_parallel,
        ).start()

    def start_operator(self) -> None:
        self._ctx = OperatorContext(config=self.config, kube=Kube(self.cluster.api_client()))
        args = ["run", "--standalone", f"--namespace={self.namespace}"]
        self.operator = KopfRunner(
            args, registry=build_registry(self._ctx), settings=build_settings(self.config), timeout=60, reraise=False
        )
        self.operator.__enter__()

    def stop_operator(self) -> None:
        if self.operator is not None:
            self.operator.__exit__(None, None, None)
            self.operator_logs.append(self.operator.output)
            self.operator = None
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def close(self) -> None:
        self.stop_operator()
        if self.runner is not None:
            self.runner.stop()

    # --- objects ---------------------------------------------------------------------------------------------
    def secret(self, name: str, data: dict[str, str]) -> None:
        encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
        self.kube.request(
            "POST", f"/api/v1/namespaces/{self.namespace}/secrets", {"metadata": {"name": name}, "data": encoded}
        )

    def configmap(self, name: str, data: dict[str, str]) -> None:
        self.kube.request(
            "POST", f"/api/v1/namespaces/{self.namespace}/configmaps", {"metadata": {"name": name}, "data": data}
        )

    def scanimport(self, name: str, spec: dict[str, Any], annotations: dict[str, str] | None = None) -> dict[str, Any]:
        body = {
            "apiVersion": API_VERSION,
            "kind": "ScanImport",
            "metadata": {"name": name, "annotations": annotations or {}},
            "spec": spec,
        }
        created = self.kube.request("POST", PLURAL_PATH.format(ns=self.namespace), body)
        assert created is not None
        return created

    def patch_scanimport(self, name: str, patch: dict[str, Any]) -> None:
        self.kube.request(
            "PATCH",
            PLURAL_PATH.format(ns=self.namespace) + f"/{name}",
            patch,
            content_type="application/merge-patch+json",
        )

    def get(self, name: str) -> dict[str, Any] | None:
        return self.kube.get_custom(self.namespace, "scanimports", name)

    def jobs(self, name: str | None = None) -> list[dict[str, Any]]:
        selector = "app.kubernetes.io/managed-by=phoenix-scanner-operator"
        if name is not None:
            selector += f",scanner.phoenix.security/scanimport={name}"
        return self.kube.list_jobs(self.namespace, selector)

    def events(self, name: str) -> list[dict[str, Any]]:
        result = self.kube.request(
            "GET",
            f"/api/v1/namespaces/{self.namespace}/events",
            query={"fieldSelector": f"involvedObject.name={name}"},
        )
        return list((result or {}).get("items") or [])

    def wait_for(
        self, name: str, predicate: Callable[[dict[str, Any] | None], bool], timeout: float = 90.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        obj = None
        while time.monotonic() < deadline:
            obj = self.get(name)
            if predicate(obj):
                assert obj is not None
                return obj
            time.sleep(0.3)
        raise AssertionError(f"{name} did not reach the expected state in {timeout}s:\n{self.describe(obj)}")

    def describe(self, obj: dict[str, Any] | None) -> str:
        status = json.dumps((obj or {}).get("status"), indent=1)
        outputs = []
        if self.runner is not None:
            for record in list(self.runner.records.values())[-3:]:
                outputs.append(f"--- {record.name} exit {record.exit_code}\n" + "\n".join(list(record.output)[-15:]))
        return status + "\n" + "\n".join(outputs)
