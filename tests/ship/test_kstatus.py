"""kstatus conformance (what `kubectl wait`, Flux `wait: true`/healthChecks and Argo CD rely on), checked on the
statuses the reconcile functions really produce along each path.

kstatus for custom resources (kubernetes-sigs/cli-utils): a stale observedGeneration or Reconciling=True means
InProgress, Stalled=True means Failed, otherwise Current. Flux then also requires Ready=True. The contract that
follows: an object that is not Ready and not Stalled must say Reconciling=True, or tools would call it done.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from scanner_operator import conditions as cond
from scanner_operator.reconcile import insightvm as ivs
from tests.insightvm.test_reconcile import SPEC as IVS_SPEC
from tests.insightvm.test_reconcile import _observed as ivs_observed
from tests.insightvm.test_reconcile import _recorded, _scan
from tests.operator.test_reconcile_scanimport import T0, apply, job, name_for, observed, started


def kstatus(generation: int, status: dict[str, Any]) -> str:
    if status.get("observedGeneration", -1) < generation:
        return "InProgress"
    conds = {c["type"]: c for c in status.get("conditions") or []}
    if conds.get("Reconciling", {}).get("status") == "True":
        return "InProgress"
    if conds.get("Stalled", {}).get("status") == "True":
        return "Failed"
    return "Current"


def check(generation: int, status: dict[str, Any]) -> str:
    """The kstatus result, after checking the invariants every status must keep."""
    conds = {c["type"]: c for c in status.get("conditions") or []}
    assert "Ready" in conds, "Ready is always present after the first visit"
    for c in conds.values():
        assert c["status"] in {"True", "False", "Unknown"} and c["reason"][:1].isupper() and c["message"]
        assert c.get("observedGeneration") == generation
    assert conds.get("Reconciling", {}).get("status") != "False", "Reconciling is present only while True"
    assert conds.get("Stalled", {}).get("status") != "False", "Stalled is present only while True"
    result = kstatus(generation, status)
    ready = conds["Ready"]["status"] == "True"
    assert (result == "Current") == ready, f"kstatus says {result} but Ready is {conds['Ready']['status']}"
    return result


def test_scanimport_success_path() -> None:
    _, status = apply(observed())
    assert check(1, status) == "InProgress"  # Job created
    _, status = apply(observed(status=status, job=job(name_for()), now=T0 + timedelta(seconds=5)))
    assert check(1, status) == "InProgress"  # Job running
    done = job(name_for(), succeeded=True, completion_time="2026-01-02T03:05:00Z")
    _, status = apply(
        observed(
            status={
                **status,
                "lastResult": {"generation": 1, "outcome": "Succeeded", "reason": "Imported", "message": "ok"},
            },
            job=done,
            now=T0 + timedelta(seconds=60),
        )
    )
    assert check(1, status) == "Current"
    # a new generation is InProgress until the operator has seen it
    assert kstatus(2, status) == "InProgress"


@pytest.mark.parametrize(("message", "expected"), [("exit code 2", "Failed"), ("exit code 75", "InProgress")])
def test_scanimport_failure_paths(message: str, expected: str) -> None:
    failed = job(name_for(), failed=True, failure_message=message)
    _, status = apply(observed(status=started(), job=failed, now=T0 + timedelta(seconds=30)))
    assert check(1, status) == expected  # permanent -> Stalled (Failed); transient -> Reconciling (retry)


def test_scanimport_queued_is_in_progress() -> None:
    _, status = apply(observed(capacity=False))
    assert check(1, status) == "InProgress"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("dispatched", "InProgress"),
        ("running", "InProgress"),
        ("integrating", "InProgress"),
        ("finished", "Current"),
        ("error", "Failed"),
        ("aborted", "Failed"),
    ],
)
def test_insightvmscan_states(state: str, expected: str) -> None:
    decision = ivs.reconcile(ivs_observed(status=_recorded(), scan=_scan(state)))
    assert check(1, decision.status) == expected


def test_insightvmscan_paused_on_request_is_current() -> None:
    decision = ivs.reconcile(
        ivs_observed(spec={**IVS_SPEC, "state": "Paused"}, status=_recorded(), scan=_scan("paused"))
    )
    assert check(1, decision.status) == "Current"
    assert cond.find(decision.status["conditions"], cond.READY)["reason"] == "Paused"
