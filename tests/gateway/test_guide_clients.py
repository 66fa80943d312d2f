"""The user guide's client code and scripts, unchanged but for URL and key, against the gateway: every job reaches
`completed` with the counts the parser gives, and the findings are in the Phoenix stand-in."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests

from .conftest import Stack
from .guide import block, localize, write_script
from .helpers import GRYPE, NESSUS, TRIVY, expected_counts, wait_job

pytestmark = pytest.mark.cluster


def phoenix_of(stack: Stack) -> tuple[str, str, str]:
    return stack.fake.url, stack.fake.client_id, stack.fake.client_secret


def guide_namespace(stack: Stack, code: str, **more: str) -> dict[str, Any]:
    scope: dict[str, Any] = {"__name__": "guide"}
    code = localize(code, url=stack.url, api_key=stack.api_key, phoenix=phoenix_of(stack), **more)
    exec(compile(code, "guide", "exec"), scope)  # noqa: S102 - the guide's own example code
    return scope


def assert_in_phoenix(stack: Stack, job: dict[str, Any], findings: int) -> None:
    assessment = job["assessment_name"]
    assert assessment, job
    assert len(stack.fake.findings(assessment)) == findings


def test_complete_python_client_imports_three_formats(
    stack: Stack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = block("### Complete Python Client", "python")
    monkeypatch.chdir(tmp_path)
    shutil.copy(TRIVY, tmp_path / "trivy-scan.json")
    # The guide's whole example, usage included: upload trivy-scan.json, stream its logs, print the final counts.
    guide_namespace(stack, code)
    out = capsys.readouterr().out
    job_id = re.search(r"Job ID: (job-[a-f0-9]+)", out)
    assert job_id is not None, out
    assert "✅ Completed!" in out
    assets, findings = expected_counts(TRIVY, "trivy", tmp_path)
    assert f"Assets imported: {assets}" in out and f"Vulnerabilities: {findings}" in out
    trivy_job = wait_job(stack.url, stack.api_key, job_id.group(1))
    assert trivy_job["status"] == "completed"
    assert_in_phoenix(stack, trivy_job, findings)

    # The same class for the two other formats (an XML Nessus report, auto-detected; a Grype report).
    client_code = code.split("# Usage", 1)[0]
    scope = guide_namespace(stack, client_code)
    client = scope["PhoenixScannerClient"](
        api_url=stack.url,
        api_key=stack.api_key,
        phoenix_client_id=stack.fake.client_id,
        phoenix_secret=stack.fake.client_secret,
        phoenix_api_url=stack.fake.url,
    )
    for path, scanner in ((NESSUS, "auto"), (GRYPE, "grype")):
        result = client.upload_file(str(path), scanner_type=scanner, assessment_name=f"gw-{path.stem}")
        assert result["status"] == "queued" and result["websocket_url"].endswith(f"/ws/{result['job_id']}")
        seen: list[dict[str, Any]] = []

        def callback(data: dict[str, Any], seen: list[dict[str, Any]] = seen) -> bool:
            seen.append(data)
            return data["type"] not in ("complete", "error")

        asyncio.run(client.stream_logs(result["job_id"], callback))
        assert seen[-1]["type"] == "complete", seen[-3:]
        assert any(m["type"] == "log" for m in seen) and any(m["type"] == "progress" for m in seen)
        final = client.get_job_status(result["job_id"])
        assets, findings = expected_counts(path, scanner, tmp_path)
        assert final["status"] == "completed", final
        assert (final["assets_imported"], final["vulnerabilities_imported"]) == (assets, findings)
        assert seen[-1]["data"]["vulnerabilities_imported"] == findings
        assert final["filename"] == path.name and final["progress"] == 100
        assert final["assessment_name"] == f"gw-{path.stem}"
        assert_in_phoenix(stack, final, findings)


def test_polling_loop_and_websocket_loop(stack: Stack, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upload = requests.post(
        f"{stack.url}/api/v1/upload",
        headers={"X-API-Key": stack.api_key},
        files={"file": GRYPE.open("rb")},
        data={
            "scanner_type": "grype",
            "phoenix_client_id": stack.fake.client_id,
            "phoenix_client_secret": stack.fake.client_secret,
            "phoenix_api_url": stack.fake.url,
        },
        timeout=30,
    )
    assert upload.status_code == 200, upload.text
    job_id = upload.json()["job_id"]
    # The WebSocket loop of "Real-time Log Streaming": it ends on `complete`.
    guide_namespace(stack, block("### Real-time Log Streaming (WebSocket)", "python"), **{"job-abc123def456": job_id})
    ws_out = capsys.readouterr().out
    assets, findings = expected_counts(GRYPE, "grype", tmp_path)
    assert f"✅ Completed! Assets: {assets}, Vulnerabilities: {findings}" in ws_out, ws_out
    assert "Progress:" in ws_out and "[INFO]" in ws_out
    # The polling loop of "Using Python" on the finished job.
    guide_namespace(stack, block("#### Using Python", "python"), **{"job-abc123def456": job_id})
    poll_out = capsys.readouterr().out
    assert "Status: completed - Progress: 100.0%" in poll_out
    assert f"✅ Success! Imported {assets} assets" in poll_out


@pytest.mark.parametrize("heading", ["### Batch Processing", "### Bash Script for Automated Scanning"])
def test_bash_batch_scripts(stack: Stack, tmp_path: Path, heading: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    scans = tmp_path / "scans"
    scans.mkdir()
    samples = [TRIVY, GRYPE.parent.parent / "trivy" / "issue_9333.json"]
    for i, sample in enumerate(samples):
        shutil.copy(sample, scans / f"scan-{i}.json")
    code = localize(block(heading, "bash"), url=stack.url, api_key=stack.api_key, phoenix=phoenix_of(stack))
    script = write_script(tmp_path, "batch.sh", code)
    run = subprocess.run(["bash", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    job_ids = re.findall(r"job-[a-f0-9]{16}", run.stdout)
    assert len(set(job_ids)) == len(samples), run.stdout
    if heading.startswith("### Bash Script"):
        assert (tmp_path / "jobs.txt").read_text().split() == job_ids[: len(samples)]
    for job_id in dict.fromkeys(job_ids):
        job = wait_job(stack.url, stack.api_key, job_id)
        assert job["status"] == "completed", job
        path = scans / str(job["filename"])
        assets, findings = expected_counts(path, "trivy", tmp_path)
        assert (job["assets_imported"], job["vulnerabilities_imported"]) == (assets, findings)
        assert_in_phoenix(stack, job, findings)


def test_broken_report_fails_with_an_actionable_message(stack: Stack) -> None:
    broken = TRIVY.read_bytes()[:700]
    upload = requests.post(
        f"{stack.url}/api/v1/upload",
        headers={"X-API-Key": stack.api_key},
        files={"file": ("broken-trivy.json", broken)},
        data={"scanner_type": "trivy"},
        timeout=30,
    )
    assert upload.status_code == 200, upload.text
    job = wait_job(stack.url, stack.api_key, upload.json()["job_id"])
    assert job["status"] == "failed", job
    message = job["error_message"]
    assert "InvalidReport" in message and "broken-trivy.json" in message and "Fix the report" in message, message
    assert job["completed_at"] and job["vulnerabilities_imported"] in (None, 0)
