"""The four examples of the replaced ScansAPI guide run unchanged (except the import line) against FakeInsightVM."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from scanner_operator.insightvm import InsightVMClient
from scanner_operator.testing.fake_insightvm import FakeInsightVM

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "insightvm"
REFERENCE = Path("/work/shared/reference/insightvm-scans-api.md")


def _run(name: str) -> dict[str, object]:
    return runpy.run_path(str(EXAMPLES / name), run_name="__main__")


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not mounted")
@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        ("weekly_audit.py", "from datetime import datetime"),
        ("monitor_active_scans.py", "# Monitor all active scans"),
        ("scan_history.py", "# Analyze scan history for a site"),
        ("emergency_stop_all.py", "# Stop all running scans (emergency)"),
    ],
)
def test_examples_are_the_guide_verbatim(name: str, first_line: str) -> None:
    """Everything after the replaced import (and the Quick Start's `client = InsightVMClient()`) is the guide's."""
    body = (EXAMPLES / name).read_text()
    body = body[body.index(first_line) :]
    assert body.strip() in REFERENCE.read_text()


def test_weekly_audit_workflow(console_env: FakeInsightVM, capsys: pytest.CaptureFixture[str]) -> None:
    # The workflow polls every 300 s: an instant console makes its first poll see the finished scan.
    console_env.auto_advance = True
    console_env.dispatch_seconds = console_env.run_seconds = console_env.integrate_seconds = 0.0
    namespace = _run("weekly_audit.py")
    out = capsys.readouterr().out
    (scan,) = console_env.scans.values()
    assert scan.name.startswith("Weekly Audit ") and scan.template_id == "full-audit-without-web-spider"
    assert f"Started scan {scan.id}" in out
    assert "Found 2 critical vulnerabilities" in out
    assert "Scan completed in PT" in out
    results = namespace["results"]
    assert isinstance(results, dict) and results["status"] == "finished" and results["assets_scanned"] == 4


def test_monitor_active_scans(console_env: FakeInsightVM, capsys: pytest.CaptureFixture[str]) -> None:
    _run("monitor_active_scans.py")
    assert capsys.readouterr().out.strip() == "No scans currently running"
    with InsightVMClient() as client:
        first = client.scans.start_site_scan(42, scan_name="DMZ nightly")
        client.scans.start_site_scan(42, scan_name="Datacenter", engine_id=5)
    console_env.advance_scan(first)
    _run("monitor_active_scans.py")
    out = capsys.readouterr().out
    assert "Monitoring 2 active scans:" in out
    assert "DMZ nightly:\n  Status: running" in out
    assert "Datacenter:\n  Status: dispatched\n  Assets: 0\n  Engine: Datacenter Engine" in out


def test_scan_history(console_env: FakeInsightVM, capsys: pytest.CaptureFixture[str]) -> None:
    ids = console_env.seed_scans(42, 7, "finished", name_prefix="history")
    console_env.seed_scans(7, 3, "finished", name_prefix="other-site")
    _run("scan_history.py")
    out = capsys.readouterr().out
    assert "Scan History for Site 42 (last 30 days):" in out
    assert "Total scans: 7" in out
    assert "Total assets scanned: 28" in out
    durations = [line for line in out.splitlines() if line.startswith("- history-")]
    assert len(durations) == 5
    assert durations[0].startswith(f"- history-{ids[-1]}: PT")  # endTime DESC: the newest first


def test_emergency_stop_all(console_env: FakeInsightVM, capsys: pytest.CaptureFixture[str]) -> None:
    namespace = _run("emergency_stop_all.py")
    assert capsys.readouterr().out == ""  # the guide leaves the call commented out
    with InsightVMClient() as client:
        running = client.scans.start_site_scan(42, scan_name="running one")
        paused = client.scans.start_site_scan(42, scan_name="paused one")
        queued = client.scans.start_site_scan(42, scan_name="queued one")
    console_env.advance_scan(running)
    console_env.advance_scan(paused)
    console_env.set_scan_state(paused, "paused")
    emergency_stop_all = namespace["emergency_stop_all"]
    assert callable(emergency_stop_all)
    emergency_stop_all()
    out = capsys.readouterr().out
    assert "Stopping 3 active scans..." in out
    assert "Stopped: 2 scans" in out and "Failed: 1 scans" in out
    assert "- queued one: InsightVM POST /api/3/scans" in out and "400" in out
    assert console_env.scan_state(running) == "stopped"
    assert console_env.scan_state(paused) == "stopped"
    assert console_env.scan_state(queued) == "dispatched"
