"""The notification payloads: the replaced Phoenix Scanner Service's webhook JSON (its user guide, "Webhook
Notifications"), and how a finished ScanImport becomes one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def build_import_event(
    *,
    job_id: str,
    status: str,
    filename: str,
    scanner_type: str,
    success: bool,
    assets_imported: int | None = None,
    vulnerabilities_imported: int | None = None,
    assessment_name: str | None = None,
    error: str | None = None,
    timestamp: datetime | None = None,
) -> dict[str, Any]:
    """`{job_id, status, filename, scanner_type, success, timestamp}` plus the counts and assessment on success,
    or `error` on failure - the replaced service's payload, so existing receivers keep working."""
    when = (timestamp or datetime.now(UTC)).astimezone(UTC)
    event: dict[str, Any] = {
        "job_id": job_id,
        "status": status,
        "filename": filename,
        "scanner_type": scanner_type,
        "success": success,
        "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if success:
        event["assets_imported"] = assets_imported or 0
        event["vulnerabilities_imported"] = vulnerabilities_imported or 0
        event["assessment_name"] = assessment_name or ""
    else:
        # `error_message` is what the replaced service's job API calls it; `error` is its webhook's name
        event["error"] = event["error_message"] = error or "import failed"
    return event


def scanimport_event(
    obj: dict[str, Any], status: dict[str, Any], outcome: str, reason: str, message: str
) -> dict[str, Any]:
    """The event for a ScanImport whose import ended with `outcome` (Succeeded | Failed)."""
    spec = obj.get("spec") or {}
    succeeded = outcome == "Succeeded"
    return build_import_event(
        job_id=str(status.get("jobName") or obj["metadata"]["name"]),
        status="completed" if succeeded else "failed",
        filename=source_label(spec.get("source") or {}),
        scanner_type=str(status.get("scanner") or spec.get("scanner") or "auto"),
        success=succeeded,
        assets_imported=status.get("assetsImported"),
        vulnerabilities_imported=status.get("findingsImported"),
        assessment_name=status.get("assessmentName"),
        error=None if succeeded else f"{reason}: {message}",
    )


def source_label(source: dict[str, Any]) -> str:
    """A secret-free name for the report: the key/object/blob name, never a URL's query."""
    for kind, field in (
        ("configMap", "key"),
        ("secret", "key"),
        ("s3", "key"),
        ("gcs", "object"),
        ("azureBlob", "blob"),
    ):
        if isinstance(source.get(kind), dict):
            return str(source[kind].get(field) or kind)
    http = source.get("http")
    if isinstance(http, dict):
        return str(http.get("url", "")).split("?", 1)[0].rsplit("/", 1)[-1] or "report"
    return "report"
