"""The ScanImport reconcile function, without a cluster: every path from observed state to actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scanner_operator import conditions as cond
from scanner_operator.config import OperatorConfig
from scanner_operator.jobs import REQUESTED_AT_ANNOTATION, job_name
from scanner_operator.reconcile.scanimport import (
    CreateJob,
    EmitEvent,
    JobObservation,
    Notify,
    Observed,
    PatchStatus,
    RecordImport,
    RequeueAfter,
    classify_failure,
    planned_job_name,
    reconcile,
)

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
CONFIG = OperatorConfig(max_attempts=3, retry_base_seconds=10, retry_max_seconds=600, max_concurrent_jobs=4)
SPEC: dict[str, Any] = {"source": {"configMap": {"name": "trivy-report", "key": "report.json"}}, "scanner": "auto"}
UID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"


def observed(
    *,
    generation: int = 1,
    status: dict[str, Any] | None = None,
    annotations: dict[str, str] | None = None,
    job: JobObservation | None = None,
    spec: dict[str, Any] | None = None,
    now: datetime = T0,
    capacity: bool = True,
) -> Observed:
    return Observed(
        name="api-image-trivy",
        namespace="security",
        uid=UID,
        generation=generation,
        spec=spec if spec is not None else dict(SPEC),
        status=status if status is not None else {"observedGeneration": -1},
        annotations=annotations or {},
        job=job,
        now=now,
        capacity_available=capacity,
    )


def apply(obs: Observed) -> tuple[Any, dict[str, Any]]:
    decision = reconcile(obs, CONFIG)
    return decision, decision.status


def condition(status: dict[str, Any], type_: str) -> dict[str, Any] | None:
    return cond.find(status.get("conditions"), type_)


def name_for(generation: int = 1, token: str | None = None, attempt: int = 1) -> str:
    return job_name("api-image-trivy", UID, generation, token, attempt)


def started(generation: int = 1, **kw: Any) -> dict[str, Any]:
    """The status right after the operator created the Job of `generation`."""
    decision, status = apply(observed(generation=generation, **kw))
    assert decision.result == "created"
    return status


def job(name: str, **kw: Any) -> JobObservation:
    return JobObservation(name=name, **kw)


# --- create ------------------------------------------------------------------------------------------------------
def test_create_patches_status_then_creates_one_job_and_reports_progressing() -> None:
    decision, status = apply(observed())
    kinds = [type(a) for a in decision.actions]
    assert kinds[:2] == [PatchStatus, CreateJob], "status first: the worker checks observedGeneration"
    (create,) = decision.of_type(CreateJob)
    assert create.manifest["metadata"]["name"] == name_for() == status["jobName"]
    assert status["observedGeneration"] == 1
    assert status["phase"] == "Pending"
    assert status["startedAt"] == "2026-01-02T03:04:05Z"
    assert condition(status, "Ready")["status"] == "Unknown"
    assert condition(status, "Reconciling")["status"] == "True"
    assert condition(status, "Stalled") is None
    (event,) = decision.of_type(EmitEvent)
    assert (event.type, event.reason) == ("Normal", "ImportStarted")
    assert not decision.of_type(Notify)


def test_reconcile_is_idempotent_while_the_job_runs() -> None:
    status = started()
    running = job(name_for())
    first, status = apply(observed(status=status, job=running, now=T0 + timedelta(seconds=3)))
    assert first.result == "running"
    assert status["phase"] == "Running"
    again, status2 = apply(observed(status=status, job=running, now=T0 + timedelta(seconds=9)))
    assert again.actions == [], "nothing changed: no patch, no event, no Job"
    assert status2 == status


def test_planned_job_name_follows_the_status() -> None:
    status = started()
    assert planned_job_name("api-image-trivy", UID, 1, status, {}) == name_for()
    assert planned_job_name("api-image-trivy", UID, 2, status, {}) == name_for(2)


# --- Job outcome -------------------------------------------------------------------------------------------------
def _worker_wrote(status: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**status, **fields}


def test_succeeded_job_makes_ready_with_counts_once() -> None:
    status = started()
    status = _worker_wrote(
        status, scanner="trivy", findingsImported=423, assetsImported=150, assessmentName="Q4", progress=97
    )
    done = job(name_for(), succeeded=True, completion_time="2026-01-02T03:05:05Z")
    decision, status = apply(observed(status=status, job=done, now=T0 + timedelta(seconds=70)))
    assert decision.result == "succeeded"
    ready = condition(status, "Ready")
    assert ready["status"] == "True" and ready["reason"] == "Imported"
    assert "423 findings on 150 assets into assessment Q4" in ready["message"]
    assert condition(status, "Reconciling") is None and condition(status, "Stalled") is None
    assert status["phase"] == "Succeeded" and status["progress"] == 100
    assert status["completedAt"] == "2026-01-02T03:05:05Z"
    (record,) = decision.of_type(RecordImport)
    assert record == RecordImport("succeeded", "trivy", 60.0, 423)
    (note,) = decision.of_type(Notify)
    assert note.outcome == "Succeeded"
    # A second pass (another Job event, an operator restart) changes nothing and notifies nobody.
    again, _ = apply(observed(status=status, job=done, now=T0 + timedelta(minutes=5)))
    assert again.actions == []


def test_resume_after_restart_does_not_reimport_a_finished_generation_even_when_the_job_is_gone() -> None:
    status = started()
    _, status = apply(observed(status=status, job=job(name_for(), succeeded=True)))
    # The Job was deleted by its TTL; kopf's resume handler calls reconcile again.
    decision, after = apply(observed(status=status, job=None, now=T0 + timedelta(days=2)))
    assert decision.actions == []
    assert after == status


def test_restart_between_job_create_and_status_write_adopts_the_existing_job() -> None:
    # The status still says nothing about generation 1, but the deterministic Job exists: no second Job.
    decision, status = apply(observed(job=job(name_for())))
    assert not decision.of_type(CreateJob)
    assert status["jobName"] == name_for() and status["phase"] == "Running"
    assert status["startedAt"] == "2026-01-02T03:04:05Z"


def test_restart_after_status_write_but_before_job_create_creates_the_same_job() -> None:
    status = started()
    decision, _ = apply(observed(status=status, job=None, now=T0 + timedelta(seconds=1)))
    (create,) = decision.of_type(CreateJob)
    assert create.manifest["metadata"]["name"] == name_for()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(2, "InvalidReport"), (3, "FormatNotRecognised"), (4, "PhoenixRefused")],
)
def test_permanent_exit_codes_stall_with_an_actionable_message(code: int, reason: str) -> None:
    status = started()
    failed = job(name_for(), failed=True, failure_reason="BackoffLimitExceeded", failure_message=f"exit code {code}")
    decision, status = apply(observed(status=status, job=failed))
    assert decision.result == "failed"
    stalled = condition(status, "Stalled")
    assert stalled["status"] == "True" and stalled["reason"] == reason
    ready = condition(status, "Ready")
    assert ready["status"] == "False" and ready["reason"] == reason
    assert condition(status, "Reconciling") is None
    assert status["phase"] == "Failed"
    assert not decision.of_type(CreateJob)
    (event,) = decision.of_type(EmitEvent)
    assert event.type == "Warning" and event.reason == reason
    assert [n.outcome for n in decision.of_type(Notify)] == ["Failed"]
    assert decision.of_type(RecordImport)[0].result == "failed"


def test_the_workers_reason_and_message_win_over_the_exit_code_default() -> None:
    status = started()
    status["lastResult"] = {
        "generation": 1,
        "outcome": "Failed",
        "reason": "PhoenixAuthFailed",
        "message": "Phoenix rejected the credentials (401).",
        "completedAt": "2026-01-02T03:04:30Z",
    }
    failed = job(name_for(), failed=True, failure_message="container exited with code 4")
    _, status = apply(observed(status=status, job=failed))
    stalled = condition(status, "Stalled")
    assert stalled["reason"] == "PhoenixAuthFailed"
    assert stalled["message"].startswith("Phoenix rejected the credentials (401).")
    assert "credentials Secret" in stalled["message"], "tells the user what to do"


def test_a_stale_last_result_of_an_earlier_attempt_is_ignored() -> None:
    status = started()
    status["lastResult"] = {
        "generation": 1,
        "outcome": "Failed",
        "reason": "PhoenixAuthFailed",
        "message": "old",
        "completedAt": "2026-01-01T00:00:00Z",
    }
    failed = job(name_for(), failed=True, failure_message="exit code 2")
    _, status = apply(observed(status=status, job=failed))
    assert condition(status, "Stalled")["reason"] == "InvalidReport"


def test_transient_failure_retries_with_backoff_then_creates_the_next_attempt() -> None:
    status = started()
    failed = job(name_for(), failed=True, failure_message="exit code 75")
    decision, status = apply(observed(status=status, job=failed))
    assert decision.result == "retrying"
    assert status["phase"] == "Retrying" and status["attempt"] == 2
    assert status["nextRetryAt"] == "2026-01-02T03:04:15Z"
    reconciling = condition(status, "Reconciling")
    assert reconciling["status"] == "True" and reconciling["reason"] == "ProgressingWithRetry"
    assert condition(status, "Ready")["status"] == "False"
    assert condition(status, "Stalled") is None
    assert decision.of_type(RequeueAfter) == [RequeueAfter(10.0)]
    assert not decision.of_type(Notify), "the import has not ended"

    # Before the retry is due: wait, do not create.
    planned = planned_job_name("api-image-trivy", UID, 1, status, {})
    assert planned == name_for(attempt=2)
    early, _ = apply(observed(status=status, job=None, now=T0 + timedelta(seconds=4)))
    assert early.of_type(CreateJob) == []
    assert early.of_type(RequeueAfter)[0].seconds == pytest.approx(6.0)

    due, status = apply(observed(status=status, job=None, now=T0 + timedelta(seconds=11)))
    (create,) = due.of_type(CreateJob)
    assert create.manifest["metadata"]["name"] == name_for(attempt=2)
    assert create.manifest["metadata"]["annotations"]["scanner.phoenix.security/attempt"] == "2"

    # The second attempt succeeds: Ready, Reconciling gone.
    _, status = apply(observed(status=status, job=job(name_for(attempt=2), succeeded=True)))
    assert condition(status, "Ready")["status"] == "True"
    assert condition(status, "Reconciling") is None


def test_transient_failures_give_up_after_max_attempts() -> None:
    status = started()
    for attempt in (1, 2):
        failed = job(name_for(attempt=attempt), failed=True, failure_message="exit code 75")
        _, status = apply(observed(status=status, job=failed))
        _, status = apply(observed(status=status, job=None, now=T0 + timedelta(hours=attempt)))
    failed = job(name_for(attempt=3), failed=True, failure_message="exit code 75")
    decision, status = apply(observed(status=status, job=failed, now=T0 + timedelta(hours=5)))
    assert decision.result == "failed"
    stalled = condition(status, "Stalled")
    assert stalled["status"] == "True" and "Gave up after 3 attempts" in stalled["message"]
    assert REQUESTED_AT_ANNOTATION in stalled["message"]


def test_deadline_exceeded_is_transient_and_names_the_setting() -> None:
    failure = classify_failure(
        job("j", failed=True, failure_reason="DeadlineExceeded", failure_message="Job was active longer"), None, 600
    )
    assert not failure.permanent
    assert failure.reason == "DeadlineExceeded" and "spec.job.activeDeadlineSeconds" in failure.message


def test_unknown_crash_is_transient_and_a_permanent_reason_without_exit_code_is_permanent() -> None:
    crash = classify_failure(job("j", failed=True, failure_message="exit code 1"), None, 600)
    assert not crash.permanent and crash.reason == "JobFailed"
    real_cluster = classify_failure(
        job("j", failed=True, failure_reason="BackoffLimitExceeded", failure_message="Job has reached the limit"),
        {"reason": "SourceNotFound", "message": "ConfigMap x does not exist"},
        600,
    )
    assert real_cluster.permanent and real_cluster.reason == "SourceNotFound"


def test_pod_failure_policy_message_of_a_real_cluster_names_the_permanent_exit_code() -> None:
    """A Job failed by its podFailurePolicy (Kubernetes 1.26+) says which exit code, even without a lastResult."""
    obj = {
        "metadata": {"name": "j"},
        "status": {
            "failed": 1,
            "conditions": [
                {
                    "type": "Failed",
                    "status": "True",
                    "reason": "PodFailurePolicy",
                    "message": "Container worker for pod security/j-x7k2p failed with exit code 3 matching FailJob "
                    "rule at index 0",
                }
            ],
        },
    }
    failure = classify_failure(JobObservation.from_job(obj), None, 600)
    assert failure.permanent and failure.reason == "FormatNotRecognised"
    assert "spec.scanner" in failure.message


# --- new generation, re-run, suspend -----------------------------------------------------------------------------
def _succeeded_gen1() -> dict[str, Any]:
    status = started()
    _, status = apply(observed(status=status, job=job(name_for(), succeeded=True)))
    return status


def test_new_generation_starts_a_new_import_with_a_new_job() -> None:
    status = _succeeded_gen1()
    decision, status = apply(observed(generation=2, status=status, now=T0 + timedelta(hours=1)))
    (create,) = decision.of_type(CreateJob)
    assert create.manifest["metadata"]["name"] == name_for(2) != name_for(1)
    assert status["observedGeneration"] == 2 and status["phase"] == "Pending"
    ready = condition(status, "Ready")
    assert ready["status"] == "Unknown"
    assert ready["lastTransitionTime"] == "2026-01-02T04:04:05Z", "status flipped True -> Unknown"
    assert "findingsImported" not in status and status["progress"] == 0, "old counts are cleared"


def test_requested_at_annotation_reruns_once_and_is_echoed() -> None:
    status = _succeeded_gen1()
    annotations = {REQUESTED_AT_ANNOTATION: "2026-01-03T00:00:00Z"}
    decision, status = apply(observed(status=status, annotations=annotations))
    (create,) = decision.of_type(CreateJob)
    assert create.manifest["metadata"]["name"] == name_for(token="2026-01-03T00:00:00Z")
    assert status["lastHandledReconcileAt"] == "2026-01-03T00:00:00Z"
    _, status = apply(
        observed(
            status=status, annotations=annotations, job=job(name_for(token="2026-01-03T00:00:00Z"), succeeded=True)
        )
    )
    assert status["lastHandledReconcileAt"] == "2026-01-03T00:00:00Z"
    again, _ = apply(observed(status=status, annotations=annotations, job=None))
    assert again.actions == [], "the same token does not re-run again"


def test_suspend_does_nothing_and_keeps_status() -> None:
    status = started()
    spec = {**SPEC, "suspend": True}
    decision, after = apply(observed(generation=2, status=status, spec=spec, job=None))
    assert decision.result == "suspended" and decision.actions == []
    assert after == status
    # Resumed: the new generation is imported.
    resumed, _ = apply(observed(generation=3, status=status, spec=dict(SPEC)))
    assert resumed.of_type(CreateJob)


def test_no_capacity_queues_without_creating() -> None:
    decision, status = apply(observed(capacity=False))
    assert not decision.of_type(CreateJob)
    assert decision.of_type(RequeueAfter)
    assert condition(status, "Reconciling")["reason"] == "Queued"
    assert status["observedGeneration"] == 1
    later, _ = apply(observed(status=status, capacity=True))
    assert later.of_type(CreateJob)


# --- invalid spec ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ({"configMap": {"name": "a", "key": "k"}, "s3": {"bucket": "bkt", "key": "k"}}, "exactly one"),
        ({}, "exactly one"),
        ({"http": {"url": "ftp://example.com/r"}}, "source.http.url"),
    ],
)
def test_invalid_spec_stalls_without_a_job(source: dict[str, Any], needle: str) -> None:
    decision, status = apply(observed(spec={"source": source}))
    assert not decision.of_type(CreateJob)
    stalled = condition(status, "Stalled")
    assert stalled["reason"] == "InvalidSpec" and needle in stalled["message"]
    again, _ = apply(observed(status=status, spec={"source": source}))
    assert again.actions == [], "one event per transition"


# --- conditions --------------------------------------------------------------------------------------------------
def test_last_transition_time_changes_only_when_status_flips() -> None:
    status = started()
    first = condition(status, "Ready")["lastTransitionTime"]
    _, status = apply(observed(status=status, job=job(name_for()), now=T0 + timedelta(minutes=1)))
    ready = condition(status, "Ready")
    assert ready["message"].startswith("Import Job") and ready["lastTransitionTime"] == first
    _, status = apply(observed(status=status, job=job(name_for(), succeeded=True), now=T0 + timedelta(minutes=2)))
    assert condition(status, "Ready")["lastTransitionTime"] == "2026-01-02T03:06:05Z"
    for c in status["conditions"]:
        assert set(c) == {"type", "status", "reason", "message", "lastTransitionTime", "observedGeneration"}


def test_job_observation_from_a_job_object() -> None:
    obj = {
        "metadata": {"name": "x"},
        "status": {
            "conditions": [
                {
                    "type": "Failed",
                    "status": "True",
                    "reason": "BackoffLimitExceeded",
                    "message": "container exited with code 3",
                }
            ]
        },
    }
    seen = JobObservation.from_job(obj)
    assert seen.failed and not seen.active and seen.exit_code == 3
    assert JobObservation.from_job({"metadata": {"name": "y"}, "status": {}}).active
    ok = JobObservation.from_job(
        {
            "metadata": {"name": "z"},
            "status": {
                "conditions": [{"type": "Complete", "status": "True"}],
                "completionTime": "2026-01-01T00:00:00Z",
            },
        }
    )
    assert ok.succeeded and ok.completion_time == "2026-01-01T00:00:00Z"
    assert replace(ok, succeeded=False).active


def test_phoenix_request_counts_of_the_worker_are_recorded_once_at_the_end() -> None:
    status = {**started(), "phoenixRequests": {"200": 3, "503": 2, "bogus": "x"}, "scanner": "trivy"}
    decision, status = apply(observed(status=status, job=job(name_for(), succeeded=True)))
    (record,) = decision.of_type(RecordImport)
    assert record.phoenix_requests == (("200", 3), ("503", 2))
    again, _ = apply(observed(status=status, job=job(name_for(), succeeded=True)))
    assert again.of_type(RecordImport) == []
