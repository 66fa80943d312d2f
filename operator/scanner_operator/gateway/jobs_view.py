"""ScanImports of the gateway as the seed's jobs: status, list and WebSocket message shapes. Pure functions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from ..models import GROUP

JOB_LABEL = f"{GROUP}/gateway-job"
CREATED_BY_LABEL = "app.kubernetes.io/created-by"
CREATED_BY = "phoenix-scanner-gateway"
SELECTOR = f"{CREATED_BY_LABEL}={CREATED_BY}"
FILENAME_ANNOTATION = f"{GROUP}/gateway-filename"
CREATED_ANNOTATION = f"{GROUP}/gateway-created-at"
CANCELLED_ANNOTATION = f"{GROUP}/gateway-cancelled-at"
LOCATION_ANNOTATION = f"{GROUP}/gateway-report"

STATUSES = ("queued", "pending", "processing", "completed", "failed", "cancelled")
TERMINAL = ("completed", "failed", "cancelled")
JOB_ID = re.compile(r"^job-[a-f0-9]{12,40}$")
_LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) ([A-Z]+) (.*)$", re.DOTALL)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _conditions(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(c.get("type")): c for c in status.get("conditions") or [] if isinstance(c, dict)}


def job_status(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    if (meta.get("annotations") or {}).get(CANCELLED_ANNOTATION):
        return "cancelled"
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    if spec.get("suspend") or status.get("observedGeneration") != meta.get("generation"):
        return "queued"
    phase = status.get("phase")
    if phase == "Succeeded":
        return "completed"
    if phase == "Failed":
        return "failed"
    if phase in ("Running", "Retrying"):
        return "processing"
    if phase == "Pending":
        return "pending"
    return "queued"


def parse_log_line(raw: str) -> tuple[str | None, str, str]:
    """(timestamp, level, message) of one worker line `2025-11-12T10:30:15Z INFO message`."""
    m = _LOG_LINE.match(raw)
    if m is None:
        return None, "INFO", raw
    return m.group(1), m.group(2), m.group(3)


def seed_log_line(raw: str) -> str:
    """The seed's `2025-11-12 10:30:15 - INFO - message` form."""
    ts, level, message = parse_log_line(raw)
    if ts is None:
        return raw
    return f"{ts[:10]} {ts[11:19]} - {level} - {message}"


def error_message(obj: dict[str, Any]) -> str | None:
    status = obj.get("status") or {}
    state = job_status(obj)
    if state == "cancelled":
        when = ((obj.get("metadata") or {}).get("annotations") or {}).get(CANCELLED_ANNOTATION)
        return f"Job was cancelled at {when}."
    if state != "failed":
        return None
    ready = _conditions(status).get("Ready") or {}
    reason, message = ready.get("reason"), ready.get("message")
    if message:
        return f"{reason}: {message}" if reason else str(message)
    return str((status.get("lastResult") or {}).get("message") or "The import failed.")


def job_id_of(obj: dict[str, Any]) -> str:
    return str((obj.get("metadata") or {}).get("name"))


def job_view(obj: dict[str, Any]) -> dict[str, Any]:
    """GET /api/v1/jobs/{job_id}."""
    meta = obj.get("metadata") or {}
    annotations = meta.get("annotations") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    state = job_status(obj)
    progress = 100.0 if state == "completed" else float(status.get("progress") or 0)
    if state == "queued":
        progress = 0.0
    finished = state in TERMINAL
    return {
        "job_id": job_id_of(obj),
        "status": state,
        "progress": progress,
        "created_at": annotations.get(CREATED_ANNOTATION) or meta.get("creationTimestamp"),
        "started_at": status.get("startedAt") if state != "queued" else None,
        "completed_at": (status.get("completedAt") or annotations.get(CANCELLED_ANNOTATION)) if finished else None,
        "filename": annotations.get(FILENAME_ANNOTATION),
        "scanner_type": status.get("scanner") or spec.get("scanner") or "auto",
        "assessment_name": status.get("assessmentName") or spec.get("assessmentName"),
        "import_type": spec.get("importType") or "new",
        "current_step": status.get("currentStep"),
        "recent_logs": [seed_log_line(line) for line in status.get("recentLogs") or []],
        "assets_imported": status.get("assetsImported")
        if state != "completed"
        else int(status.get("assetsImported") or 0),
        "vulnerabilities_imported": status.get("findingsImported")
        if state != "completed"
        else int(status.get("findingsImported") or 0),
        "error_message": error_message(obj),
    }


def list_view(
    objects: list[dict[str, Any]], *, status: str | None = None, page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    """GET /api/v1/jobs: newest first, filtered by status, one page."""
    views = [job_view(o) for o in objects]
    if status:
        views = [v for v in views if v["status"] == status]
    views.sort(key=lambda v: (str(v["created_at"] or ""), v["job_id"]), reverse=True)
    start = (page - 1) * page_size
    return {
        "jobs": views[start : start + page_size],
        "total": len(views),
        "page": page,
        "page_size": page_size,
    }


def queue_figures(objects: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for obj in objects:
        counts[job_status(obj)] += 1
    return {
        "pending_jobs": counts["queued"] + counts["pending"],
        "processing_jobs": counts["processing"],
        "completed_jobs": counts["completed"],
        "failed_jobs": counts["failed"],
        "cancelled_jobs": counts["cancelled"],
    }


# --- WebSocket messages ------------------------------------------------------------------------------------------
def message(kind: str, job_id: str, data: dict[str, Any] | None = None, *, now: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "job_id": job_id, "timestamp": now or utc_now()}
    if data is not None:
        out["data"] = data
    return out


def new_log_lines(before: list[str], after: list[str]) -> list[str]:
    """Lines of the rolling window `after` not yet in `before` (the longest suffix/prefix overlap is shared)."""
    for k in range(min(len(before), len(after)), 0, -1):
        if before[-k:] == after[:k]:
            return after[k:]
    return list(after)


def ws_messages(
    before: dict[str, Any] | None, after: dict[str, Any], *, now: str | None = None
) -> list[dict[str, Any]]:
    """What a WebSocket client is told when the ScanImport goes from `before` (None: first sight) to `after`."""
    job_id = job_id_of(after)
    out: list[dict[str, Any]] = []
    old_logs = list(((before or {}).get("status") or {}).get("recentLogs") or []) if before else []
    for line in new_log_lines(old_logs, list((after.get("status") or {}).get("recentLogs") or [])):
        ts, level, text = parse_log_line(line)
        out.append(message("log", job_id, {"level": level, "message": text, "timestamp": ts}, now=now))
    view = job_view(after)
    old = job_view(before) if before is not None else None
    watched = ("status", "progress", "current_step", "assets_imported", "vulnerabilities_imported")
    if old is None or any(old[k] != view[k] for k in watched):
        out.append(
            message(
                "progress",
                job_id,
                {
                    "progress": view["progress"],
                    "status": view["status"],
                    "current_step": view["current_step"] or view["status"].capitalize(),
                    "assets_imported": view["assets_imported"],
                    "vulnerabilities_imported": view["vulnerabilities_imported"],
                },
                now=now,
            )
        )
    if view["status"] == "completed":
        out.append(
            message(
                "complete",
                job_id,
                {
                    "status": "completed",
                    "assets_imported": view["assets_imported"],
                    "vulnerabilities_imported": view["vulnerabilities_imported"],
                    "assessment_name": view["assessment_name"],
                    "completed_at": view["completed_at"],
                },
                now=now,
            )
        )
    elif view["status"] in ("failed", "cancelled"):
        out.append(
            message(
                "error",
                job_id,
                {"status": view["status"], "error_message": view["error_message"]},
                now=now,
            )
        )
    return out
