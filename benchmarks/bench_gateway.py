"""The Scanner Service API gateway under load (a benchmark, not a test): N uploads at once through
`POST /api/v1/upload`, then the time until every job is `completed`, and the gateway's peak RSS.

Everything runs on 127.0.0.1: the local API server, the operator (`phoenix-scanner run`) and the gateway
(`phoenix-scanner serve`) as their own processes, the local Job runner, FakePhoenix. Reports rotate through three
formats (Trivy JSON, Nessus XML, Grype JSON). `--worker real` runs the real worker for every job (it downloads the
report from the gateway's internal URL and imports it into FakePhoenix; on 2 cores that is dominated by starting N
Python processes); `--worker true` runs /bin/true and so measures the gateway and the operator alone.

    .venv/bin/python benchmarks/bench_gateway.py [--count 200] [--worker real|true] [--parallel 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

from scanner_operator.gateway.jobs_view import job_status
from scanner_operator.kube import Kube
from scanner_operator.testing.fake_phoenix import FakePhoenix
from scanner_operator.testing.gateway import GatewayProcess, install_key, jobs_of
from scanner_operator.testing.jobrunner import LocalJobRunner
from scanner_operator.testing.localcluster import free_port, start_temporary

REPO = Path(__file__).resolve().parents[1]
NAMESPACE = "bench"
KEY = "bench-key-0123456789"
REPORTS = [
    (REPO / "examples" / "demo" / "trivy-report.json", "trivy"),
    (REPO / "examples" / "demo" / "scan.nessus", "auto"),
    (REPO.parent / "shared" / "corpus" / "defectdojo" / "anchore_grype" / "many_vulns4.json", "grype"),
]


class PeakRss:
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
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--worker", choices=["true", "real"], default="real")
    parser.add_argument("--parallel", type=int, default=4, help="Job processes at once in the local runner")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    reports = [(p, s) for p, s in REPORTS if p.is_file()]

    cluster = start_temporary(prefix="phoenix-bench-gw-")
    cluster.use_as_default()
    operator: subprocess.Popen[bytes] | None = None
    runner: LocalJobRunner | None = None
    gateway: GatewayProcess | None = None
    data = Path(tempfile.mkdtemp(prefix="phoenix-bench-gw-data-"))
    try:
        cluster.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
        cluster.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")
        kube = Kube(cluster.api_client())
        kube.request("POST", "/api/v1/namespaces", {"metadata": {"name": NAMESPACE}})
        install_key(
            kube, "phoenix-scanner", "phoenix-scanner-gateway-keys", key_id="bench", bound_namespace=NAMESPACE, key=KEY
        )
        with FakePhoenix(record=False) as fake:
            kube.request(
                "POST",
                f"/api/v1/namespaces/{NAMESPACE}/secrets",
                {
                    "metadata": {"name": "phoenix-api"},
                    "stringData": {"clientId": fake.client_id, "clientSecret": fake.client_secret},
                },
            )
            liveness = free_port()
            env = {
                **os.environ,
                "KUBECONFIG": str(cluster.kubeconfig),
                "PHOENIX_SCANNER_PHOENIX_API_URL": fake.url,
                "PHOENIX_SCANNER_NAMESPACES": NAMESPACE,
                "PHOENIX_SCANNER_MAX_CONCURRENT_JOBS": str(max(args.parallel * 2, 8)),
                "PHOENIX_SCANNER_QUEUE_RECHECK_SECONDS": "1",
                "PHOENIX_SCANNER_METRICS_PORT": str(free_port()),
                "PHOENIX_SCANNER_LIVENESS_PORT": str(liveness),
                "PYTHONWARNINGS": "ignore",
            }
            operator = subprocess.Popen(
                [str(Path(sys.executable).parent / "phoenix-scanner"), "run"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            override = [shutil.which("true") or "/bin/true"] if args.worker == "true" else None
            runner = LocalJobRunner(
                Kube(cluster.api_client()), cluster.kubeconfig, max_parallel=args.parallel, command_override=override
            ).start()
            gateway = GatewayProcess(
                cluster.kubeconfig,
                data,
                port=free_port(),
                env={
                    "PHOENIX_GATEWAY_OPERATOR_HEALTH_URL": f"http://127.0.0.1:{liveness}/healthz",
                    "PYTHONWARNINGS": "ignore",
                },
            ).start()
            rss = PeakRss(gateway.pid)
            idle_rss = psutil.Process(gateway.pid).memory_info().rss
            time.sleep(3.0)  # the operator's watches are up
            session = requests.Session()
            session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=args.count))
            failures: list[str] = []

            def upload(i: int) -> str | None:
                path, scanner = reports[i % len(reports)]
                with path.open("rb") as f:
                    response = session.post(
                        f"{gateway.url}/api/v1/upload",  # type: ignore[union-attr]
                        headers={"X-API-Key": KEY},
                        files={"file": (f"{i:04d}-{path.name}", f)},
                        data={"scanner_type": scanner},
                        timeout=300,
                    )
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")
                    return None
                return str(response.json()["job_id"])

            start = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.count) as pool:  # all at once
                ids = [j for j in pool.map(upload, range(args.count)) if j]
            uploaded = time.monotonic() - start
            done_at = None
            counts: dict[str, int] = {}
            while time.monotonic() - start < args.timeout:
                counts = {}
                for obj in jobs_of(kube, NAMESPACE):
                    state = job_status(obj)
                    counts[state] = counts.get(state, 0) + 1
                if counts.get("completed", 0) + counts.get("failed", 0) >= len(ids):
                    done_at = time.monotonic() - start
                    break
                time.sleep(1.0)
            peak = rss.stop()
            print(
                f"uploads                        {args.count:>8d}   ({len(failures)} refused) of {len(reports)} formats"
            )
            print(f"upload wall time               {uploaded:8.1f} s")
            print(f"uploads/s                      {len(ids) / uploaded:8.1f}")
            print(f"worker                         {args.worker:>8s}   (local runner, {args.parallel} at once)")
            print(f"time until all completed       {'   (timed out)' if done_at is None else f'{done_at:8.1f} s'}")
            print(f"jobs by status                 {counts}")
            print(f"gateway RSS idle / peak        {idle_rss / 2**20:8.1f} / {peak / 2**20:.1f} MiB")
            for failure in failures[:5]:
                print(f"  refused: {failure}")
            return 0 if done_at is not None and not failures and counts.get("completed", 0) == len(ids) else 1
    finally:
        if gateway is not None:
            gateway.stop()
        if runner is not None:
            runner.stop()
        if operator is not None:
            operator.terminate()
            try:
                operator.wait(timeout=20)
            except subprocess.TimeoutExpired:
                operator.kill()
        cluster.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
