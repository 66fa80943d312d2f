"""The chart's gateway RBAC allows exactly what the gateway does, from its real API calls: on an audited local API
server the gateway runs with a token bound to nothing but the chart's gateway ClusterRole, through upload (with
credentials and webhook headers, and without), get, list, the watch, cancel of a running import and delete.
Nothing is forbidden, and every granted verb is used."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from scanner_operator.kube import Kube
from scanner_operator.testing.gateway import GatewayProcess, ensure_namespace, install_key
from scanner_operator.testing.localcluster import LocalCluster, free_port
from tests.ship.chart import NAMESPACE, by_kind, render

from .helpers import TRIVY

pytestmark = pytest.mark.cluster

NS = "rbac-gateway"
NAME = "pso-phoenix-scanner-operator-gateway"
USER = f"system:serviceaccount:{NAMESPACE}:{NAME}"
KEY = "rbac-gateway-key"


@pytest.fixture(scope="module")
def audited() -> Iterator[LocalCluster]:
    groups = ("system:serviceaccounts", f"system:serviceaccounts:{NAMESPACE}", "system:authenticated")
    cluster = LocalCluster(Path(tempfile.mkdtemp(prefix="phoenix-rbac-gw-")), users={USER: groups}, audit=True).start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.workdir, ignore_errors=True)


def used_and_forbidden(cluster: LocalCluster) -> tuple[set[tuple[str, str, str]], list[str]]:
    used, forbidden = set(), []
    for event in cluster.audit_events(USER):
        ref = event.get("objectRef") or {}
        if not ref.get("resource"):
            continue
        key = (
            ref.get("apiGroup", ""),
            ref["resource"] + (f"/{ref['subresource']}" if ref.get("subresource") else ""),
            event["verb"],
        )
        if event.get("responseStatus", {}).get("code") == 403:
            forbidden.append(str(key))
        else:
            used.add(key)
    return used, forbidden


@pytest.mark.smoke
def test_gateway_rbac_is_exactly_what_it_uses(audited: LocalCluster, tmp_path: Path) -> None:
    from tests.operator.harness import REPO

    audited.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
    audited.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")
    admin = Kube(audited.api_client())
    docs = render({"gateway": {"enabled": True}})
    rbac = [
        d for d in by_kind(docs, "ClusterRole") + by_kind(docs, "ClusterRoleBinding") if d["metadata"]["name"] == NAME
    ]
    audited.kubectl(
        "apply", "--validate=false", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": rbac})
    )
    ensure_namespace(admin, NS)
    install_key(admin, NAMESPACE, f"{NAME}-keys", key_id="rbac", bound_namespace=NS, key=KEY)
    admin.request(
        "POST",
        f"/api/v1/namespaces/{NS}/secrets",
        {"metadata": {"name": "phoenix-api"}, "stringData": {"clientId": "a", "clientSecret": "b"}},
    )
    gateway = GatewayProcess(
        audited.kubeconfig_for(USER),
        tmp_path,
        port=free_port(),
        namespace=NAMESPACE,
        env={"PHOENIX_GATEWAY_KEYS_SECRET": f"{NAME}-keys"},
    )
    headers = {"X-API-Key": KEY}
    with gateway:

        def upload(data: dict[str, str]) -> str:
            response = requests.post(
                f"{gateway.url}/api/v1/upload", headers=headers, files={"file": TRIVY.open("rb")}, data=data, timeout=30
            )
            assert response.status_code == 200, response.text
            return str(response.json()["job_id"])

        with_everything = upload(
            {
                "phoenix_client_id": "id",
                "phoenix_client_secret": "secret",
                "webhook_url": "https://h.example.com/x",
                "webhook_headers": '{"X-Token": "t"}',
            }
        )
        plain = upload({})
        assert requests.get(f"{gateway.url}/api/v1/jobs/{plain}", headers=headers, timeout=10).status_code == 200
        assert requests.get(f"{gateway.url}/api/v1/jobs", headers=headers, timeout=10).json()["total"] == 2
        # a running import Job of the operator, so cancel deletes one
        job: dict[str, Any] = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": f"{with_everything}-1-abc",
                "labels": {
                    "app.kubernetes.io/managed-by": "phoenix-scanner-operator",
                    "scanner.phoenix.security/scanimport": with_everything,
                },
            },
            "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "w", "image": "x"}]}}},
        }
        admin.request("POST", f"/apis/batch/v1/namespaces/{NS}/jobs", job)
        cancelled = requests.delete(f"{gateway.url}/api/v1/jobs/{with_everything}", headers=headers, timeout=10).json()
        assert cancelled["status"] == "cancelled" and "stopped" in cancelled["message"]
        for job_id in (with_everything, plain):
            requests.delete(f"{gateway.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10)  # cancel / delete
        requests.delete(f"{gateway.url}/api/v1/jobs/{plain}", headers=headers, timeout=10)
        time.sleep(2)  # the watch sees the deletions
    used, forbidden = used_and_forbidden(audited)
    assert forbidden == []
    role = next(d for d in by_kind(docs, "ClusterRole") if d["metadata"]["name"] == NAME)
    granted = {
        (g, r, v) for rule in role["rules"] for g in rule["apiGroups"] for r in rule["resources"] for v in rule["verbs"]
    }
    assert granted - used == set(), f"granted but never used: {sorted(granted - used)}"
