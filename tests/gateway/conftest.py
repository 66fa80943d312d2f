"""The gateway against the real stack: the local kube-apiserver, the operator in-process, the local Job runner,
FakePhoenix, and `phoenix-scanner serve` as its own process on 127.0.0.1. One stack per test session (starting
the operator and the gateway takes seconds); tests use their own jobs and keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner_operator.kube import Kube
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.gateway import GatewayProcess, ensure_namespace, install_key
from scanner_operator.testing.localcluster import LocalCluster, free_port
from tests.cluster import kube  # noqa: F401
from tests.fixtures.objectstores import s3_store  # noqa: F401
from tests.operator.harness import Harness, apply_crds

GATEWAY_NAMESPACE = "phoenix-scanner"
KEYS_SECRET = "phoenix-scanner-gateway-keys"
API_KEY = "test-key-" + "a1b2c3d4e5f6"
OTHER_KEY = "other-key-" + "f6e5d4c3b2a1"
MAX_UPLOAD_MB = 2


@dataclass
class Stack:
    harness: Harness
    gateway: GatewayProcess
    fake: FakePhoenix
    namespace: str
    other_namespace: str
    api_key: str = API_KEY
    other_key: str = OTHER_KEY

    @property
    def url(self) -> str:
        return self.gateway.url

    @property
    def ws_url(self) -> str:
        return "ws" + self.gateway.url[4:]

    @property
    def kube(self) -> Kube:
        return self.harness.kube


@pytest.fixture(scope="session")
def stack(kube: LocalCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:  # noqa: F811
    apply_crds(kube)
    with FakePhoenix() as fake:
        harness = Harness.create(kube, fake, "gateway")
        other = harness.namespace[:50] + "-other"
        client = Kube(kube.api_client())
        ensure_namespace(client, other)
        client.request(
            "POST",
            f"/api/v1/namespaces/{other}/secrets",
            {"metadata": {"name": "phoenix-api"}, "stringData": {"clientId": "x", "clientSecret": "y"}},
        )
        install_key(
            client, GATEWAY_NAMESPACE, KEYS_SECRET, key_id="tests", bound_namespace=harness.namespace, key=API_KEY
        )
        install_key(client, GATEWAY_NAMESPACE, KEYS_SECRET, key_id="other", bound_namespace=other, key=OTHER_KEY)
        data: Path = tmp_path_factory.mktemp("gateway")
        gateway = GatewayProcess(
            kube.kubeconfig,
            data,
            port=free_port(),
            namespace=GATEWAY_NAMESPACE,
            env={
                "PHOENIX_GATEWAY_MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
                "PHOENIX_GATEWAY_HEARTBEAT_SECONDS": "1",
                "PHOENIX_GATEWAY_KEYS_CACHE_SECONDS": "1",
            },
        )
        try:
            harness.start_runner(max_parallel=3)
            harness.start_operator()
            gateway.start()
            yield Stack(harness, gateway, fake, harness.namespace, other)
        finally:
            gateway.stop()
            harness.close()
            print(gateway.log_tail(60))
