"""Helpers of the gateway tests: expected counts from the parser, waiting for jobs, counting created objects."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import requests

from scanner_operator.phoenix import DryRunWriter, ImportOptions, import_report
from tests.corpus import SAMPLES

REPO = Path(__file__).resolve().parents[2]
TRIVY = REPO / "examples" / "demo" / "trivy-report.json"
NESSUS = REPO / "examples" / "demo" / "scan.nessus"
GRYPE = SAMPLES / "anchore_grype" / "many_vulns4.json"


def expected_counts(path: Path, scanner: str, tmp: Path) -> tuple[int, int]:
    """(assets, findings) the local parser and mapping give for the report."""
    result = import_report(
        path, scanner=scanner, options=ImportOptions(source_name="expected"), client=DryRunWriter(tmp / path.name)
    )
    return result.assets, result.findings


def wait_job(url: str, key: str, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = requests.get(f"{url}/api/v1/jobs/{job_id}", headers={"X-API-Key": key}, timeout=10).json()
        if body.get("status") in ("completed", "failed", "cancelled"):
            return body
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s: {body}")
