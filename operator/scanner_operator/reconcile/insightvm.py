"""InsightVMScan reconciliation as pure functions: (spec, status, what the console said) -> actions + status.

No network and no Kubernetes here; `handlers/insightvm.py` asks the console, calls these functions and applies
the actions in order. The crash-safety rules live here:

* a scan is identified by `scan_key(spec)` (the fields that define it) and started under `unique_scan_name`
  (derived from the object's uid and the generation it is started for);
* before starting, the handler must have looked the name up on the site (`Observed.lookup_done`); a scan found
  there is adopted instead of starting a second one — the operator may have died between the POST and the
  status write;
* `StartScan` is always followed, first thing, by a status patch that records `scanId`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .. import conditions as cond
from ..insightvm import statuses
from ..models_insightvm import parse_duration

EXPORT_CONDITION = "Exported"
SCAN_NAME_MAX = 255


# --- identity ----------------------------------------------------------------------------------------------------
_KEY_FIELDS = ("siteId", "templateId", "engineId", "hosts", "assetGroupIds", "overrideBlackout", "scanName")


def scan_key(spec: dict[str, Any]) -> str:
    """Digest of the fields that define the scan: changing `state`, `timeout` or `pollInterval` keeps the scan,
    changing one of these starts a new one."""
    material = {k: spec.get(k) for k in _KEY_FIELDS}
    material["console"] = (spec.get("console") or {}).get("url")
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:16]


def unique_scan_name(spec: dict[str, Any], name: str, uid: str, generation: int) -> str:
    """`<scanName or object name> [k8s <uid8>-g<generation>]`: unique per object and generation, so a scan whose
    start was not recorded can be found on the site by name."""
    base = str(spec.get("scanName") or name)
    suffix = f" [k8s {uid.replace('-', '')[:12]}-g{generation}]"
    return base[: SCAN_NAME_MAX - len(suffix)] + suffix


def planned_scan_name(spec: dict[str, Any], status: dict[str, Any], name: str, uid: str, generation: int) -> str:
    """The name to look up (and start with): a start intent recorded for this scan definition keeps its name
    across later generations (a `state` change bumps the generation but must not lose the pending scan)."""
    if status.get("scanKey") == scan_key(spec) and status.get("scanId") is None and status.get("scanName"):
        return str(status["scanName"])
    return unique_scan_name(spec, name, uid, generation)


# --- observed state ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScanView:
    """What the console says about the scan (`GET /scans/{id}`)."""

    id: int
    status: str
    name: str | None = None
    assets: int = 0
    vulnerabilities: dict[str, int] = field(default_factory=dict)
    duration: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    engine_name: str | None = None
    message: str | None = None

    @classmethod
    def from_console(cls, scan: dict[str, Any]) -> ScanView:
        vulns = scan.get("vulnerabilities") or {}
        return cls(
            id=int(scan["id"]),
            status=statuses.normalise(scan.get("status")),
            name=scan.get("scanName"),
            assets=_int(scan.get("assets")),
            vulnerabilities={k: _int(vulns.get(k)) for k in ("critical", "severe", "moderate", "total")},
            duration=scan.get("duration"),
            start_time=scan.get("startTime"),
            end_time=scan.get("endTime"),
            engine_name=scan.get("engineName"),
            message=(scan.get("message") or None),
        )


@dataclass(frozen=True)
class ConsoleProblem:
    """The console could not be asked. `permanent` problems (bad credentials, refused request) stall the object;
    the others (unreachable, 5xx, timeouts) are retried."""

    reason: str
    message: str
    permanent: bool = False


@dataclass(frozen=True)
class Observed:
    name: str
    namespace: str
    uid: str
    generation: int
    spec: dict[str, Any]
    status: dict[str, Any]
    now: datetime
    scan: ScanView | None = None  # the current scan (recorded or adopted), when known
    adopted: bool = False  # `scan` was found by its unique name, not through status.scanId
    lookup_done: bool = False  # the site was searched for the unique name and nothing was found
    problem: ConsoleProblem | None = None
    export_done: dict[str, Any] | None = None  # the handler created the child ScanImport (name, configMap, bytes)


# --- actions -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StartScan:
    site_id: int
    scan_name: str
    template_id: str | None
    engine_id: int | None
    hosts: list[str]
    asset_group_ids: list[int]
    override_blackout: bool


@dataclass(frozen=True)
class SetScanStatus:
    scan_id: int
    action: str  # pause | resume | stop


@dataclass(frozen=True)
class ExportScan:
    scan_id: int


@dataclass(frozen=True)
class PatchStatus:
    patch: dict[str, Any]


@dataclass(frozen=True)
class EmitEvent:
    type: str
    reason: str
    message: str


Action = StartScan | SetScanStatus | ExportScan | PatchStatus | EmitEvent


@dataclass
class Decision:
    result: str
    actions: list[Action] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)
    poll_soon: bool = False  # something changes shortly (a transition was requested): poll again quickly

    def of_type(self, kind: type[Any]) -> list[Any]:
        return [a for a in self.actions if isinstance(a, kind)]


# --- helpers -----------------------------------------------------------------------------------------------------
def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _mirror(scan: ScanView) -> dict[str, Any]:
    return {
        "scanId": scan.id,
        "scanStatus": scan.status,
        "assets": scan.assets,
        "vulnerabilities": {k: scan.vulnerabilities.get(k, 0) for k in ("critical", "severe", "moderate", "total")},
        "duration": scan.duration,
        "startTime": scan.start_time,
        "endTime": scan.end_time,
        "engineName": scan.engine_name,
        "message": (scan.message or None) and scan.message[:1024],
    }


def poll_interval_seconds(spec: dict[str, Any]) -> float:
    try:
        return max(1.0, parse_duration(str(spec.get("pollInterval") or "60s")))
    except ValueError:
        return 60.0


def timeout_seconds(spec: dict[str, Any]) -> float | None:
    raw = spec.get("timeout")
    if not raw:
        return None
    try:
        return parse_duration(str(raw))
    except ValueError:
        return None


def start_action(observed: Observed) -> StartScan:
    spec = observed.spec
    return StartScan(
        site_id=int(spec["siteId"]),
        scan_name=planned_scan_name(spec, observed.status, observed.name, observed.uid, observed.generation),
        template_id=spec.get("templateId") or None,
        engine_id=spec.get("engineId"),
        hosts=list(spec.get("hosts") or []),
        asset_group_ids=list(spec.get("assetGroupIds") or []),
        override_blackout=bool(spec.get("overrideBlackout")),
    )


def recorded_scan_id(spec: dict[str, Any], status: dict[str, Any]) -> int | None:
    """The scan status points at, if it belongs to the current scan definition."""
    scan_id = status.get("scanId")
    if isinstance(scan_id, int) and status.get("scanKey") == scan_key(spec):
        return scan_id
    return None


def start_intent_patch(observed: Observed, scan_name: str) -> dict[str, Any]:
    """Written before the POST: if the operator dies before it learns the id, the next pass looks this name up."""
    return {"scanId": None, "scanName": scan_name, "scanKey": scan_key(observed.spec), "timedOut": None}


def after_start_patch(observed: Observed, scan_id: int, scan_name: str) -> dict[str, Any]:
    """The status write that must follow a successful start at once (or an adoption)."""
    return {
        "scanId": scan_id,
        "scanName": scan_name,
        "scanKey": scan_key(observed.spec),
        "scanGeneration": observed.generation,
        "startedAt": cond.rfc3339(observed.now),
        "timedOut": None,
        "export": None,
        "scanStatus": None,
        "assets": None,
        "vulnerabilities": None,
        "duration": None,
        "startTime": None,
        "endTime": None,
        "engineName": None,
        "message": None,
    }


class _Builder:
    """Accumulates the status patch and conditions of one pass."""

    def __init__(self, observed: Observed) -> None:
        self.observed = observed
        self.patch: dict[str, Any] = {"observedGeneration": observed.generation}
        self.conditions = [dict(c) for c in observed.status.get("conditions") or []]
        self.actions: list[Action] = []

    def condition(self, type_: str, status: str, reason: str, message: str) -> None:
        self.conditions = cond.set_condition(
            self.conditions, type_, status, reason, message, generation=self.observed.generation, now=self.observed.now
        )

    def drop(self, type_: str) -> None:
        self.conditions = cond.remove_condition(self.conditions, type_)

    def ready(self, reason: str, message: str) -> None:
        self.condition(cond.READY, cond.TRUE, reason, message)
        self.drop(cond.RECONCILING)
        self.drop(cond.STALLED)

    def progressing(self, reason: str, message: str, ready: str = cond.FALSE) -> None:
        self.condition(cond.READY, ready, reason, message)
        self.condition(cond.RECONCILING, cond.TRUE, reason, message)
        self.drop(cond.STALLED)

    def stalled(self, reason: str, message: str) -> None:
        self.condition(cond.READY, cond.FALSE, reason, message)
        self.condition(cond.STALLED, cond.TRUE, reason, message)
        self.drop(cond.RECONCILING)

    def event_on_change(self, type_: str, reason: str, message: str) -> None:
        """Events on transitions only: when the Ready reason changes."""
        before = cond.find(self.observed.status.get("conditions"), cond.READY)
        if before is None or before.get("reason") != reason:
            self.actions.append(EmitEvent(type_, reason, message))

    def decision(self, result: str, *, poll_soon: bool = False) -> Decision:
        self.patch["conditions"] = self.conditions
        status = {**self.observed.status, **self.patch}
        return Decision(result, [*self.actions, PatchStatus(self.patch)], status, poll_soon)


# --- the reconcile function --------------------------------------------------------------------------------------
def reconcile(observed: Observed) -> Decision:
    b = _Builder(observed)
    spec, status = observed.spec, observed.status
    desired = str(spec.get("state") or "Running")
    b.patch["lastPolledAt"] = cond.rfc3339(observed.now)

    if spec.get("suspend"):
        b.patch = {"observedGeneration": observed.generation}
        return b.decision("suspended")

    if observed.problem is not None:
        problem = observed.problem
        if problem.permanent:
            b.stalled(problem.reason, problem.message)
            b.event_on_change("Warning", problem.reason, problem.message)
            return b.decision("stalled")
        b.progressing("ProgressingWithRetry", f"{problem.reason}: {problem.message}", ready=cond.UNKNOWN)
        b.event_on_change("Warning", "ProgressingWithRetry", f"{problem.reason}: {problem.message}")
        return b.decision("retry")

    scan = observed.scan
    if scan is None:
        if desired == "Stopped":
            b.ready("NotStarted", "spec.state is Stopped: no scan is started")
            return b.decision("idle")
        if not observed.lookup_done:
            # Never start without having checked the site for a scan of this generation.
            b.progressing("LookingUpScan", "Looking for a scan started earlier for this generation")
            return b.decision("lookup", poll_soon=True)
        start = start_action(observed)
        b.actions.append(start)
        b.progressing("ScanStarting", f"Starting scan {start.scan_name!r} on site {start.site_id}")
        return b.decision("start", poll_soon=True)

    b.patch.update(_mirror(scan))
    if observed.adopted or status.get("scanId") != scan.id:
        b.patch.update({k: v for k, v in after_start_patch(observed, scan.id, scan.name or "").items() if v})
        b.actions.append(EmitEvent("Normal", "ScanAdopted", f"Adopted scan {scan.id} started earlier"))

    state = scan.status
    timed_out = bool(status.get("timedOut")) and recorded_scan_id(spec, status) == scan.id
    limit = timeout_seconds(spec)
    started_at = cond.parse_time(status.get("startedAt"))
    if (
        not timed_out
        and limit is not None
        and started_at is not None
        and state not in statuses.TERMINAL
        and observed.now - started_at >= timedelta(seconds=limit)
    ):
        timed_out = True
        b.patch["timedOut"] = True
        b.actions.append(EmitEvent("Warning", "ScanTimedOut", f"Scan {scan.id} still {state} after {spec['timeout']}"))

    if timed_out:
        if state in statuses.VALID_FROM[statuses.STOP]:
            b.actions.append(SetScanStatus(scan.id, statuses.STOP))
        message = f"Scan {scan.id} did not end within spec.timeout {spec.get('timeout')}; it was stopped"
        if state not in statuses.TERMINAL:
            message = f"Scan {scan.id} did not end within spec.timeout {spec.get('timeout')}; stopping it ({state})"
        b.stalled("ScanTimedOut", message)
        return b.decision("timeout", poll_soon=state not in statuses.TERMINAL)

    if state in statuses.TERMINAL:
        return _terminal(b, observed, scan, desired)

    # Not terminal: steer it towards spec.state.
    if desired == "Stopped":
        if state in statuses.VALID_FROM[statuses.STOP]:
            b.actions.append(SetScanStatus(scan.id, statuses.STOP))
            b.progressing("Stopping", f"Stopping scan {scan.id} ({state})")
            b.event_on_change("Normal", "Stopping", f"Stopping scan {scan.id}")
            return b.decision("stop", poll_soon=True)
        b.progressing("WaitingToStop", f"Scan {scan.id} is {state}; it can be stopped once running")
        return b.decision("wait")
    if desired == "Paused":
        if state == statuses.PAUSED:
            b.ready("Paused", f"Scan {scan.id} is paused as requested")
            b.event_on_change("Normal", "Paused", f"Scan {scan.id} paused")
            return b.decision("paused")
        if state == statuses.RUNNING:
            b.actions.append(SetScanStatus(scan.id, statuses.PAUSE))
            b.progressing("Pausing", f"Pausing scan {scan.id}")
            return b.decision("pause", poll_soon=True)
        b.progressing("WaitingToPause", f"Scan {scan.id} is {state}; it can be paused once running")
        return b.decision("wait")
    # desired Running
    if state == statuses.PAUSED:
        b.actions.append(SetScanStatus(scan.id, statuses.RESUME))
        b.progressing("Resuming", f"Resuming scan {scan.id}")
        b.event_on_change("Normal", "Resuming", f"Resuming scan {scan.id}")
        return b.decision("resume", poll_soon=True)
    if state == statuses.UNKNOWN:
        b.progressing("ScanStatusUnknown", f"The console cannot tell the state of scan {scan.id} (engine unreachable?)")
        return b.decision("unknown")
    progress = f"Scan {scan.id} is {state}: {scan.assets} assets, {scan.vulnerabilities.get('total', 0)} findings"
    reason = {"dispatched": "ScanDispatched", "integrating": "ScanIntegrating"}.get(state, "ScanRunning")
    b.progressing(reason, progress)
    return b.decision("running")


def _terminal(b: _Builder, observed: Observed, scan: ScanView, desired: str) -> Decision:
    spec, status = observed.spec, observed.status
    detail = f": {scan.message}" if scan.message else ""
    if scan.status == statuses.FINISHED:
        export = spec.get("exportToPhoenix") or {}
        if export.get("enabled"):
            done = observed.export_done or (status.get("export") or {})
            if done.get("scanImport"):
                if observed.export_done:
                    b.patch["export"] = observed.export_done
                    b.actions.append(
                        EmitEvent(
                            "Normal", "Exported", f"Results of scan {scan.id} go to ScanImport {done['scanImport']}"
                        )
                    )
                b.condition(EXPORT_CONDITION, cond.TRUE, "ScanImportCreated", f"ScanImport {done['scanImport']}")
            else:
                b.actions.append(ExportScan(scan.id))
                b.condition(EXPORT_CONDITION, cond.FALSE, "Exporting", "Exporting the scan's results")
                b.progressing("Exporting", f"Scan {scan.id} finished; exporting its results to Phoenix")
                return b.decision("export", poll_soon=True)
        message = f"Scan {scan.id} finished: {scan.assets} assets, {scan.vulnerabilities.get('total', 0)} findings"
        b.ready("ScanFinished", message)
        b.event_on_change("Normal", "ScanFinished", message)
        return b.decision("finished")
    if scan.status == statuses.STOPPED:
        if desired == "Stopped":
            b.ready("ScanStopped", f"Scan {scan.id} stopped as requested")
            b.event_on_change("Normal", "ScanStopped", f"Scan {scan.id} stopped")
            return b.decision("stopped")
        message = f"Scan {scan.id} was stopped outside the operator{detail}; a stopped scan cannot be resumed"
        b.stalled("ScanStopped", message)
        b.event_on_change("Warning", "ScanStopped", message)
        return b.decision("stalled")
    reason = "ScanFailed" if scan.status == statuses.ERROR else "ScanAborted"
    message = f"Scan {scan.id} ended {scan.status}{detail}"
    b.stalled(reason, message)
    b.event_on_change("Warning", reason, message)
    return b.decision("stalled")


def needs_polling(spec: dict[str, Any], status: dict[str, Any]) -> bool:
    """False once the object has settled: a terminal outcome or a permanent problem. A spec change reconciles
    through the update handler anyway; a paused scan keeps being watched (someone may act on the console)."""
    if spec.get("suspend"):
        return False
    conditions = status.get("conditions")
    ready = cond.find(conditions, cond.READY)
    if ready is None or cond.is_true(conditions, cond.RECONCILING):
        return True
    if cond.is_true(conditions, cond.STALLED):
        # Stalled on a timeout keeps going until the stop has landed; other stalls wait for a spec change.
        return ready.get("reason") == "ScanTimedOut" and status.get("scanStatus") not in statuses.TERMINAL
    return ready.get("reason") == "Paused"


def due(status: dict[str, Any], spec: dict[str, Any], now: datetime) -> bool:
    """Whether the per-object poll interval has passed since the last poll."""
    last = cond.parse_time(status.get("lastPolledAt"))
    return last is None or (now - last).total_seconds() >= poll_interval_seconds(spec) - 0.5
