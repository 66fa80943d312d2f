"""The Argo CD health script, run under Lua (lupa) against real status objects of both kinds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lupa import LuaRuntime

SCRIPT = Path(__file__).resolve().parents[2] / "charts" / "phoenix-scanner-operator" / "argocd" / "health.lua"


def health(obj: dict[str, Any]) -> tuple[str, str]:
    lua = LuaRuntime(unpack_returned_tuples=True)

    def to_lua(value: Any) -> Any:
        if isinstance(value, dict):
            return lua.table_from({k: to_lua(v) for k, v in value.items()})
        if isinstance(value, list):
            return lua.table_from([to_lua(v) for v in value])
        return value

    lua.globals().obj = to_lua(obj)
    result = lua.execute(SCRIPT.read_text())
    return str(result["status"]), str(result["message"])


def cond(type_: str, status: str, reason: str = "R", message: str = "m") -> dict[str, Any]:
    return {
        "type": type_,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": "2026-11-22T10:00:00Z",
        "observedGeneration": 2,
    }


def scanimport(generation: int = 2, status: dict[str, Any] | None = None, **spec: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "apiVersion": "scanner.phoenix.security/v1alpha1",
        "kind": "ScanImport",
        "metadata": {"name": "x", "namespace": "security", "generation": generation},
        "spec": {"source": {"configMap": {"name": "r", "key": "k"}}, **spec},
    }
    if status is not None:
        obj["status"] = status
    return obj


def test_ready_is_healthy() -> None:
    obj = scanimport(
        status={
            "observedGeneration": 2,
            "conditions": [cond("Ready", "True", "Imported", "Imported 423 findings on 150 assets")],
        }
    )
    assert health(obj) == ("Healthy", "Imported 423 findings on 150 assets")


def test_stalled_is_degraded_with_the_actionable_message() -> None:
    obj = scanimport(
        status={
            "observedGeneration": 2,
            "conditions": [
                cond("Ready", "False", "ReportInvalid", "report.json: not a valid trivy report"),
                cond("Stalled", "True", "ReportInvalid", "report.json: not a valid trivy report"),
            ],
        }
    )
    assert health(obj) == ("Degraded", "report.json: not a valid trivy report")


def test_reconciling_is_progressing() -> None:
    obj = scanimport(
        status={
            "observedGeneration": 2,
            "conditions": [
                cond("Ready", "Unknown", "Importing", "importing"),
                cond("Reconciling", "True", "Importing", "42%"),
            ],
        }
    )
    assert health(obj) == ("Progressing", "42%")


def test_no_status_or_stale_generation_is_progressing() -> None:
    assert health(scanimport())[0] == "Progressing"
    assert health(scanimport(status={"observedGeneration": -1}))[0] == "Progressing"
    stale = scanimport(generation=3, status={"observedGeneration": 2, "conditions": [cond("Ready", "True")]})
    assert health(stale)[0] == "Progressing"


def test_suspended() -> None:
    obj = scanimport(suspend=True, status={"observedGeneration": 2, "conditions": [cond("Ready", "True")]})
    assert health(obj)[0] == "Suspended"


@pytest.mark.parametrize(
    ("state", "conditions", "expected"),
    [
        ("Running", [cond("Ready", "True", "ScanFinished", "finished")], "Healthy"),
        ("Running", [cond("Ready", "False", "ScanRunning", "running"), cond("Reconciling", "True")], "Progressing"),
        ("Paused", [cond("Ready", "False", "ScanPaused", "paused")], "Suspended"),
        (
            "Stopped",
            [
                cond("Ready", "False", "ScanTimedOut", "timeout"),
                cond("Stalled", "True", "ScanTimedOut", "timeout after 8h"),
            ],
            "Degraded",
        ),
    ],
)
def test_insightvmscan(state: str, conditions: list[dict[str, Any]], expected: str) -> None:
    obj = {
        "apiVersion": "scanner.phoenix.security/v1alpha1",
        "kind": "InsightVMScan",
        "metadata": {"name": "weekly", "namespace": "security", "generation": 2},
        "spec": {"siteId": 42, "state": state},
        "status": {"observedGeneration": 2, "scanId": 12345, "conditions": conditions},
    }
    assert health(obj)[0] == expected


def test_ready_false_without_stalled_stays_progressing() -> None:
    obj = scanimport(status={"observedGeneration": 2, "conditions": [cond("Ready", "False", "Pending", "waiting")]})
    assert health(obj) == ("Progressing", "waiting")
