"""`make serve`: the Scanner Service API on 127.0.0.1:8000 over the whole product on one machine.

Starts the local control plane (etcd + kube-apiserver), a Phoenix (FakePhoenix, or the real one when
PHOENIX_CLIENT_ID, PHOENIX_CLIENT_SECRET and PHOENIX_API_URL are set), the operator with its liveness endpoint,
the local Job runner and `phoenix-scanner serve`; installs the API key from PHOENIX_SCANNER_API_KEY (default
`demo-key`) bound to the namespace `demo`, prints the URL and serves until Ctrl-C (or SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..demo import REPO, phoenix, say

NAMESPACE = "demo"
GATEWAY_NAMESPACE = "phoenix-scanner"
KEYS_SECRET = "phoenix-scanner-gateway-keys"  # noqa: S105 - a Secret's name


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def operator_thread(config: Any, liveness_port: int) -> Iterator[None]:
    import kopf

    from ..handlers import OperatorContext, build_registry, build_settings
    from ..kube import Kube

    ctx = OperatorContext(config=config, kube=Kube())
    stop = threading.Event()
    registry, settings = build_registry(ctx), build_settings(config)

    def run() -> None:
        asyncio.run(
            kopf.operator(
                registry=registry,
                settings=settings,
                standalone=True,
                namespaces=[NAMESPACE],
                stop_flag=stop,
                liveness_endpoint=f"http://127.0.0.1:{liveness_port}/healthz",
            )
        )

    thread = threading.Thread(target=run, name="operator", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
        ctx.close()


def main() -> int:
    from ..config import OperatorConfig
    from ..kube import Kube
    from .gateway import GatewayProcess, ensure_namespace, install_key
    from .jobrunner import LocalJobRunner
    from .localcluster import start_temporary

    port = int(os.environ.get("PHOENIX_GATEWAY_PORT", "8000"))
    api_key = os.environ.get("PHOENIX_SCANNER_API_KEY") or "demo-key"
    if _port_taken(port):
        say(f"127.0.0.1:{port} is in use; stop what listens there or set PHOENIX_GATEWAY_PORT")
        return 1
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())

    say("starting the local control plane (etcd + kube-apiserver v1.20.2)")
    cluster = start_temporary(prefix="phoenix-serve-")
    cluster.use_as_default()
    data_dir = Path(tempfile.mkdtemp(prefix="phoenix-gateway-"))
    try:
        cluster.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
        cluster.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")
        kube = Kube(cluster.api_client())
        ensure_namespace(kube, NAMESPACE)
        install_key(kube, GATEWAY_NAMESPACE, KEYS_SECRET, key_id="demo", bound_namespace=NAMESPACE, key=api_key)
        with phoenix() as target:
            kube.request(
                "POST",
                f"/api/v1/namespaces/{NAMESPACE}/secrets",
                {
                    "metadata": {"name": "phoenix-api"},
                    "stringData": {"clientId": target.client_id, "clientSecret": target.client_secret},
                },
            )
            config = OperatorConfig(
                phoenix_api_url=target.url,
                credentials_secret="phoenix-api",  # noqa: S106 - a Secret's name
                namespaces=(NAMESPACE,),
                retry_base_seconds=2.0,
                queue_recheck_seconds=1.0,
            )
            liveness = _free_port()
            runner = LocalJobRunner(Kube(cluster.api_client()), cluster.kubeconfig, max_parallel=2)
            gateway = GatewayProcess(
                cluster.kubeconfig,
                data_dir,
                port=port,
                namespace=GATEWAY_NAMESPACE,
                env={"PHOENIX_GATEWAY_OPERATOR_HEALTH_URL": f"http://127.0.0.1:{liveness}/healthz"},
            )
            with runner, operator_thread(config, liveness), gateway:
                say(f"Phoenix Scanner Service API: {gateway.url}   (web page /, API docs /docs)")
                say(f"API key: X-API-Key: {api_key}   (bound to namespace {NAMESPACE}; set PHOENIX_SCANNER_API_KEY)")
                if target.fake is not None:
                    say(
                        f"Phoenix stand-in: phoenix_api_url={target.url} phoenix_client_id={target.client_id} "
                        f"phoenix_client_secret={target.client_secret} (or leave them out: the default is used)"
                    )
                say(
                    f'try: curl -H "X-API-Key: {api_key}" -F file=@examples/demo/trivy-report.json '
                    f"-F scanner_type=trivy {gateway.url}/api/v1/upload"
                )
                say(f"kubeconfig of the local cluster: {cluster.kubeconfig}; Ctrl-C stops everything")
                while not stopping.wait(1.0):
                    if gateway.proc is None or gateway.proc.poll() is not None:
                        say("the gateway exited:\n" + gateway.log_tail())
                        return 1
            say("stopped")
            return 0
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
