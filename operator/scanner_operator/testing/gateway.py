"""The gateway (`phoenix-scanner serve`) as a local process on 127.0.0.1, for `make serve`, tests and benchmarks.

`install_key` writes the hashed API key into the keys Secret; `GatewayProcess` starts the real console script with
the local cluster's kubeconfig, waits until /api/v1/health answers, and stops it by PID.
"""

from __future__ import annotations

import base64
import contextlib
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from ..gateway.auth import key_entry
from ..kube import Kube
from .jobrunner import default_executable


def ensure_namespace(kube: Kube, name: str) -> None:
    with contextlib.suppress(Exception):
        kube.request("POST", "/api/v1/namespaces", {"metadata": {"name": name}})


def install_key(
    kube: Kube, gateway_namespace: str, secret: str, *, key_id: str, bound_namespace: str, key: str
) -> None:
    """Add (or replace) one API key entry of the keys Secret."""
    ensure_namespace(kube, gateway_namespace)
    path = f"/api/v1/namespaces/{quote(gateway_namespace)}/secrets"
    value = base64.b64encode(key_entry(bound_namespace, key).encode()).decode()
    existing = kube.request("GET", f"{path}/{quote(secret)}")
    if existing is None:
        kube.request("POST", path, {"metadata": {"name": secret}, "data": {key_id: value}})
    else:
        kube.request(
            "PATCH",
            f"{path}/{quote(secret)}",
            {"data": {key_id: value}},
            content_type="application/merge-patch+json",
        )


class GatewayProcess:
    def __init__(
        self,
        kubeconfig: Path,
        data_dir: Path,
        *,
        port: int,
        namespace: str = "phoenix-scanner",
        env: dict[str, str] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.kubeconfig = kubeconfig
        self.data_dir = data_dir
        self.port = port
        self.namespace = namespace
        self.extra_env = dict(env or {})
        self.log_file = log_file or data_dir / "gateway.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60.0) -> GatewayProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "KUBECONFIG": str(self.kubeconfig),
            "PHOENIX_GATEWAY_NAMESPACE": self.namespace,
            "PHOENIX_GATEWAY_DATA_DIR": str(self.data_dir),
            "PHOENIX_GATEWAY_INTERNAL_URL": self.url,
            **self.extra_env,
        }
        argv = [str(default_executable()), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        log = self.log_file.open("ab")
        self.proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the gateway exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the gateway did not answer within {timeout}s: {self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def __enter__(self) -> GatewayProcess:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"GatewayProcess({self.url})"


def jobs_of(kube: Kube, namespace: str) -> list[dict[str, Any]]:
    from ..gateway.cluster import GatewayCluster

    return GatewayCluster(kube).list_jobs(namespace)
