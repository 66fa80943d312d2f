"""`make serve` (python -m scanner_operator.testing.localgateway): starts the whole stack, prints the URL, serves
the key from PHOENIX_SCANNER_API_KEY, imports an upload, and stops on SIGTERM (by PID)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from scanner_operator.testing.localcluster import free_port

from .helpers import REPO, TRIVY, wait_job

pytestmark = [pytest.mark.cluster, pytest.mark.slow]


def test_make_serve_starts_everything_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PHOENIX_GATEWAY_PORT": str(port), "PHOENIX_SCANNER_API_KEY": "serve-test-key"}
    for name in ("PHOENIX_API_URL", "PHOENIX_CLIENT_ID", "PHOENIX_CLIENT_SECRET"):
        env.pop(name, None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scanner_operator.testing.localgateway"], cwd=REPO, env=env, stdout=out, stderr=out
        )
    try:
        url = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and url is None:
            assert proc.poll() is None, log.read_text()
            match = re.search(r"Phoenix Scanner Service API: (http://127\.0\.0\.1:\d+)", log.read_text())
            url = match.group(1) if match else None
            time.sleep(0.5)
        assert url == f"http://127.0.0.1:{port}", log.read_text()
        assert "X-API-Key: serve-test-key" in log.read_text()
        health = requests.get(f"{url}/api/v1/health", timeout=10).json()
        assert health["operator"]["state"] == "running"
        upload = requests.post(
            f"{url}/api/v1/upload",
            headers={"X-API-Key": "serve-test-key"},
            files={"file": TRIVY.open("rb")},
            data={"scanner_type": "trivy"},
            timeout=30,
        )
        assert upload.status_code == 200, upload.text
        job = wait_job(url, "serve-test-key", upload.json()["job_id"])
        assert job["status"] == "completed" and job["vulnerabilities_imported"] == 3
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, log.read_text()
