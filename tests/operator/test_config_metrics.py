"""Operator defaults from env and flags; metrics on /metrics; the Job slot limit."""

from __future__ import annotations

import argparse
import socket
import urllib.request

from scanner_operator import config as configuration
from scanner_operator import metrics
from scanner_operator.handlers.context import JobSlots


def test_env_then_flags() -> None:
    env = {
        "PHOENIX_SCANNER_PHOENIX_API_URL": "https://phoenix.example",
        "PHOENIX_SCANNER_CREDENTIALS_SECRET": "team-creds",
        "PHOENIX_SCANNER_NAMESPACES": "security, payments",
        "PHOENIX_SCANNER_MAX_CONCURRENT_JOBS": "7",
        "PHOENIX_SCANNER_JOB_RESOURCES": '{"limits": {"memory": "2Gi"}}',
        "PHOENIX_SCANNER_ALLOW_PRIVATE_WEBHOOKS": "true",
        "PHOENIX_SCANNER_JOB_TTL_SECONDS": "",
    }
    cfg = configuration.from_env(env)
    assert cfg.phoenix_api_url == "https://phoenix.example"
    assert cfg.credentials_secret == "team-creds"
    assert cfg.namespaces == ("security", "payments")
    assert cfg.max_concurrent_jobs == 7
    assert cfg.job_resources == {"limits": {"memory": "2Gi"}}
    assert cfg.allow_private_webhooks is True
    assert cfg.job_ttl_seconds is None
    parser = argparse.ArgumentParser()
    configuration.add_flags(parser)
    args = parser.parse_args(["--namespace", "only", "--max-concurrent-jobs", "3", "--image", "reg/op:2"])
    flagged = configuration.from_args(args, env)
    assert flagged.namespaces == ("only",)
    assert flagged.max_concurrent_jobs == 3 and flagged.image == "reg/op:2"
    assert flagged.phoenix_api_url == "https://phoenix.example", "env kept where no flag is given"


def test_phoenix_api_url_also_read_from_the_workers_variable() -> None:
    assert configuration.from_env({"PHOENIX_API_URL": "https://x.example"}).phoenix_api_url == "https://x.example"
    assert configuration.from_env({}).phoenix_api_url == "https://api.securityphoenix.cloud"


def test_metrics_are_served_with_the_documented_names() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = metrics.serve(port, addr="127.0.0.1")
    try:
        metrics.record_import("succeeded", "trivy", 12.5, 42)
        metrics.RECONCILE_TOTAL.labels(kind="ScanImport", result="created").inc()
        metrics.PHOENIX_API_REQUESTS.labels(status="200").inc()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    finally:
        server.shutdown()
    assert 'phoenix_scanner_build_info{python="' in text
    assert 'phoenix_scanner_imports_total{format="trivy",result="succeeded"}' in text
    assert 'phoenix_scanner_reconcile_total{kind="ScanImport",result="created"}' in text
    assert "phoenix_scanner_import_duration_seconds_bucket" in text
    assert "phoenix_scanner_findings_imported_total" in text
    assert 'phoenix_scanner_phoenix_api_requests_total{status="200"}' in text


def test_job_slots_bound_concurrent_jobs() -> None:
    slots = JobSlots(2)
    assert slots.try_reserve("ns", "a") and slots.try_reserve("ns", "b")
    assert not slots.try_reserve("ns", "c")
    assert slots.try_reserve("ns", "a"), "a reserved Job keeps its slot"
    slots.release("ns", "a")
    assert slots.try_reserve("ns", "c")
    assert slots.active == 2
