"""Operator at scale (a benchmark, not a test): apply N ScanImports at once to the local API server and print the
time until every import Job exists, the time until every ScanImport is Ready, and the operator's peak RSS.

The operator runs as its own process (`phoenix-scanner run`), so its RSS is its own. The local Job runner plays
the kubelet. `--worker real` runs the real worker for every Job against FakePhoenix (on 2 cores that is
dominated by starting N Python processes); `--worker true` runs /bin/true, which measures the operator alone.

    .venv/bin/python benchmarks/bench_operator_scale.py [--count 1000] [--worker true|real]
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil

from scanner_operator.kube import Kube
from scanner_operator.models import API_VERSION
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.jobrunner import LocalJobRunner
from scanner_operator.testing.localcluster import start_temporary

REPO = Path(__file__).resolve().parents[1]
NAMESPACE = "bench"
REPORT = REPO / "examples" / "demo" / "trivy-report.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PeakRss:
    """Samples a process's RSS (with its children) every 100 ms."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def count_ready(kube: Kube) -> tuple[int, int]:
    listing = kube.request("GET", f"/apis/{API_VERSION}/namespaces/{NAMESPACE}/scanimports") or {}
    items = listing.get("items") or []
    ready = 0
    for obj in items:
        for c in (obj.get("status") or {}).get("conditions") or []:
            if c.get("type") == "Ready" and c.get("status") == "True":
                ready += 1
    return ready, len(items)


def count_jobs(kube: Kube) -> int:
    return len(kube.list_jobs(NAMESPACE, "app.kubernetes.io/managed-by=phoenix-scanner-operator"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--worker", choices=["true", "real"], default="true")
    parser.add_argument("--parallel", type=int, default=8, help="Job processes at once in the local runner")
    parser.add_argument("--max-concurrent-jobs", type=int, default=1000, help="the operator's Job slot limit")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()

    cluster = start_temporary(prefix="phoenix-bench-")
    cluster.use_as_default()
    operator: subprocess.Popen[bytes] | None = None
    runner: LocalJobRunner | None = None
    try:
        cluster.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
        cluster.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")
        kube = Kube(cluster.api_client())
        kube.request("POST", "/api/v1/namespaces", {"metadata": {"name": NAMESPACE}})
        with FakePhoenix(record=False) as fake:
            secret = {
                k: base64.b64encode(v.encode()).decode()
                for k, v in {"clientId": fake.client_id, "clientSecret": fake.client_secret}.items()
            }
            kube.request(
                "POST", f"/api/v1/namespaces/{NAMESPACE}/secrets", {"metadata": {"name": "phoenix-api"}, "data": secret}
            )
            kube.request(
                "POST",
                f"/api/v1/namespaces/{NAMESPACE}/configmaps",
                {"metadata": {"name": "report"}, "data": {"report.json": REPORT.read_text()}},
            )
            env = {
                **os.environ,
                "KUBECONFIG": str(cluster.kubeconfig),
                "PHOENIX_SCANNER_PHOENIX_API_URL": fake.url,
                "PHOENIX_SCANNER_NAMESPACES": NAMESPACE,
                "PHOENIX_SCANNER_MAX_CONCURRENT_JOBS": str(args.max_concurrent_jobs),
                "PHOENIX_SCANNER_METRICS_PORT": str(free_port()),
                "PHOENIX_SCANNER_LIVENESS_PORT": str(free_port()),
                "PYTHONWARNINGS": "ignore",
            }
            executable = Path(sys.executable).parent / "phoenix-scanner"
            operator = subprocess.Popen(
                [str(executable), "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            rss = PeakRss(operator.pid)
            override = [shutil.which("true") or "/bin/true"] if args.worker == "true" else None
            runner = LocalJobRunner(
                Kube(cluster.api_client()), cluster.kubeconfig, max_parallel=args.parallel, command_override=override
            ).start()
            time.sleep(3.0)  # the operator's watches are up

            def apply(i: int) -> None:
                body: dict[str, Any] = {
                    "apiVersion": API_VERSION,
                    "kind": "ScanImport",
                    "metadata": {"name": f"bench-{i:05d}"},
                    "spec": {"source": {"configMap": {"name": "report", "key": "report.json"}}, "scanner": "trivy"},
                }
                kube.request("POST", f"/apis/{API_VERSION}/namespaces/{NAMESPACE}/scanimports", body)

            # "At once": 16 concurrent clients, so the apply rate is not what is measured.
            start = time.monotonic()
            with ThreadPoolExecutor(max_workers=16) as pool:
                list(pool.map(apply, range(args.count)))
            applied = time.monotonic() - start
            jobs_at = ready_at = None
            while time.monotonic() - start < args.timeout:
                if jobs_at is None and count_jobs(kube) >= args.count:
                    jobs_at = time.monotonic() - start
                ready, _total = count_ready(kube)
                if ready >= args.count:
                    ready_at = time.monotonic() - start
                    if jobs_at is None:
                        jobs_at = ready_at
                    break
                time.sleep(1.0)
            peak = rss.stop()
            print(f"ScanImports applied        {args.count:>8d}   in {applied:8.1f} s")
            print(f"worker                     {args.worker:>8s}   (local runner, {args.parallel} at once)")
            print(f"time until all Jobs exist  {_fmt(jobs_at)}")
            print(f"time until all Ready       {_fmt(ready_at)}")
            print(f"operator peak RSS          {peak / 2**20:8.1f} MiB")
            return 0 if ready_at is not None else 1
    finally:
        if runner is not None:
            runner.stop()
        if operator is not None:
            operator.terminate()
            try:
                operator.wait(timeout=20)
            except subprocess.TimeoutExpired:
                operator.kill()
        cluster.stop()


def _fmt(seconds: float | None) -> str:
    return "   (timed out)" if seconds is None else f"{seconds:8.1f} s"


if __name__ == "__main__":
    sys.exit(main())
