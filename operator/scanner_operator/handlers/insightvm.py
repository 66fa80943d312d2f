"""kopf handlers of InsightVMScan: ask the console, call `reconcile.insightvm.reconcile`, apply its actions.

Polling: a timer ticks every PHOENIX_SCANNER_INSIGHTVM_TICK seconds (default 2) for objects that have not
settled, and polls the console only when the object's own `spec.pollInterval` has passed (or sooner right after
a requested transition). Create/update/resume handlers reconcile at once. Deleting stops a running or paused
scan first (`spec.stopOnDelete`, default true) behind the operator's finalizer.
"""

from __future__ import annotations

import logging
import os
import ssl
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import kopf
from pydantic import ValidationError

from ..insightvm import InsightVMClient, statuses
from ..insightvm.errors import ConsoleHTTPError, ReportGenerationError, ScanNotFinishedError
from ..insightvm.metrics import SCANS_BY_STATE, SCANS_STARTED
from ..kube import KubeError
from ..metrics import RECONCILE_TOTAL, observe_readiness
from ..models import API_VERSION, GROUP, VERSION
from ..models_insightvm import InsightVMScanSpec
from ..reconcile import insightvm as rec
from .context import OperatorContext

log = logging.getLogger(__name__)

PLURAL = "insightvmscans"
KIND = "InsightVMScan"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY = "phoenix-scanner-operator"
OWNER_LABEL = f"{GROUP}/insightvmscan"
REPORT_KEY = "report.xml"
# A ConfigMap holds at most 1 MiB; the exported report must fit with room for metadata.
MAX_CONFIGMAP_REPORT = 1_000_000
DELETE_ATTEMPTS = 12


def tick_seconds() -> float:
    return float(os.environ.get("PHOENIX_SCANNER_INSIGHTVM_TICK", "2"))


def report_timeout_seconds() -> float:
    return float(os.environ.get("PHOENIX_SCANNER_INSIGHTVM_REPORT_TIMEOUT", "3600"))


class _Problem(Exception):
    def __init__(self, problem: rec.ConsoleProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# --- console access ----------------------------------------------------------------------------------------------
def _problem_from(exc: Exception, what: str) -> rec.ConsoleProblem:
    """Classify a console failure: 401/403/400 are permanent (no retry: lockout risk, or a refused request),
    connection failures, timeouts and 5xx are transient."""
    if isinstance(exc, httpx.HTTPStatusError):
        code = exc.response.status_code
        message = exc.console_message if isinstance(exc, ConsoleHTTPError) else ""
        detail = f"{what}: HTTP {code}" + (f": {message}" if message else "")
        if code in (401, 403):
            return rec.ConsoleProblem("ConsoleAuthFailed", detail + " (check the credentials Secret)", permanent=True)
        if code == 404:
            return rec.ConsoleProblem("NotFound", detail + " (missing, or not visible to this account)", True)
        if 400 <= code < 500:
            return rec.ConsoleProblem("ConsoleRejected", detail, permanent=True)
        return rec.ConsoleProblem("ConsoleUnavailable", detail)
    if isinstance(exc, httpx.TimeoutException):
        return rec.ConsoleProblem("ConsoleTimeout", f"{what}: the console did not answer in time")
    return rec.ConsoleProblem("ConsoleUnreachable", f"{what}: {type(exc).__name__}")


def _client(ctx: OperatorContext, namespace: str, spec: dict[str, Any]) -> InsightVMClient:
    console = spec["console"]
    ref = console["credentialsSecretRef"]
    data = ctx.kube.read_secret_data(namespace, ref["name"])
    if data is None:
        raise _Problem(rec.ConsoleProblem("MissingCredentials", f"Secret {ref['name']} not found"))
    username, password = data.get(ref.get("usernameKey", "username")), data.get(ref.get("passwordKey", "password"))
    if not username or not password:
        raise _Problem(rec.ConsoleProblem("MissingCredentials", f"Secret {ref['name']} lacks the user or password"))
    token = data.get(ref["tokenKey"]) if ref.get("tokenKey") else None
    verify: bool | ssl.SSLContext = True
    if console.get("insecureSkipTLSVerify"):
        verify = False
    elif console.get("caSecretRef"):
        ca_ref = console["caSecretRef"]
        ca = (ctx.kube.read_secret_data(namespace, ca_ref["name"]) or {}).get(ca_ref.get("key", "ca.crt"))
        if not ca:
            raise _Problem(rec.ConsoleProblem("MissingCA", f"Secret {ca_ref['name']} has no CA bundle"))
        verify = ssl.create_default_context(cadata=ca)
    return InsightVMClient(console["url"], username, password, verify=verify, timeout=30.0, token=token, max_retries=1)


def _observe(ctx: OperatorContext, client: InsightVMClient, obj: dict[str, Any]) -> rec.Observed:
    meta, spec, status = obj["metadata"], dict(obj.get("spec") or {}), dict(obj.get("status") or {})
    base = {
        "name": meta["name"],
        "namespace": meta["namespace"],
        "uid": meta["uid"],
        "generation": int(meta.get("generation") or 1),
        "spec": spec,
        "status": status,
        "now": datetime.now(UTC),
    }
    recorded = rec.recorded_scan_id(spec, status)
    try:
        if recorded is not None:
            return rec.Observed(**base, scan=rec.ScanView.from_console(client.scans.get_scan(recorded)))
        if spec.get("state") == "Stopped" and not status.get("scanName"):
            return rec.Observed(**base)
        name = rec.planned_scan_name(spec, status, meta["name"], meta["uid"], base["generation"])
        found = client.scans.find_site_scans_by_name(int(spec["siteId"]), name)
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        return rec.Observed(**base, problem=_problem_from(exc, "reading the scan"))
    if found:
        return rec.Observed(**base, scan=rec.ScanView.from_console(found[0]), adopted=True)
    return rec.Observed(**base, lookup_done=True)


# --- the reconcile pass ------------------------------------------------------------------------------------------
def reconcile_insightvm(ctx: OperatorContext, namespace: str, name: str, *, force: bool) -> rec.Decision | None:
    with ctx.locks.hold(namespace, name):
        try:
            return _reconcile_locked(ctx, namespace, name, force=force)
        except KubeError as exc:
            RECONCILE_TOTAL.labels(kind=KIND, result="error").inc()
            if exc.status in (409, 429) or exc.status >= 500:
                raise kopf.TemporaryError(f"Kubernetes API: {exc}", delay=2) from exc
            raise


def _reconcile_locked(ctx: OperatorContext, namespace: str, name: str, *, force: bool) -> rec.Decision | None:
    obj = ctx.kube.get_custom(namespace, PLURAL, name)
    if obj is None or obj["metadata"].get("deletionTimestamp"):
        observe_readiness(KIND, namespace, name, None)
        return None
    spec, status = dict(obj.get("spec") or {}), dict(obj.get("status") or {})
    generation = int(obj["metadata"].get("generation") or 1)
    if not force and status.get("observedGeneration") == generation and not rec.due(status, spec, datetime.now(UTC)):
        return None
    try:
        InsightVMScanSpec.model_validate(spec)
    except ValidationError as exc:
        message = str(exc.errors()[0].get("msg")).removeprefix("Value error, ")
        problem = rec.ConsoleProblem("InvalidSpec", f"spec is invalid: {message}", permanent=True)
        return _apply(ctx, obj, rec.reconcile(_bare(obj, problem)), None)
    try:
        client = _client(ctx, namespace, spec)
    except _Problem as exc:
        return _apply(ctx, obj, rec.reconcile(_bare(obj, exc.problem)), None)
    with client:
        observed = _observe(ctx, client, obj)
        decision = _apply(ctx, obj, rec.reconcile(observed), client)
    _record_state(namespace, name, decision.status.get("scanStatus"))
    return decision


def _bare(obj: dict[str, Any], problem: rec.ConsoleProblem) -> rec.Observed:
    meta = obj["metadata"]
    return rec.Observed(
        name=meta["name"],
        namespace=meta["namespace"],
        uid=meta["uid"],
        generation=int(meta.get("generation") or 1),
        spec=dict(obj.get("spec") or {}),
        status=dict(obj.get("status") or {}),
        now=datetime.now(UTC),
        problem=problem,
    )


def _patch(ctx: OperatorContext, obj: dict[str, Any], patch: dict[str, Any]) -> bool:
    meta = obj["metadata"]
    ok = ctx.kube.patch_custom_status(meta["namespace"], PLURAL, meta["name"], patch)
    obj["status"] = {**(obj.get("status") or {}), **patch}
    return ok


def _apply(
    ctx: OperatorContext, obj: dict[str, Any], decision: rec.Decision, client: InsightVMClient | None
) -> rec.Decision:
    meta = obj["metadata"]
    for action in decision.actions:
        if isinstance(action, rec.StartScan) and client is not None:
            return _start(ctx, obj, action, client)
        if isinstance(action, rec.ExportScan) and client is not None:
            return _export(ctx, obj, action, client)
        if isinstance(action, rec.SetScanStatus) and client is not None:
            _set_scan_status(client, action)
        elif isinstance(action, rec.EmitEvent):
            ctx.kube.emit_event(_event_target(obj), action.type, action.reason, action.message)
        elif isinstance(action, rec.PatchStatus):
            patch = dict(action.patch)
            if decision.poll_soon:
                patch["lastPolledAt"] = None  # due again at the next tick
            if not _patch(ctx, obj, patch):
                log.info("InsightVMScan %s/%s vanished while reconciling", meta["namespace"], meta["name"])
    RECONCILE_TOTAL.labels(kind=KIND, result=decision.result).inc()
    meta_ = obj["metadata"]
    observe_readiness(KIND, meta_["namespace"], meta_["name"], decision.status)
    return decision


def _start(ctx: OperatorContext, obj: dict[str, Any], action: rec.StartScan, client: InsightVMClient) -> rec.Decision:
    """Record the intent, POST, record the id — in that order, nothing in between."""
    observed_now = _bare(obj, rec.ConsoleProblem("", ""))
    if not _patch(ctx, obj, rec.start_intent_patch(observed_now, action.scan_name)):
        return rec.Decision("gone")
    try:
        scan_id = client.scans.start_site_scan(
            action.site_id,
            scan_name=action.scan_name,
            scan_template_id=action.template_id,
            hosts=action.hosts or None,
            asset_group_ids=action.asset_group_ids or None,
            engine_id=action.engine_id,
            override_blackout=action.override_blackout,
        )
    except (httpx.HTTPError, ValueError) as exc:
        # Whether the console started it is unknown after a timeout: the next pass looks the name up first.
        problem = _problem_from(exc, "starting the scan")
        return _apply(ctx, obj, rec.reconcile(_bare(obj, problem)), None)
    SCANS_STARTED.inc()
    _patch(ctx, obj, rec.after_start_patch(observed_now, scan_id, action.scan_name))
    ctx.kube.emit_event(_event_target(obj), "Normal", "ScanStarted", f"Started scan {scan_id} ({action.scan_name})")
    # Mirror the new scan right away (a second, ordinary pass).
    return _apply(ctx, obj, rec.reconcile(_observe(ctx, client, obj)), client)


def _set_scan_status(client: InsightVMClient, action: rec.SetScanStatus) -> None:
    """An invalid transition (400) is not retried here: the next poll re-reads the scan and decides again."""
    try:
        {"pause": client.scans.pause_scan, "resume": client.scans.resume_scan, "stop": client.scans.stop_scan}[
            action.action
        ](action.scan_id)
    except httpx.HTTPStatusError as exc:
        log.info("scan %s: %s refused (%s)", action.scan_id, action.action, exc)
    except httpx.HTTPError as exc:
        log.info("scan %s: %s failed (%s); retried at the next poll", action.scan_id, action.action, exc)


def _export(ctx: OperatorContext, obj: dict[str, Any], action: rec.ExportScan, client: InsightVMClient) -> rec.Decision:
    meta, spec = obj["metadata"], dict(obj.get("spec") or {})
    child = f"{meta['name'][:200]}-scan-{action.scan_id}"
    try:
        existing = ctx.kube.get_custom(meta["namespace"], "scanimports", child)
        size = 0
        if existing is None:
            with tempfile.TemporaryDirectory(prefix="ivm-export-") as tmp:
                path = client.reports.export_scan(
                    action.scan_id, Path(tmp) / REPORT_KEY, poll_interval=2.0, timeout=report_timeout_seconds()
                )
                size = path.stat().st_size
                if size > MAX_CONFIGMAP_REPORT:
                    problem = rec.ConsoleProblem(
                        "ReportTooLarge",
                        f"the exported report is {size} bytes; a ConfigMap holds at most {MAX_CONFIGMAP_REPORT}",
                        permanent=True,
                    )
                    return _apply(ctx, obj, rec.reconcile(_bare(obj, problem)), None)
                _create(ctx, _report_configmap(obj, child, path.read_text(encoding="utf-8")), "configmaps")
            _create(ctx, _child_scanimport(obj, spec, child), "scanimports")
    except (httpx.HTTPError, ScanNotFinishedError, ReportGenerationError, TimeoutError, UnicodeDecodeError) as exc:
        if isinstance(exc, httpx.HTTPError):
            problem = _problem_from(exc, "exporting the report")
        else:
            problem = rec.ConsoleProblem("ExportFailed", str(exc), permanent=isinstance(exc, ReportGenerationError))
        return _apply(ctx, obj, rec.reconcile(_bare(obj, problem)), None)
    done: dict[str, Any] = {
        "scanImport": child,
        "configMap": child,
        "exportedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if size:
        done["bytes"] = size
    observed = _observe(ctx, client, obj)
    return _apply(ctx, obj, rec.reconcile(_with_export(observed, done)), client)


def _with_export(observed: rec.Observed, done: dict[str, Any]) -> rec.Observed:
    return rec.Observed(**{**observed.__dict__, "export_done": done})


def _owner(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["metadata"]
    return {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "name": meta["name"],
        "uid": meta["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


def _labels(obj: dict[str, Any]) -> dict[str, str]:
    return {MANAGED_BY_LABEL: MANAGED_BY, OWNER_LABEL: obj["metadata"]["name"][:63]}


def _report_configmap(obj: dict[str, Any], name: str, report: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": name,
            "namespace": obj["metadata"]["namespace"],
            "labels": _labels(obj),
            "ownerReferences": [_owner(obj)],
        },
        "data": {REPORT_KEY: report},
    }


def _child_scanimport(obj: dict[str, Any], spec: dict[str, Any], name: str) -> dict[str, Any]:
    export = spec.get("exportToPhoenix") or {}
    child_spec: dict[str, Any] = {
        "source": {"configMap": {"name": name, "key": REPORT_KEY}},
        "scanner": "nexpose",
        "importType": export.get("importType", "new"),
    }
    for key in ("assessmentName", "tags", "phoenix"):
        if export.get(key):
            child_spec[key] = export[key]
    return {
        "apiVersion": API_VERSION,
        "kind": "ScanImport",
        "metadata": {
            "name": name,
            "namespace": obj["metadata"]["namespace"],
            "labels": _labels(obj),
            "ownerReferences": [_owner(obj)],
        },
        "spec": child_spec,
    }


def _create(ctx: OperatorContext, manifest: dict[str, Any], plural: str) -> None:
    """Create unless it exists (409 is success: a previous pass got there first)."""
    namespace = manifest["metadata"]["namespace"]
    path = (
        f"/api/v1/namespaces/{namespace}/configmaps"
        if plural == "configmaps"
        else f"/apis/{GROUP}/{VERSION}/namespaces/{namespace}/{plural}"
    )
    try:
        ctx.kube.request("POST", path, manifest)
    except KubeError as exc:
        if exc.status != 409:
            raise


def _event_target(obj: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": KIND, "metadata": obj["metadata"]}


# --- metrics -----------------------------------------------------------------------------------------------------
_STATES: dict[tuple[str, str], str] = {}


def _record_state(namespace: str, name: str, state: object) -> None:
    if isinstance(state, str) and state:
        _STATES[(namespace, name)] = state
    else:
        _STATES.pop((namespace, name), None)
    for known in statuses.ALL_STATUSES:
        SCANS_BY_STATE.labels(state=known).set(sum(1 for s in _STATES.values() if s == known))


# --- delete ------------------------------------------------------------------------------------------------------
def stop_on_delete(ctx: OperatorContext, obj: dict[str, Any], retry: int) -> None:
    """Stop the scan before the object goes. Dispatched/integrating scans cannot be stopped yet: wait a little,
    then let the object go with a Warning event rather than block the deletion forever."""
    meta, spec, status = obj["metadata"], dict(obj.get("spec") or {}), dict(obj.get("status") or {})
    _record_state(meta["namespace"], meta["name"], None)
    ctx.locks.forget(meta["namespace"], meta["name"])
    scan_id = status.get("scanId")
    if not spec.get("stopOnDelete", True) or not isinstance(scan_id, int):
        return
    try:
        with _client(ctx, meta["namespace"], spec) as client:
            state = statuses.normalise(client.scans.get_scan(scan_id).get("status"))
            if state in statuses.VALID_FROM[statuses.STOP]:
                client.scans.stop_scan(scan_id)
                ctx.kube.emit_event(_event_target(obj), "Normal", "ScanStopped", f"Stopped scan {scan_id} on delete")
                return
            if state in statuses.TERMINAL:
                return
            reason = f"scan {scan_id} is {state}"
    except _Problem as exc:
        reason = exc.problem.message
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 404:
            return
        reason = str(exc)
    except httpx.HTTPError as exc:
        reason = f"console unreachable ({type(exc).__name__})"
    if retry + 1 >= DELETE_ATTEMPTS:
        message = f"Could not stop scan {scan_id} before deletion: {reason}"
        ctx.kube.emit_event(_event_target(obj), "Warning", "ScanNotStopped", message)
        return
    raise kopf.TemporaryError(f"waiting to stop scan {scan_id}: {reason}", delay=5)


# --- registration ------------------------------------------------------------------------------------------------
def _needs_polling(spec: kopf.Spec, status: kopf.Status, **_: Any) -> bool:
    return rec.needs_polling(dict(spec), dict(status))


def register(registry: kopf.OperatorRegistry, ctx: OperatorContext) -> None:
    @kopf.on.resume(GROUP, VERSION, PLURAL, registry=registry)
    @kopf.on.create(GROUP, VERSION, PLURAL, registry=registry)
    @kopf.on.update(GROUP, VERSION, PLURAL, registry=registry)
    def insightvmscan_changed(namespace: str | None, name: str, **_: Any) -> None:
        reconcile_insightvm(ctx, namespace or "", name, force=True)

    @kopf.timer(GROUP, VERSION, PLURAL, registry=registry, interval=tick_seconds(), when=_needs_polling, idle=None)
    def insightvmscan_poll(namespace: str | None, name: str, **_: Any) -> None:
        reconcile_insightvm(ctx, namespace or "", name, force=False)

    @kopf.on.delete(GROUP, VERSION, PLURAL, registry=registry, optional=False)
    def insightvmscan_deleted(body: kopf.Body, retry: int, **_: Any) -> None:
        stop_on_delete(ctx, dict(body), retry)
