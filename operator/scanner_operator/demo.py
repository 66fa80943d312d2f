"""`make demo`: the whole product on one machine.

Starts the local control plane (etcd + kube-apiserver), a Phoenix (FakePhoenix, or the real one when
PHOENIX_CLIENT_ID, PHOENIX_CLIENT_SECRET and PHOENIX_API_URL are set), moto's S3 server, the operator and the
local Job runner; applies two ScanImports (a Trivy report from a ConfigMap, a Nessus report from S3), waits,
prints `kubectl get scanimports -o wide` and exits 0 only when every one is Ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import API_VERSION

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "examples" / "demo"
NAMESPACE = "demo"
BUCKET = "scan-reports"
WAIT_SECONDS = 240.0


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PhoenixTarget:
    url: str
    client_id: str
    client_secret: str
    fake: Any = None


@contextlib.contextmanager
def phoenix() -> Iterator[PhoenixTarget]:
    real = [os.environ.get(k) for k in ("PHOENIX_API_URL", "PHOENIX_CLIENT_ID", "PHOENIX_CLIENT_SECRET")]
    if all(real):
        say(f"using the real Phoenix at {real[0]}")
        yield PhoenixTarget(str(real[0]), str(real[1]), str(real[2]))
        return
    from .testing.fake_phoenix import FakePhoenix

    with FakePhoenix() as fake:
        say(f"FakePhoenix on {fake.url}")
        yield PhoenixTarget(fake.url, fake.client_id, fake.client_secret, fake)


@contextlib.contextmanager
def moto_s3() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.2)
        say(f"moto S3 on {endpoint}")
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def operator_thread(config: Any) -> Iterator[None]:
    """The operator in-process: kopf.operator() on its own event loop, stopped through a flag."""
    import kopf

    from .handlers import OperatorContext, build_registry, build_settings
    from .kube import Kube

    ctx = OperatorContext(config=config, kube=Kube())
    stop = threading.Event()
    registry, settings = build_registry(ctx), build_settings(config)

    def run() -> None:
        asyncio.run(
            kopf.operator(registry=registry, settings=settings, standalone=True, namespaces=[NAMESPACE], stop_flag=stop)
        )

    thread = threading.Thread(target=run, name="operator", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
        ctx.close()


@contextlib.contextmanager
def insightvm_console() -> Iterator[tuple[str, str, str]]:
    """FakeInsightVM, or a real console when INSIGHTVM_BASE_URL, INSIGHTVM_USERNAME and INSIGHTVM_PASSWORD are set.
    Yields (url, username, password)."""
    real = [os.environ.get(k, "") for k in ("INSIGHTVM_BASE_URL", "INSIGHTVM_USERNAME", "INSIGHTVM_PASSWORD")]
    if all(real):
        say(f"using the InsightVM console at {real[0]}")
        yield real[0], real[1], real[2]
        return
    from .testing.fake_insightvm import FakeInsightVM

    with FakeInsightVM(dispatch_seconds=0.5, run_seconds=3.0, integrate_seconds=0.5, report_seconds=0.3) as fake:
        say(f"FakeInsightVM on {fake.url}")
        yield fake.url, fake.username, fake.password


def insightvmscan(console_url: str) -> dict[str, Any]:
    """The weekly audit of the InsightVMScan example, its results exported to Phoenix."""
    spec: dict[str, Any] = {
        "console": {"url": console_url, "credentialsSecretRef": {"name": "ivm"}},
        "siteId": int(os.environ.get("INSIGHTVM_SITE_ID", "42")),
        "scanName": "Weekly Security Audit",
        "state": "Running",
        "pollInterval": "2s",
        "exportToPhoenix": {"enabled": True, "importType": "merge"},
    }
    return {
        "apiVersion": API_VERSION,
        "kind": "InsightVMScan",
        "metadata": {"name": "weekly-security-audit"},
        "spec": spec,
    }


def nessus_scanner() -> str:
    """`auto` when scan_parsers reads Nessus locally; otherwise Phoenix's own translator does it."""
    from scan_parsers import all_formats

    names = {f.id.lower() for f in all_formats()}
    return "auto" if names & {"nessus", "tenable", "tenable_nessus"} else "translate:Tenable Scan"


def scanimports(s3_endpoint: str) -> list[dict[str, Any]]:
    def si(name: str, spec: dict[str, Any]) -> dict[str, Any]:
        return {"apiVersion": API_VERSION, "kind": "ScanImport", "metadata": {"name": name}, "spec": spec}

    return [
        si(
            "api-image-trivy",
            {
                "source": {"configMap": {"name": "trivy-report", "key": "report.json"}},
                "scanner": "auto",
                "assetType": "CONTAINER",
                "tags": [{"key": "team", "value": "payments"}],
            },
        ),
        si(
            "weekly-network-nessus",
            {
                "source": {
                    "s3": {
                        "bucket": BUCKET,
                        "key": "weekly/scan.nessus",
                        "endpoint": s3_endpoint,
                        "region": "us-east-1",
                        "secretRef": {"name": "s3-reader"},
                    }
                },
                "scanner": nessus_scanner(),
                "assetType": "INFRA",
                "importType": "merge",
            },
        ),
    ]


def main() -> int:
    import base64

    import boto3

    from .config import OperatorConfig
    from .kube import Kube
    from .testing.jobrunner import LocalJobRunner
    from .testing.localcluster import start_temporary

    say("starting the local control plane (etcd + kube-apiserver v1.20.2)")
    cluster = start_temporary(prefix="phoenix-demo-")
    cluster.use_as_default()
    try:
        # kubectl 1.20 validates client-side without knowing x-kubernetes-validations; the server ignores it.
        cluster.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
        cluster.kubectl("wait", "--for=condition=Established", "--all", "crd", "--timeout=60s")
        kube = Kube(cluster.api_client())
        kube.request("POST", "/api/v1/namespaces", {"metadata": {"name": NAMESPACE}})
        # poll the demo's InsightVM scan often (the operator reads this when it builds its handlers)
        os.environ.setdefault("PHOENIX_SCANNER_INSIGHTVM_TICK", "0.5")
        with phoenix() as target, moto_s3() as s3_endpoint, insightvm_console() as (ivm_url, ivm_user, ivm_pass):
            s3 = boto3.client(
                "s3",
                endpoint_url=s3_endpoint,
                region_name="us-east-1",
                aws_access_key_id="demo-reader",
                aws_secret_access_key="demo-reader-secret",  # noqa: S106 - moto accepts any key
            )
            s3.create_bucket(Bucket=BUCKET)
            s3.put_object(Bucket=BUCKET, Key="weekly/scan.nessus", Body=(SAMPLES / "scan.nessus").read_bytes())

            def secret(name: str, data: dict[str, str]) -> None:
                encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
                body = {"metadata": {"name": name}, "data": encoded}
                kube.request("POST", f"/api/v1/namespaces/{NAMESPACE}/secrets", body)

            secret("phoenix-api", {"clientId": target.client_id, "clientSecret": target.client_secret})
            secret("s3-reader", {"accessKeyId": "demo-reader", "secretAccessKey": "demo-reader-secret"})
            secret("ivm", {"username": ivm_user, "password": ivm_pass})
            kube.request(
                "POST",
                f"/api/v1/namespaces/{NAMESPACE}/configmaps",
                {
                    "metadata": {"name": "trivy-report"},
                    "data": {"report.json": (SAMPLES / "trivy-report.json").read_text()},
                },
            )
            config = OperatorConfig(
                phoenix_api_url=target.url,
                credentials_secret="phoenix-api",  # noqa: S106 - a Secret's name
                namespaces=(NAMESPACE,),
            )
            runner = LocalJobRunner(Kube(cluster.api_client()), cluster.kubeconfig, max_parallel=2)
            with runner, operator_thread(config):
                say("operator and local Job runner are running; applying the sample ScanImports")
                objects = scanimports(s3_endpoint)
                for obj in objects:
                    kube.request("POST", f"/apis/{API_VERSION}/namespaces/{NAMESPACE}/scanimports", obj)
                say("applying an InsightVMScan (the weekly security audit) against the console")
                scan = insightvmscan(ivm_url)
                kube.request("POST", f"/apis/{API_VERSION}/namespaces/{NAMESPACE}/insightvmscans", scan)
                states = wait_for_all(kube, [o["metadata"]["name"] for o in objects])
                states.update(wait_for_all(kube, ["weekly-security-audit"], plural="insightvmscans"))
                exported = (kube.get_custom(NAMESPACE, "insightvmscans", "weekly-security-audit") or {}).get(
                    "status", {}
                ).get("export") or {}
                if exported.get("scanImport"):
                    states.update(wait_for_all(kube, [exported["scanImport"]]))
            print(cluster.kubectl("get", "scanimports", "-n", NAMESPACE, "-o", "wide"), flush=True)
            print(cluster.kubectl("get", "insightvmscans", "-n", NAMESPACE, "-o", "wide"), flush=True)
            if target.fake is not None:
                say(f"FakePhoenix accepted {target.fake.accepted_imports} import request(s)")
            failed = {name: message for name, (ok, message) in states.items() if not ok}
            for name, message in failed.items():
                say(f"{name} is not Ready: {message}")
            if failed:
                return 1
            say("every demo ScanImport and the InsightVMScan are Ready")
            return 0
    finally:
        cluster.stop()


def wait_for_all(kube: Any, names: list[str], plural: str = "scanimports") -> dict[str, tuple[bool, str]]:
    """Wait until each object is Ready or Stalled (or time runs out); name -> (ready, Ready's message)."""
    deadline = time.monotonic() + WAIT_SECONDS
    states: dict[str, tuple[bool, str]] = {}
    while time.monotonic() < deadline:
        states = {}
        done = True
        for name in names:
            obj = kube.get_custom(NAMESPACE, plural, name) or {}
            conditions = {c["type"]: c for c in (obj.get("status") or {}).get("conditions") or []}
            ready = conditions.get("Ready", {})
            stalled = conditions.get("Stalled", {}).get("status") == "True"
            states[name] = (ready.get("status") == "True", str(ready.get("message", "not yet reconciled")))
            done = done and (states[name][0] or stalled)
        if done:
            break
        time.sleep(1.0)
    return states


if __name__ == "__main__":
    sys.exit(main())
