"""kopf handlers of ScanImport: look up what `reconcile` needs, call it, apply its actions. No decisions here."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import kopf

from .. import metrics
from ..jobs import MANAGED_BY, MANAGED_BY_LABEL, SCANIMPORT_LABEL, label_value
from ..kube import KubeError
from ..models import GROUP, VERSION
from ..reconcile.scanimport import (
    CreateJob,
    Decision,
    EmitEvent,
    JobObservation,
    Notify,
    Observed,
    PatchStatus,
    RecordImport,
    planned_job_name,
    reconcile,
)
from .context import OperatorContext

log = logging.getLogger(__name__)

PLURAL = "scanimports"
KIND = "ScanImport"


def reconcile_scanimport(ctx: OperatorContext, namespace: str, name: str) -> Decision | None:
    """One level-triggered pass over the ScanImport `namespace/name`, from fresh reads."""
    with ctx.locks.hold(namespace, name):
        try:
            return _reconcile_locked(ctx, namespace, name)
        except KubeError as exc:
            metrics.RECONCILE_TOTAL.labels(kind=KIND, result="error").inc()
            if exc.status in (409, 429) or exc.status >= 500:
                raise kopf.TemporaryError(f"Kubernetes API: {exc}", delay=2) from exc
            raise


def _reconcile_locked(ctx: OperatorContext, namespace: str, name: str) -> Decision | None:
    obj = ctx.kube.get_custom(namespace, PLURAL, name)
    if obj is None or obj["metadata"].get("deletionTimestamp"):
        metrics.observe_readiness(KIND, namespace, name, None)
        return None
    meta = obj["metadata"]
    status = dict(obj.get("status") or {})
    annotations = dict(meta.get("annotations") or {})
    generation = int(meta.get("generation") or 1)
    planned = planned_job_name(name, meta["uid"], generation, status, annotations)
    job_obj = ctx.kube.get_job(namespace, planned)
    job = JobObservation.from_job(job_obj) if job_obj is not None else None
    reserved = job is not None or ctx.slots.try_reserve(namespace, planned)
    observed = Observed(
        name=name,
        namespace=namespace,
        uid=meta["uid"],
        generation=generation,
        spec=dict(obj.get("spec") or {}),
        status=status,
        annotations=annotations,
        job=job,
        now=datetime.now(UTC),
        capacity_available=reserved,
    )
    decision = reconcile(observed, ctx.config)
    created = False
    try:
        created = _apply(ctx, obj, decision)
    finally:
        if (job is None and not created) or (job is not None and not job.active):
            ctx.slots.release(namespace, planned)
    metrics.RECONCILE_TOTAL.labels(kind=KIND, result=decision.result).inc()
    metrics.observe_readiness(KIND, namespace, name, decision.status)
    return decision


def _apply(ctx: OperatorContext, obj: dict[str, Any], decision: Decision) -> bool:
    """Apply in order: status, Job, then the side effects. Returns whether a Job was created."""
    meta = obj["metadata"]
    namespace, name = meta["namespace"], meta["name"]
    created = False
    for action in decision.actions:
        if isinstance(action, PatchStatus):
            if not ctx.kube.patch_custom_status(namespace, PLURAL, name, action.patch):
                return created  # deleted meanwhile
        elif isinstance(action, CreateJob):
            ctx.kube.create_job(action.manifest)
            created = True
            log.info("created import Job %s/%s", namespace, action.manifest["metadata"]["name"])
        elif isinstance(action, EmitEvent):
            ctx.kube.emit_event(obj, action.type, action.reason, action.message)
        elif isinstance(action, RecordImport):
            metrics.record_import(action.result, action.format, action.duration_seconds, action.findings)
            for status_code, count in action.phoenix_requests:
                metrics.PHOENIX_API_REQUESTS.labels(status=status_code).inc(count)
        elif isinstance(action, Notify):
            ctx.notifications.submit(_notify, ctx, obj, decision.status, action)
    return created


def _notify(ctx: OperatorContext, obj: dict[str, Any], status: dict[str, Any], action: Notify) -> None:
    """Send the webhook; runs in a background thread, failures are logged (never with header or key values)."""
    from ..notify import WebhookError, WebhookNotifier, scanimport_event

    webhook = ((obj.get("spec") or {}).get("notify") or {}).get("webhook")
    if not webhook:
        return
    namespace, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
    try:
        secrets = _webhook_secrets(ctx, namespace, webhook)
        if secrets is None:
            return
        headers, key = secrets
        event = scanimport_event(obj, status, action.outcome, action.reason, action.message)
        allow_private = ctx.config.allow_private_webhooks
        WebhookNotifier(webhook["url"], headers, allow_private=allow_private, signing_key=key).send(event)
    except (WebhookError, KubeError, OSError, ValueError) as exc:
        log.warning("webhook notification for %s/%s failed: %s", namespace, name, exc)


def _webhook_secrets(
    ctx: OperatorContext, namespace: str, webhook: dict[str, Any]
) -> tuple[dict[str, str] | None, bytes | None] | None:
    """The headers and the signing key the webhook names; None (logged) when a named Secret or key is missing: an
    unsigned or header-less notification would be refused by its receiver anyway."""
    headers: dict[str, str] | None = None
    if ref := (webhook.get("headersSecretRef") or {}).get("name"):
        headers = ctx.kube.read_secret_data(namespace, ref)
        if headers is None:
            log.warning("webhook headers Secret %s/%s not found; not notifying", namespace, ref)
            return None
    key: bytes | None = None
    if signing := webhook.get("signingSecretRef"):
        value = (ctx.kube.read_secret_data(namespace, signing["name"]) or {}).get(signing.get("key") or "signingKey")
        if not value:
            log.warning("webhook signing key in Secret %s/%s not found; not notifying", namespace, signing["name"])
            return None
        key = value.encode()
    return headers, key


def _owner_of(job: dict[str, Any]) -> str | None:
    for ref in job["metadata"].get("ownerReferences") or []:
        if ref.get("kind") == KIND and ref.get("apiVersion", "").startswith(f"{GROUP}/") and ref.get("controller"):
            return str(ref["name"])
    return None


def _is_deletion(type: str, **_: Any) -> bool:
    return type == "DELETED"


def _is_retry_due(status: kopf.Status, **_: Any) -> bool:
    """Timers run only for objects that wait: a transient failure's retry, or a free Job slot."""
    if status.get("phase") == "Retrying":
        return True
    for condition in status.get("conditions") or []:
        if condition.get("type") == "Reconciling" and condition.get("reason") == "Queued":
            return True
    return False


def register(registry: kopf.OperatorRegistry, ctx: OperatorContext) -> None:
    @kopf.on.resume(GROUP, VERSION, PLURAL, registry=registry)
    @kopf.on.create(GROUP, VERSION, PLURAL, registry=registry)
    @kopf.on.update(GROUP, VERSION, PLURAL, registry=registry)
    def scanimport_changed(namespace: str | None, name: str, **_: Any) -> None:
        reconcile_scanimport(ctx, namespace or "", name)

    @kopf.timer(
        GROUP,
        VERSION,
        PLURAL,
        registry=registry,
        interval=ctx.config.queue_recheck_seconds,
        when=_is_retry_due,
        idle=None,
    )
    def scanimport_waiting(namespace: str | None, name: str, **_: Any) -> None:
        reconcile_scanimport(ctx, namespace or "", name)

    @kopf.on.event(GROUP, VERSION, PLURAL, registry=registry, when=_is_deletion)
    def scanimport_deleted(type: str, namespace: str | None, name: str, body: kopf.Body, **_: Any) -> None:
        if type != "DELETED" or namespace is None:
            return
        # Kubernetes' garbage collector deletes the owned Jobs; this also cleans up where none runs.
        uid = body.get("metadata", {}).get("uid")
        selector = f"{MANAGED_BY_LABEL}={MANAGED_BY},{SCANIMPORT_LABEL}={label_value(name)}"
        try:
            for job in ctx.kube.list_jobs(namespace, selector):
                if any(r.get("uid") == uid for r in job["metadata"].get("ownerReferences") or []):
                    ctx.kube.delete_job(namespace, job["metadata"]["name"])
                    ctx.slots.release(namespace, job["metadata"]["name"])
        except KubeError as exc:
            log.warning("cleanup of Jobs of deleted ScanImport %s/%s failed: %s", namespace, name, exc)
        ctx.locks.forget(namespace, name)

    @kopf.on.event("batch", "v1", "jobs", registry=registry, labels={MANAGED_BY_LABEL: MANAGED_BY})
    def import_job_changed(type: str, namespace: str | None, name: str, body: kopf.Body, **_: Any) -> None:
        if namespace is None:
            return
        job = dict(body)
        owner = _owner_of(job)
        if type == "DELETED" or not JobObservation.from_job(job).active:
            ctx.slots.release(namespace, name)
        else:
            ctx.slots.mark_active(namespace, name)
        if owner is not None and type != "DELETED":
            reconcile_scanimport(ctx, namespace, owner)
