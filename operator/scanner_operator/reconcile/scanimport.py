"""ScanImport reconciliation as a pure function: (spec, status, annotations, the observed Job) -> actions.

No Kubernetes calls here; `handlers/scanimport.py` looks things up, calls `reconcile`, and applies the actions.

A *run* is one (generation, requestedAt token) pair; it has attempts 1..max_attempts, each one Job with a
deterministic name. The status remembers which run and attempt it is on (`observedGeneration`,
`lastHandledReconcileAt`, `attempt`, `jobName`, `phase`), so a restarted operator recomputes the same Job name,
finds the Job (or the terminal phase) and never imports the same run twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from .. import conditions as cond
from ..config import OperatorConfig
from ..contract import PERMANENT_EXIT_CODES, PERMANENT_REASONS, REASON_OF_EXIT_CODE, ExitCode
from ..jobs import REQUESTED_AT_ANNOTATION, Owner, build_job, job_name
from ..models import Phase, ScanImportSpec

_EXIT_CODE = re.compile(r"exit(?:ed with)? code (\d+)", re.IGNORECASE)


_HINTS = {
    ExitCode.INVALID: "Fix the report or spec.source (or set spec.scanner to the report's format), then apply again.",
    ExitCode.UNRECOGNISED: "Set spec.scanner to the report's format id; see `phoenix-scanner formats`.",
    ExitCode.REFUSED: "Check the Phoenix credentials Secret and spec.phoenix.apiUrl, then re-run with the "
    f"{REQUESTED_AT_ANNOTATION} annotation.",
}


# --- observed state ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobObservation:
    """What matters of the Job of the current attempt."""

    name: str
    succeeded: bool = False
    failed: bool = False
    failure_reason: str | None = None  # the Failed condition's reason (DeadlineExceeded, BackoffLimitExceeded)
    failure_message: str | None = None  # the local Job runner puts "exit code N" here
    completion_time: str | None = None

    @property
    def active(self) -> bool:
        return not (self.succeeded or self.failed)

    @property
    def exit_code(self) -> int | None:
        match = _EXIT_CODE.search(self.failure_message or "")
        return int(match.group(1)) if match else None

    @classmethod
    def from_job(cls, job: dict[str, Any]) -> JobObservation:
        status = job.get("status") or {}
        succeeded = failed = False
        reason = message = None
        for condition in status.get("conditions") or []:
            if condition.get("status") != "True":
                continue
            if condition.get("type") == "Complete":
                succeeded = True
            elif condition.get("type") == "Failed":
                failed = True
                reason, message = condition.get("reason"), condition.get("message")
        return cls(
            name=job["metadata"]["name"],
            succeeded=succeeded,
            failed=failed and not succeeded,
            failure_reason=reason,
            failure_message=message,
            completion_time=status.get("completionTime"),
        )


@dataclass(frozen=True)
class Observed:
    name: str
    namespace: str
    uid: str
    generation: int
    spec: dict[str, Any]
    status: dict[str, Any]
    annotations: dict[str, str]
    job: JobObservation | None  # the Job named `planned_job_name(...)`, None when it does not exist
    now: datetime
    capacity_available: bool = True  # False when max_concurrent_jobs Jobs are running

    @property
    def token(self) -> str | None:
        return self.annotations.get(REQUESTED_AT_ANNOTATION) or None


# --- actions -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CreateJob:
    manifest: dict[str, Any]


@dataclass(frozen=True)
class PatchStatus:
    patch: dict[str, Any]  # JSON merge patch of `status` (None deletes a field)


@dataclass(frozen=True)
class EmitEvent:
    type: str  # Normal | Warning
    reason: str
    message: str


@dataclass(frozen=True)
class Notify:
    """The import ended: tell the webhook (when spec.notify.webhook is set)."""

    outcome: str  # Succeeded | Failed
    reason: str
    message: str


@dataclass(frozen=True)
class RecordImport:
    result: str  # succeeded | failed
    format: str
    duration_seconds: float | None
    findings: int
    phoenix_requests: tuple[tuple[str, int], ...] = ()  # (status, count) the worker counted for this run


@dataclass(frozen=True)
class RequeueAfter:
    seconds: float


Action = CreateJob | PatchStatus | EmitEvent | Notify | RecordImport | RequeueAfter


@dataclass
class Decision:
    result: str  # low-cardinality label for phoenix_scanner_reconcile_total
    actions: list[Action] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)  # the desired status (current + patch)

    def of_type(self, kind: type[Any]) -> list[Any]:
        return [a for a in self.actions if isinstance(a, kind)]


@dataclass(frozen=True)
class Failure:
    permanent: bool
    reason: str
    message: str


# --- planning ----------------------------------------------------------------------------------------------------
def same_run(status: dict[str, Any], generation: int, token: str | None) -> bool:
    return status.get("observedGeneration") == generation and (status.get("lastHandledReconcileAt") or None) == token


def current_attempt(status: dict[str, Any], generation: int, token: str | None) -> int:
    if same_run(status, generation, token):
        return int(status.get("attempt") or 1)
    return 1


def planned_job_name(name: str, uid: str, generation: int, status: dict[str, Any], annotations: dict[str, str]) -> str:
    """The Job the handler must look up before calling `reconcile`."""
    token = annotations.get(REQUESTED_AT_ANNOTATION) or None
    return job_name(name, uid, generation, token, current_attempt(status, generation, token))


def retry_delay(attempt: int, config: OperatorConfig) -> float:
    return float(min(config.retry_base_seconds * 2 ** (attempt - 1), config.retry_max_seconds))


def classify_failure(job: JobObservation, last_result: dict[str, Any] | None, deadline: int) -> Failure:
    """Permanent or transient, with a CamelCase reason and a message a person can act on."""
    reason = (last_result or {}).get("reason") or None
    detail = (last_result or {}).get("message") or None
    code = job.exit_code
    if job.failure_reason == "DeadlineExceeded" and code is None:
        return Failure(
            False,
            "DeadlineExceeded",
            f"The import Job did not finish within {deadline}s; raise spec.job.activeDeadlineSeconds if the "
            "report is large.",
        )
    if code in PERMANENT_EXIT_CODES:
        permanent = ExitCode(code)
        text = detail or f"The worker exited with code {code}."
        return Failure(True, reason or REASON_OF_EXIT_CODE[permanent], f"{text} {_HINTS[permanent]}")
    if code != ExitCode.TRANSIENT and reason in PERMANENT_REASONS:
        return Failure(True, reason, detail or reason)
    if code == ExitCode.TRANSIENT:
        return Failure(
            False, reason or REASON_OF_EXIT_CODE[ExitCode.TRANSIENT], detail or "The worker hit a transient failure."
        )
    text = detail or job.failure_message or "The import Job failed."
    return Failure(False, reason or REASON_OF_EXIT_CODE[ExitCode.FAILURE], text)


def _result_for_attempt(status: dict[str, Any], generation: int) -> dict[str, Any] | None:
    """The worker's lastResult, only when it belongs to this generation and the current attempt."""
    result = status.get("lastResult")
    if not isinstance(result, dict) or result.get("generation") != generation:
        return None
    started = cond.parse_time(status.get("startedAt"))
    completed = cond.parse_time(result.get("completedAt"))
    if started is not None and completed is not None and completed < started:
        return None
    return result


def _ready(
    conds: list[cond.Condition], status: str, reason: str, message: str, *, gen: int, now: datetime
) -> list[cond.Condition]:
    return cond.set_condition(conds, cond.READY, status, reason, message, generation=gen, now=now)


def _progressing(
    conds: list[cond.Condition], reason: str, message: str, *, gen: int, now: datetime
) -> list[cond.Condition]:
    conds = cond.set_condition(conds, cond.RECONCILING, cond.TRUE, reason, message, generation=gen, now=now)
    return cond.remove_condition(conds, cond.STALLED)


def _stalled(
    conds: list[cond.Condition], reason: str, message: str, *, gen: int, now: datetime
) -> list[cond.Condition]:
    conds = _ready(conds, cond.FALSE, reason, message, gen=gen, now=now)
    conds = cond.set_condition(conds, cond.STALLED, cond.TRUE, reason, message, generation=gen, now=now)
    return cond.remove_condition(conds, cond.RECONCILING)


def diff_status(current: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
    """A merge patch from `current` to `desired` over the keys `desired` names (None deletes)."""
    return {key: value for key, value in desired.items() if current.get(key) != value}


_RESET_WORKER_FIELDS = (
    "progress",
    "currentStep",
    "scanner",
    "assessmentName",
    "assetsImported",
    "findingsImported",
    "severityCounts",
    "source",
    "recentLogs",
)


def _duration(status: dict[str, Any], end: datetime) -> float | None:
    started = cond.parse_time(status.get("startedAt"))
    return max((end - started).total_seconds(), 0.0) if started else None


def _phoenix_requests(status: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    counts = status.get("phoenixRequests")
    if not isinstance(counts, dict):
        return ()
    return tuple(sorted((str(k), int(v)) for k, v in counts.items() if isinstance(v, int) and v > 0))


def _success_message(status: dict[str, Any]) -> str:
    findings = status.get("findingsImported")
    assets = status.get("assetsImported")
    assessment = status.get("assessmentName")
    worker_says = (status.get("lastResult") or {}).get("message")
    if not findings and worker_says:
        return str(worker_says)  # e.g. a raw upload to Phoenix's translator: the worker knows no counts
    if findings is None:
        return "The report was imported."
    where = f" into assessment {assessment}" if assessment else ""
    return f"Imported {findings} findings on {assets or 0} assets{where}."


# --- the reconcile function --------------------------------------------------------------------------------------
def reconcile(observed: Observed, config: OperatorConfig) -> Decision:
    gen, now, status = observed.generation, observed.now, observed.status
    token = observed.token
    if observed.spec.get("suspend"):
        return Decision("suspended", status=dict(status))  # Flux semantics: do nothing, keep status

    run_known = same_run(status, gen, token)
    attempt = current_attempt(status, gen, token)
    name = job_name(observed.name, observed.uid, gen, token, attempt)
    conds: list[cond.Condition] = list(status.get("conditions") or [])
    run_fields: dict[str, Any] = {"observedGeneration": gen, "lastHandledReconcileAt": token}

    invalid = _spec_problem(observed.spec)
    if invalid is not None:
        return _finish_failed(
            observed,
            Failure(True, "InvalidSpec", invalid),
            run_fields=run_fields,
            conds=conds,
            name=name,
            attempt=attempt,
        )

    job = observed.job
    if job is None:
        terminal = (
            run_known
            and status.get("jobName") == name
            and status.get("phase")
            in (
                Phase.Succeeded.value,
                Phase.Failed.value,
            )
        )
        if terminal:
            # Done for this run (its Job may have been cleaned up by its TTL): nothing to import again.
            return _settle(observed, {}, "unchanged")
        if run_known and status.get("phase") == Phase.Retrying.value:
            due = cond.parse_time(status.get("nextRetryAt"))
            if due is not None and due > now:
                return _settle(observed, {}, "waiting", [RequeueAfter((due - now).total_seconds())])
        if run_known and status.get("phase") == Phase.Failed.value:
            # An earlier spec problem of this run: nothing changed since.
            return _settle(observed, {}, "unchanged")
        if not observed.capacity_available:
            message = f"Waiting for a free import slot (at most {config.max_concurrent_jobs} import Jobs at once)."
            conds = _ready(conds, cond.UNKNOWN, "Queued", message, gen=gen, now=now)
            conds = _progressing(conds, "Queued", message, gen=gen, now=now)
            desired = {**run_fields, "phase": Phase.Pending.value, "conditions": conds, "attempt": attempt}
            return _settle(observed, desired, "queued", [RequeueAfter(config.queue_recheck_seconds)])
        return _start_attempt(observed, config, run_fields=run_fields, conds=conds, name=name, attempt=attempt)

    if job.active:
        message = f"Import Job {name} is running (attempt {attempt})."
        conds = _ready(conds, cond.UNKNOWN, "Progressing", message, gen=gen, now=now)
        conds = _progressing(conds, "Progressing", message, gen=gen, now=now)
        desired = {
            **run_fields,
            "phase": Phase.Running.value,
            "jobName": name,
            "attempt": attempt,
            "conditions": conds,
            "nextRetryAt": None,
        }
        if not run_known or not status.get("startedAt"):
            desired["startedAt"] = cond.rfc3339(now)  # adopted after a restart that lost the status write
        return _settle(observed, desired, "running")

    already_final = (
        run_known
        and status.get("jobName") == name
        and status.get("phase")
        in (
            Phase.Succeeded.value,
            Phase.Failed.value,
        )
    )
    if job.succeeded:
        message = _success_message(status)
        conds = _ready(conds, cond.TRUE, "Imported", message, gen=gen, now=now)
        conds = cond.remove_condition(cond.remove_condition(conds, cond.RECONCILING), cond.STALLED)
        desired = {
            **run_fields,
            "phase": Phase.Succeeded.value,
            "jobName": name,
            "attempt": attempt,
            "progress": 100,
            "conditions": conds,
            "nextRetryAt": None,
        }
        if already_final:
            return _settle(observed, desired, "unchanged")
        completed = cond.parse_time(job.completion_time) or now
        desired["completedAt"] = cond.rfc3339(completed)
        actions: list[Action] = [
            EmitEvent("Normal", "Imported", message),
            Notify("Succeeded", "Imported", message),
            RecordImport(
                "succeeded",
                str(status.get("scanner") or "unknown"),
                _duration(status, completed),
                int(status.get("findingsImported") or 0),
                _phoenix_requests(status),
            ),
        ]
        return _settle(observed, desired, "succeeded", actions)

    # The Job failed.
    if already_final:
        return _settle(observed, {}, "unchanged")
    deadline = int((observed.spec.get("job") or {}).get("activeDeadlineSeconds") or config.job_deadline_seconds)
    failure = classify_failure(job, _result_for_attempt(status, gen), deadline)
    if not failure.permanent and attempt < config.max_attempts:
        delay = retry_delay(attempt, config)
        due = now + timedelta(seconds=delay)
        message = (
            f"Attempt {attempt} of {config.max_attempts} failed ({failure.reason}): {failure.message} "
            f"Retrying at {cond.rfc3339(due)}."
        )
        conds = _ready(conds, cond.FALSE, failure.reason, message, gen=gen, now=now)
        conds = _progressing(conds, "ProgressingWithRetry", message, gen=gen, now=now)
        desired = {
            **run_fields,
            "phase": Phase.Retrying.value,
            "jobName": name,
            "attempt": attempt + 1,
            "nextRetryAt": cond.rfc3339(due),
            "conditions": conds,
        }
        return _settle(
            observed,
            desired,
            "retrying",
            [EmitEvent("Warning", "ImportRetrying", message), RequeueAfter(delay)],
        )
    if not failure.permanent:
        failure = Failure(
            True,
            failure.reason,
            f"Gave up after {attempt} attempts; last error: {failure.message} Re-run with the "
            f"{REQUESTED_AT_ANNOTATION} annotation once the cause is fixed.",
        )
    return _finish_failed(observed, failure, run_fields=run_fields, conds=conds, name=name, attempt=attempt)


def _spec_problem(spec: dict[str, Any]) -> str | None:
    """Validate what the API server may not (it has no CEL before 1.25): a message, or None when valid."""
    try:
        parsed = ScanImportSpec.model_validate(spec)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"spec.{where}: {first['msg']}" if where else str(first["msg"])
    kinds = parsed.source.kinds()
    if len(kinds) != 1:
        return (
            "spec.source must set exactly one of configMap, secret, s3, gcs, azureBlob, http; "
            f"found {', '.join(kinds) or 'none'}."
        )
    return None


def _start_attempt(
    observed: Observed,
    config: OperatorConfig,
    *,
    run_fields: dict[str, Any],
    conds: list[cond.Condition],
    name: str,
    attempt: int,
) -> Decision:
    gen, now = observed.generation, observed.now
    owner = Owner(observed.name, observed.namespace, observed.uid, gen)
    try:
        manifest = build_job(owner, observed.spec, name=name, attempt=attempt, token=observed.token, config=config)
    except ValueError as exc:  # the sources' SourceInvalid
        return _finish_failed(
            observed,
            Failure(True, "InvalidSpec", str(exc)),
            run_fields=run_fields,
            conds=conds,
            name=name,
            attempt=attempt,
        )
    message = f"Import Job {name} created (attempt {attempt})."
    conds = _ready(conds, cond.UNKNOWN, "Progressing", message, gen=gen, now=now)
    conds = _progressing(conds, "Progressing", message, gen=gen, now=now)
    desired: dict[str, Any] = {
        **run_fields,
        "phase": Phase.Pending.value,
        "jobName": name,
        "attempt": attempt,
        "startedAt": cond.rfc3339(now),
        "completedAt": None,
        "nextRetryAt": None,
        "conditions": conds,
        **dict.fromkeys(_RESET_WORKER_FIELDS),
        "progress": 0,
    }
    if attempt > 1:
        # Keep what the worker reported about the failed attempt visible until the new one reports.
        for key in _RESET_WORKER_FIELDS:
            desired.pop(key, None)
    actions: list[Action] = [CreateJob(manifest), EmitEvent("Normal", "ImportStarted", message)]
    return _settle(observed, desired, "created", actions)


def _finish_failed(
    observed: Observed,
    failure: Failure,
    *,
    run_fields: dict[str, Any],
    conds: list[cond.Condition],
    name: str,
    attempt: int,
) -> Decision:
    gen, now, status = observed.generation, observed.now, observed.status
    conds = _stalled(conds, failure.reason, failure.message, gen=gen, now=now)
    desired: dict[str, Any] = {
        **run_fields,
        "phase": Phase.Failed.value,
        "jobName": name,
        "attempt": attempt,
        "nextRetryAt": None,
        "conditions": conds,
    }
    was_final = same_run(status, gen, observed.token) and status.get("phase") == Phase.Failed.value
    if was_final and status.get("jobName") == name:
        return _settle(observed, desired, "unchanged")
    desired["completedAt"] = cond.rfc3339(now)
    actions: list[Action] = [
        EmitEvent("Warning", failure.reason, failure.message),
        Notify("Failed", failure.reason, failure.message),
        RecordImport(
            "failed", str(status.get("scanner") or "unknown"), _duration(status, now), 0, _phoenix_requests(status)
        ),
    ]
    return _settle(observed, desired, "failed", actions)


def _settle(observed: Observed, desired: dict[str, Any], result: str, actions: list[Action] | None = None) -> Decision:
    patch = diff_status(observed.status, desired)
    merged = {**observed.status, **patch}
    merged = {k: v for k, v in merged.items() if v is not None}
    out: list[Action] = list(actions or [])
    if patch:
        # Status before the Job: the worker only writes status once observedGeneration names its generation.
        out.insert(0, PatchStatus(patch))
    return Decision(result if (patch or actions) else "unchanged", out, merged)
