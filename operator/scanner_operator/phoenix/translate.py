"""Raw-file import through Phoenix's server-side translator (phoenix-api.md §4), for formats with no local parser.

Chosen when the scanner is given as "translate:<Phoenix scan type>" (e.g. "translate:Burp Scan"), as a
"PhxSbomSca:<projectType>" SBOM scan, or when the detected format is registered as translate-only (its
`phoenix_scan_type` names the translator). At most one translate request per Phoenix organisation is in flight
from this process: concurrent uploads of one organisation collide server-side (§4.3).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from scan_parsers import ReportInput

from .client import TranslateStatus
from .errors import PhoenixRejected, PhoenixUncertain

TRANSLATE_PREFIX = "translate:"
SBOM_PREFIX = "PhxSbomSca:"
_DONE_OK = "IMPORTED"
_DONE_ERROR = "ERROR"
_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_guard = threading.Lock()


class TranslateSink(Protocol):
    def translate_upload(
        self,
        path: Path,
        *,
        scan_type: str,
        assessment_name: str,
        import_type: str,
        auto_import: bool = True,
        scan_target: str | None = None,
        filename: str | None = None,
    ) -> str | None: ...

    def translate_status(self, request_id: str) -> TranslateStatus: ...


def translate_scan_type(scanner: str) -> str | None:
    """The Phoenix scanType when `scanner` asks for a server-side translation, else None."""
    s = scanner.strip()
    if s.lower().startswith(TRANSLATE_PREFIX):
        name = s[len(TRANSLATE_PREFIX) :].strip()
        if not name:
            raise PhoenixRejected(
                "translate: needs a Phoenix scan type, e.g. 'translate:Burp Scan'", reason="InvalidScanner"
            )
        return name
    if s.startswith(SBOM_PREFIX) and len(s) > len(SBOM_PREFIX):
        return s
    return None


def _org_lock(client: object) -> threading.Lock:
    key = (str(getattr(client, "api_url", "")), str(getattr(client, "client_id", "")))
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def translate_report(
    client: TranslateSink,
    report: ReportInput,
    *,
    scan_type: str,
    assessment_name: str,
    import_type: str,
    poll_interval: float = 10.0,
    timeout: float = 3600.0,
    on_status: Callable[[TranslateStatus], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> str | None:
    """Upload and follow the request until IMPORTED. Returns the request id.

    ERROR -> PhoenixRejected (reason PhoenixTranslateFailed). Past `timeout` -> PhoenixUncertain: the request may
    still finish server-side; its id is in the message so it can be checked later.
    """
    with _org_lock(client), _as_file(report) as path:
        request_id = client.translate_upload(
            path,
            scan_type=scan_type,
            assessment_name=assessment_name,
            import_type=import_type,
            filename=report.name,
        )
        if request_id is None:
            return None
        deadline = time.monotonic() + timeout
        while True:
            status = client.translate_status(request_id)
            if on_status is not None:
                on_status(status)
            if status.status == _DONE_OK:
                return request_id
            if status.status == _DONE_ERROR:
                raise PhoenixRejected(
                    f"Phoenix could not translate the report as {scan_type!r} (request {request_id}): "
                    f"{(status.error or 'no detail given')[:500]}",
                    reason="PhoenixTranslateFailed",
                )
            if time.monotonic() + poll_interval > deadline:
                raise PhoenixUncertain(
                    f"translate request {request_id} still {status.status or 'without status'} after {timeout:.0f}s; "
                    "it may still complete in Phoenix",
                    reason="PhoenixTranslateTimeout",
                )
            sleep(poll_interval)


class _as_file:
    """The report as a path on disk (a temporary copy when it was given in memory)."""

    def __init__(self, report: ReportInput) -> None:
        self._report = report
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Path:
        if self._report.path is not None:
            return self._report.path
        self._tmp = tempfile.TemporaryDirectory(prefix="phoenix-translate-")
        path = Path(self._tmp.name) / (Path(self._report.name).name or "report")
        with self._report.open() as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return path

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
