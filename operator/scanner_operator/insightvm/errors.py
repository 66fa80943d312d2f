"""Errors of the console client. HTTP failures stay `httpx.HTTPStatusError` (with `.response`), so callers written
against the replaced ScansAPI keep working; the subclass adds the console's own message."""

from __future__ import annotations

import json

import httpx

_MAX_MESSAGE = 500


def console_message(response: httpx.Response) -> str:
    """The `message` of the console's error envelope; `status` may be an int or a string, the body may not be
    JSON at all (a proxy's HTML page), in which case a short plain-text excerpt is used."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = response.text.strip() if response.content else ""
        if text.startswith("<"):  # an HTML error page says nothing a person can act on
            return ""
        return " ".join(text.split())[:_MAX_MESSAGE]
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str):
            return message[:_MAX_MESSAGE]
    return ""


def envelope_status(response: httpx.Response) -> int | None:
    """The error envelope's `status` as an int, whether the console sent `400` or `"400"`."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None
    value = body.get("status") if isinstance(body, dict) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


class ConsoleHTTPError(httpx.HTTPStatusError):
    """A 4xx/5xx from the console. `str()` has method, path, status and the console's message, never credentials."""

    def __init__(self, request: httpx.Request, response: httpx.Response) -> None:
        self.console_message = console_message(response)
        self.status_code = response.status_code
        detail = f": {self.console_message}" if self.console_message else ""
        super().__init__(
            f"InsightVM {request.method} {request.url.path} -> {response.status_code}{detail}",
            request=request,
            response=response,
        )


class ScanNotFinishedError(RuntimeError):
    """Results are exported only from a `finished` scan (integrating results are not final)."""

    def __init__(self, scan_id: int, status: str) -> None:
        self.scan_id = scan_id
        self.status = status
        super().__init__(f"scan {scan_id} is {status!r}; results can only be exported once it is 'finished'")


class ReportGenerationError(RuntimeError):
    """The console gave up generating a report (instance status failed/aborted)."""

    def __init__(self, report_id: int, instance_id: int | str, status: str) -> None:
        self.report_id = report_id
        self.instance_id = instance_id
        self.status = status
        super().__init__(f"report {report_id} instance {instance_id} ended {status!r}")
