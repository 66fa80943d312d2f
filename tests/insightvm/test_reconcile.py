"""The pure InsightVMScan reconcile: crash safety, state steering, timeout, terminal outcomes, export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scanner_operator import conditions as cond
from scanner_operator.reconcile import insightvm as rec

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
SPEC: dict[str, Any] = {
    "console": {"url": "https://ivm:3780", "credentialsSecretRef": {"name": "ivm"}},
    "siteId": 42,
    "scanName": "Weekly",
    "state": "Running",
    "pollInterval": "30s",
}


def _observed(spec: dict[str, Any] | None = None, status: dict[str, Any] | None = None, **kw: Any) -> rec.Observed:
    return rec.Observed(
        name="weekly",
        namespace="sec",
        uid=UID,
        generation=kw.pop("generation", 1),
        spec=spec or SPEC,
        status=status or {},
        now=kw.pop("now", NOW),
        **kw,
    )


def _scan(state: str, scan_id: int = 7, **kw: Any) -> rec.ScanView:
    return rec.ScanView(id=scan_id, status=state, name="Weekly", assets=3, vulnerabilities={"total": 5}, **kw)


def _recorded(**extra: Any) -> dict[str, Any]:
    return {"scanId": 7, "scanKey": rec.scan_key(SPEC), "startedAt": cond.rfc3339(NOW), **extra}


def _ready(decision: rec.Decision) -> dict[str, Any]:
    found = cond.find(decision.status["conditions"], cond.READY)
    assert found is not None
    return found


def test_never_starts_without_a_lookup() -> None:
    decision = rec.reconcile(_observed())
    assert decision.of_type(rec.StartScan) == []
    assert _ready(decision)["reason"] == "LookingUpScan"


def test_starts_after_an_empty_lookup_with_a_unique_name() -> None:
    decision = rec.reconcile(_observed(lookup_done=True, generation=3))
    (start,) = decision.of_type(rec.StartScan)
    assert start.site_id == 42
    assert start.scan_name == "Weekly [k8s 0f1e2d3c4b5a-g3]"
    assert start.engine_id is None and start.hosts == []


def test_pending_intent_keeps_its_name_across_generations() -> None:
    intent = {"scanName": "Weekly [k8s 0f1e2d3c4b5a-g1]", "scanKey": rec.scan_key(SPEC), "scanId": None}
    name = rec.planned_scan_name({**SPEC, "state": "Paused"}, intent, "weekly", UID, 2)
    assert name == "Weekly [k8s 0f1e2d3c4b5a-g1]"
    assert rec.planned_scan_name({**SPEC, "hosts": ["10.0.0.1"]}, intent, "weekly", UID, 2).endswith("-g2]")


def test_state_and_timing_fields_do_not_change_the_scan_key() -> None:
    assert rec.scan_key(SPEC) == rec.scan_key({**SPEC, "state": "Paused", "timeout": "1h", "pollInterval": "5s"})
    assert rec.scan_key(SPEC) != rec.scan_key({**SPEC, "hosts": ["10.0.0.1"]})


def test_adopted_scan_is_recorded_not_restarted() -> None:
    decision = rec.reconcile(_observed(scan=_scan("running"), adopted=True))
    assert decision.of_type(rec.StartScan) == []
    assert decision.status["scanId"] == 7 and decision.status["scanKey"] == rec.scan_key(SPEC)
    assert [e.reason for e in decision.of_type(rec.EmitEvent)] == ["ScanAdopted"]


def test_console_unreachable_is_a_retry_not_a_start() -> None:
    problem = rec.ConsoleProblem("ConsoleUnreachable", "ConnectError")
    decision = rec.reconcile(_observed(status=_recorded(), problem=problem))
    assert decision.of_type(rec.StartScan) == []
    assert cond.is_true(decision.status["conditions"], cond.RECONCILING)
    assert _ready(decision)["status"] == cond.UNKNOWN
    assert decision.status["scanId"] == 7  # kept


def test_auth_failure_stalls() -> None:
    problem = rec.ConsoleProblem("ConsoleAuthFailed", "HTTP 401", permanent=True)
    decision = rec.reconcile(_observed(status=_recorded(), problem=problem))
    assert cond.is_true(decision.status["conditions"], cond.STALLED)
    assert not rec.needs_polling(SPEC, decision.status)


def test_running_scan_is_mirrored() -> None:
    decision = rec.reconcile(_observed(status=_recorded(), scan=_scan("running", engine_name="Local")))
    assert decision.status["scanStatus"] == "running"
    assert decision.status["assets"] == 3 and decision.status["vulnerabilities"]["total"] == 5
    assert decision.status["engineName"] == "Local"
    assert _ready(decision)["reason"] == "ScanRunning"
    assert rec.needs_polling(SPEC, decision.status)


def test_spec_state_steers_the_scan() -> None:
    paused_spec = {**SPEC, "state": "Paused"}
    steer = {
        ("Paused", "running"): [rec.SetScanStatus(7, "pause")],
        ("Paused", "dispatched"): [],
        ("Running", "paused"): [rec.SetScanStatus(7, "resume")],
        ("Stopped", "running"): [rec.SetScanStatus(7, "stop")],
        ("Stopped", "paused"): [rec.SetScanStatus(7, "stop")],
        ("Stopped", "integrating"): [],
        ("Running", "running"): [],
    }
    for (desired, state), expected in steer.items():
        spec = paused_spec if desired == "Paused" else {**SPEC, "state": desired}
        decision = rec.reconcile(_observed(spec=spec, status=_recorded(), scan=_scan(state)))
        assert decision.of_type(rec.SetScanStatus) == expected, (desired, state)
    paused = rec.reconcile(_observed(spec=paused_spec, status=_recorded(), scan=_scan("paused")))
    assert _ready(paused)["status"] == cond.TRUE and _ready(paused)["reason"] == "Paused"


def test_timeout_stops_and_stalls() -> None:
    spec = {**SPEC, "timeout": "1h"}
    status = _recorded(startedAt=cond.rfc3339(NOW - timedelta(hours=2)))
    decision = rec.reconcile(_observed(spec=spec, status=status, scan=_scan("running")))
    assert decision.of_type(rec.SetScanStatus) == [rec.SetScanStatus(7, "stop")]
    assert decision.status["timedOut"] is True
    assert cond.is_true(decision.status["conditions"], cond.STALLED)
    assert _ready(decision)["reason"] == "ScanTimedOut"
    # Once stopped, it stays Stalled and stops polling.
    after = rec.reconcile(_observed(spec=spec, status=decision.status, scan=_scan("stopped")))
    assert after.of_type(rec.SetScanStatus) == [] and _ready(after)["reason"] == "ScanTimedOut"
    assert not rec.needs_polling(spec, after.status)


def test_terminal_outcomes() -> None:
    finished = rec.reconcile(_observed(status=_recorded(), scan=_scan("finished")))
    assert _ready(finished)["status"] == cond.TRUE and not rec.needs_polling(SPEC, finished.status)
    for state, reason in (("error", "ScanFailed"), ("aborted", "ScanAborted"), ("stopped", "ScanStopped")):
        decision = rec.reconcile(_observed(status=_recorded(), scan=_scan(state, message="engine lost")))
        assert cond.is_true(decision.status["conditions"], cond.STALLED), state
        assert _ready(decision)["reason"] == reason
    asked = rec.reconcile(_observed(spec={**SPEC, "state": "Stopped"}, status=_recorded(), scan=_scan("stopped")))
    assert _ready(asked)["status"] == cond.TRUE


def test_export_after_finish_then_ready() -> None:
    spec = {**SPEC, "exportToPhoenix": {"enabled": True}}
    status = {**_recorded(), "scanKey": rec.scan_key(spec)}
    first = rec.reconcile(_observed(spec=spec, status=status, scan=_scan("finished")))
    assert first.of_type(rec.ExportScan) == [rec.ExportScan(7)]
    assert _ready(first)["status"] == cond.FALSE
    done = {"scanImport": "weekly-scan-7", "configMap": "weekly-scan-7"}
    second = rec.reconcile(_observed(spec=spec, status=first.status, scan=_scan("finished"), export_done=done))
    assert second.of_type(rec.ExportScan) == []
    assert second.status["export"] == done
    assert _ready(second)["status"] == cond.TRUE
    assert cond.is_true(second.status["conditions"], rec.EXPORT_CONDITION)


def test_events_only_on_transitions() -> None:
    first = rec.reconcile(_observed(status=_recorded(), scan=_scan("finished")))
    again = rec.reconcile(_observed(status=first.status, scan=_scan("finished")))
    assert [e.reason for e in first.of_type(rec.EmitEvent)] == ["ScanFinished"]
    assert again.of_type(rec.EmitEvent) == []


def test_due_follows_the_poll_interval() -> None:
    status = {"lastPolledAt": cond.rfc3339(NOW)}
    assert not rec.due(status, SPEC, NOW + timedelta(seconds=10))
    assert rec.due(status, SPEC, NOW + timedelta(seconds=30))
    assert rec.due({}, SPEC, NOW)


def test_stopped_desired_before_start_starts_nothing() -> None:
    decision = rec.reconcile(_observed(spec={**SPEC, "state": "Stopped"}, lookup_done=True))
    assert decision.of_type(rec.StartScan) == [] and _ready(decision)["reason"] == "NotStarted"
