"""FakeInsightVM: a local stand-in for a Rapid7 InsightVM Security Console (API v3), following
/work/shared/docs/insightvm-api.md §10. A real HTTP (or HTTPS, self-signed) server on 127.0.0.1 with Basic auth,
the paged envelope (404 past the last page), the console's quirks (201 on scan create, integer error `status`,
capitalised `scanType`, `startedBy` vs `startedByUsername`), a scan state machine driven by time or by the test,
400 on invalid transitions, engines, templates, sites, the reports flow (gzipped xml-export-v2) and faults
(401, 503, slow responses, console down = connections refused).

    with FakeInsightVM() as console:
        client = InsightVMClient(console.url, console.username, console.password)

Standalone (for `make demo`): `python -m scanner_operator.testing.fake_insightvm [--port N] [--tls]` prints
`{"url", "username", "password", "caFile"}` as JSON on its first stdout line and serves until SIGTERM.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import fnmatch
import gzip
import ipaddress
import json
import math
import signal
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .fake_insightvm_data import (
    CATALOGUE,
    ENGINES,
    TEMPLATES,
    FakeAsset,
    FakeEngine,
    FakeSite,
    build_xml_export_v2,
    default_sites,
)

GENERIC_400 = "An unexpected error occurred. See the log file for more information or contact support."
ACTIVE_STATES = frozenset({"dispatched", "running", "integrating", "paused", "unknown"})
TERMINAL_STATES = frozenset({"finished", "stopped", "error", "aborted"})
ALL_STATES = ACTIVE_STATES | TERMINAL_STATES
# The successor of each state when the scan advances on its own (or by `advance_scan`).
NEXT_STATE = {"dispatched": "running", "running": "integrating", "integrating": "finished"}
VALID_FROM = {"pause": {"running"}, "resume": {"paused"}, "stop": {"running", "paused"}}
REPORT_FORMATS = (
    "arf-xml",
    "csv-export",
    "cyberscope-xml",
    "database-export",
    "pdf",
    "html",
    "nexpose-simple-xml",
    "oval-xml",
    "qualys-xml",
    "rtf",
    "scap-xml",
    "sql-query",
    "text",
    "xccdf-xml",
    "xccdf-csv",
    "xml",
    "xml-export",
    "xml-export-v2",
)
TEMPLATED_FORMATS = frozenset({"pdf", "html", "rtf", "text", "xml"})
SCAN_SCOPED_FORMATS = frozenset(
    {"csv-export", "cyberscope-xml", "nexpose-simple-xml", "qualys-xml", "scap-xml", "sql-query", "xccdf-xml"}
    | {"xml-export", "xml-export-v2"}
)
ADHOC_SCAN_KEYS = frozenset({"name", "templateId", "engineId", "hosts", "assetGroupIds"})
SCAN_SORT_KEYS = {
    "id": "id",
    "scanName": "scanName",
    "startTime": "startTime",
    "endTime": "endTime",
    "status": "status",
    "assets": "assets",
}
MAX_PAGE_SIZE = 500


class ApiError(Exception):
    """Answered as the console's error envelope (with an integer `status`, as real consoles send)."""

    def __init__(self, status: int, message: str = GENERIC_400, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass(frozen=True)
class Call:
    """What a route handler sees of a request."""

    params: dict[str, str]
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class Fault:
    status: int
    remaining: int
    path_contains: str | None
    method: str | None
    message: str
    retry_after: str | None


@dataclass
class FakeScan:
    id: int
    site: FakeSite
    name: str
    engine: FakeEngine
    template_id: str
    targets: list[FakeAsset]
    started_by_field: str  # real consoles send one or the other
    start_wall: datetime
    state: str = "dispatched"
    entered: float = 0.0  # clock reading when `state` was entered
    run_done: float = 0.0  # seconds of running completed before the current running stretch
    end_wall: datetime | None = None
    outcome: str = "finished"  # what "running" ends in: finished (via integrating), error or aborted
    message: str = ""
    frozen_fraction: float | None = None  # progress kept when the scan stopped/failed mid-way


@dataclass
class FakeReport:
    id: int
    config: dict[str, Any]
    instances: dict[int, dict[str, Any]] = field(default_factory=dict)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_duration(seconds: float) -> str:
    """`PT51.316S`, `PT1H2M3.5S`: the console's ISO 8601 durations."""
    seconds = max(0.0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    if secs or text == "PT":
        text += f"{round(secs, 3):g}S"
    return text


class FakeInsightVM:
    def __init__(
        self,
        *,
        username: str = "ivm-admin",
        password: str = "fake-ivm-password",  # noqa: S107 - a throwaway credential of a local fake
        token: str | None = None,
        tls: bool = False,
        port: int = 0,
        auto_advance: bool = True,
        dispatch_seconds: float = 0.2,
        run_seconds: float = 1.0,
        integrate_seconds: float = 0.2,
        report_seconds: float = 0.2,
        gzip_reports: bool = True,
        lockout_threshold: int | None = None,
        sites: list[FakeSite] | None = None,
    ) -> None:
        self.username = username
        self.password = password
        self.token = token
        self.tls = tls
        self.auto_advance = auto_advance
        self.dispatch_seconds = dispatch_seconds
        self.run_seconds = run_seconds
        self.integrate_seconds = integrate_seconds
        self.report_seconds = report_seconds
        self.gzip_reports = gzip_reports
        self.lockout_threshold = lockout_threshold
        self.latency = 0.0
        self.requests: list[RecordedRequest] = []
        self.auth_failures = 0
        self.locked = False
        self.engines = {engine.id: engine for engine in ENGINES}
        self.templates = {str(t["id"]): dict(t) for t in TEMPLATES}
        self.sites = {site.id: site for site in (sites if sites is not None else default_sites())}
        self.scans: dict[int, FakeScan] = {}
        self.reports: dict[int, FakeReport] = {}
        self._faults: list[Fault] = []
        # Called (without the lock) after each request has been answered: tests use it to change the console
        # between two calls, e.g. purge scans while a client is paging.
        self.after_request: Callable[[RecordedRequest], None] | None = None
        self._lock = threading.RLock()
        self._clock_offset = 0.0
        self._next_scan_id = 1001
        self._next_report_id = 1
        self._next_instance_id = 1
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._revive_timer: threading.Timer | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="fake-insightvm-")
        self.ca_file: Path | None = None
        self._ssl_context: ssl.SSLContext | None = None
        if tls:
            self.ca_file, self._ssl_context = _self_signed_context(Path(self._tmp.name))

    # ---- lifecycle -----------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The console root (`https://127.0.0.1:PORT`); the API lives under `/api/3/`."""
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> FakeInsightVM:
        with self._lock:
            if self._server is not None:
                return self
            server = _Server(("127.0.0.1", self._port), _Handler, self)
            if self._ssl_context is not None:
                server.socket = self._ssl_context.wrap_socket(
                    server.socket, server_side=True, do_handshake_on_connect=False
                )
            self._port = int(server.server_address[1])
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-insightvm", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            if self._revive_timer is not None:
                self._revive_timer.cancel()
                self._revive_timer = None
            server, thread = self._server, self._thread
            self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def close(self) -> None:
        self.stop()
        self._tmp.cleanup()

    def __enter__(self) -> FakeInsightVM:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- fault injection -----------------------------------------------------------------------------------

    def go_down(self, seconds: float | None = None) -> None:
        """Stop listening (clients get connection refused) — for `seconds`, or until `come_up()`."""
        self.stop()
        if seconds is not None:
            timer = threading.Timer(seconds, self.come_up)
            timer.daemon = True
            with self._lock:
                self._revive_timer = timer
            timer.start()

    def come_up(self) -> None:
        """Listen again on the same port; scans kept their state (and their clocks kept running)."""
        with self._lock:
            self._revive_timer = None
        self.start()

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def fail_next(
        self,
        status: int,
        times: int = 1,
        *,
        path_contains: str | None = None,
        method: str | None = None,
        message: str | None = None,
        retry_after: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `status` (401, 500, 503...) and the error envelope."""
        default = "The service is temporarily unavailable." if status == 503 else GENERIC_400
        with self._lock:
            self._faults.append(
                Fault(status, times, path_contains, method.upper() if method else None, message or default, retry_after)
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
        self.latency = 0.0

    def set_credentials(self, username: str, password: str) -> None:
        with self._lock:
            self.username, self.password = username, password
            self.locked, self.auth_failures = False, 0

    # ---- scan control from tests ---------------------------------------------------------------------------

    def now(self) -> float:
        return time.monotonic() + self._clock_offset

    def advance_time(self, seconds: float) -> None:
        """Move the console's clock forward (auto-advancing scans progress accordingly)."""
        with self._lock:
            self._clock_offset += seconds

    def scan(self, scan_id: int) -> FakeScan:
        with self._lock:
            scan = self.scans[scan_id]
            self._progress(scan)
            return scan

    def scan_state(self, scan_id: int) -> str:
        return self.scan(scan_id).state

    def scans_named(self, name: str) -> list[FakeScan]:
        with self._lock:
            return [s for s in self.scans.values() if s.name == name]

    def advance_scan(self, scan_id: int) -> str:
        """Step a scan to its successor state (dispatched -> running -> integrating -> finished)."""
        with self._lock:
            scan = self.scans[scan_id]
            self._progress(scan)
            nxt = NEXT_STATE.get(scan.state)
            if nxt is None:
                raise ValueError(f"scan {scan_id} is {scan.state}: no successor state")
            if scan.state == "running":
                scan.run_done = self.run_seconds
                if scan.outcome != "finished":
                    self._enter(scan, scan.outcome)
                    return scan.state
            self._enter(scan, nxt)
            return scan.state

    def set_scan_state(self, scan_id: int, state: str, message: str = "") -> None:
        """Force a state (error, aborted, unknown, auto-paused...), as the console does on its own."""
        if state not in ALL_STATES:
            raise ValueError(f"unknown scan state {state!r}")
        with self._lock:
            scan = self.scans[scan_id]
            self._progress(scan)
            if scan.state == "running":
                scan.run_done += self.now() - scan.entered
            self._enter(scan, state)
            scan.message = message

    def fail_scan_when_run(self, scan_id: int, outcome: str = "error", message: str = "") -> None:
        """Make the scan end in `error` or `aborted` instead of finishing once its running time is up."""
        if outcome not in ("error", "aborted"):
            raise ValueError("outcome must be error or aborted")
        with self._lock:
            self.scans[scan_id].outcome = outcome
            self.scans[scan_id].message = message

    def seed_scans(self, site_id: int, count: int, state: str = "finished", name_prefix: str = "seeded") -> list[int]:
        """Add `count` scans of a site directly in `state` (history for paging tests), without HTTP."""
        if state not in ALL_STATES:
            raise ValueError(f"unknown scan state {state!r}")
        ids: list[int] = []
        with self._lock:
            site = self.sites[site_id]
            now_wall = datetime.now(UTC) + timedelta(seconds=self._clock_offset)
            for index in range(count):
                scan_id = self._next_scan_id
                self._next_scan_id += 1
                # Spread over the past: one scan an hour, the newest last, each taking 10-20 minutes.
                wall = now_wall - timedelta(hours=count - index)
                scan = FakeScan(
                    id=scan_id,
                    site=site,
                    name=f"{name_prefix}-{scan_id}",
                    engine=self.engines[site.engine_id],
                    template_id=site.template_id,
                    targets=list(site.assets),
                    started_by_field="startedBy" if scan_id % 2 else "startedByUsername",
                    start_wall=wall,
                    entered=self.now(),
                )
                if state in ("integrating", "finished"):
                    scan.run_done = self.run_seconds
                self._enter(scan, state)
                if scan.end_wall is not None:
                    scan.end_wall = wall + timedelta(minutes=10 + scan_id % 10, seconds=scan_id % 60)
                self.scans[scan_id] = scan
                ids.append(scan_id)
        return ids

    def delete_scans(self, scan_ids: list[int]) -> None:
        """Remove scans (as a console purging history does), e.g. between two page requests."""
        with self._lock:
            for scan_id in scan_ids:
                self.scans.pop(scan_id, None)

    # ---- state machine -------------------------------------------------------------------------------------

    def _enter(self, scan: FakeScan, state: str, at: float | None = None) -> None:
        now = self.now()
        scan.state = state
        scan.entered = now if at is None else at
        if state in TERMINAL_STATES:
            # A transition applied lazily happened `now - at` seconds ago.
            scan.end_wall = datetime.now(UTC) + timedelta(seconds=self._clock_offset - (now - scan.entered))
            if state != "finished":
                scan.frozen_fraction = self._fraction(scan)
        if state == "finished":
            scan.message = scan.message or ""
        elif state == "paused" and not scan.message:
            scan.message = "Paused by user"

    def _progress(self, scan: FakeScan) -> None:
        """Apply the transitions that the elapsed time implies (lazily, on every read)."""
        if not self.auto_advance:
            return
        if scan.engine.status != "active" and scan.state == "dispatched":
            return  # an unreachable engine never picks the scan up
        now = self.now()
        while True:
            elapsed = now - scan.entered
            if scan.state == "dispatched" and elapsed >= self.dispatch_seconds:
                self._enter(scan, "running", scan.entered + self.dispatch_seconds)
            elif scan.state == "running" and elapsed >= self.run_seconds - scan.run_done:
                at = scan.entered + (self.run_seconds - scan.run_done)
                scan.run_done = self.run_seconds
                self._enter(scan, "integrating" if scan.outcome == "finished" else scan.outcome, at)
            elif scan.state == "integrating" and elapsed >= self.integrate_seconds:
                self._enter(scan, "finished", scan.entered + self.integrate_seconds)
            else:
                return

    def _fraction(self, scan: FakeScan) -> float:
        """How much of the scan's targets have been assessed (drives assets and vulnerability counts)."""
        if scan.frozen_fraction is not None:
            return scan.frozen_fraction
        if scan.state in ("integrating", "finished"):
            return 1.0
        if scan.state == "dispatched" or self.run_seconds <= 0:
            return 0.0
        done = scan.run_done + (self.now() - scan.entered if scan.state == "running" else 0.0)
        return max(0.0, min(1.0, done / self.run_seconds))

    def _assessed(self, scan: FakeScan) -> list[FakeAsset]:
        count = math.floor(self._fraction(scan) * len(scan.targets) + 1e-9)
        return scan.targets[:count]

    def _scan_json(self, scan: FakeScan, *, global_view: bool) -> dict[str, Any]:
        self._progress(scan)
        counts = {"critical": 0, "severe": 0, "moderate": 0}
        assessed = self._assessed(scan)
        for asset in assessed:
            for vuln_id in asset.vulnerability_ids:
                counts[CATALOGUE[vuln_id].severity_class] += 1
        end = scan.end_wall or (datetime.now(UTC) + timedelta(seconds=self._clock_offset))
        body: dict[str, Any] = {
            "id": scan.id,
            "scanName": scan.name,
            "scanType": "Manual",  # real consoles capitalise it; the spec says "manual"
            "status": scan.state,
            "assets": len(assessed),
            "vulnerabilities": {**counts, "total": sum(counts.values())},
            "duration": iso_duration((end - scan.start_wall).total_seconds()),
            "startTime": _iso(scan.start_wall),
            "engineId": scan.engine.id,
            "engineIds": [scan.engine.id],
            "engineName": scan.engine.name,
            "message": scan.message,
            scan.started_by_field: self.username,
            "links": [{"href": f"{self.url}/api/3/scans/{scan.id}", "rel": "self"}],
        }
        if scan.end_wall is not None:
            body["endTime"] = _iso(scan.end_wall)
        if global_view:
            body["siteId"] = scan.site.id
            body["siteName"] = scan.site.name
        return body

    # ---- request handling ----------------------------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        query = parse_qs(parts.query, keep_blank_values=True)
        parsed_body: Any = None
        if body:
            try:
                parsed_body = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                parsed_body = body.decode("utf-8", "replace")
        record = RecordedRequest(method, parts.path, query, parsed_body, dict(headers))
        with self._lock:
            self.requests.append(record)
            if len(self.requests) > 20_000:  # bounded when serving for a long time (make demo)
                del self.requests[:10_000]
        if self.latency:
            time.sleep(self.latency)
        try:
            self._check_fault(method, parts.path)
            self._authenticate(headers)
            if isinstance(parsed_body, str):
                raise ApiError(400, "The request body is not valid JSON.")
            with self._lock:
                status, payload = self._route(method, parts.path, query, parsed_body, headers)
        except ApiError as exc:
            return self._error(exc, parts.path)
        finally:
            hook = self.after_request
            if hook is not None:
                hook(record)
        if isinstance(payload, bytes):
            return status, {"Content-Type": "application/octet-stream"}, payload
        return status, {"Content-Type": "application/json;charset=UTF-8"}, json.dumps(payload).encode()

    def _error(self, exc: ApiError, path: str) -> tuple[int, dict[str, str], bytes]:
        envelope = {
            "status": exc.status,
            "message": exc.message,
            "links": [{"href": f"{self.url}{path}", "rel": "self"}],
        }
        headers = {"Content-Type": "application/json;charset=UTF-8", **exc.headers}
        return exc.status, headers, json.dumps(envelope).encode()

    def _check_fault(self, method: str, path: str) -> None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining <= 0:
                    continue
                if fault.path_contains and fault.path_contains not in path:
                    continue
                if fault.method and fault.method != method:
                    continue
                fault.remaining -= 1
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                raise ApiError(fault.status, fault.message, headers)

    def _authenticate(self, headers: dict[str, str]) -> None:
        denied = ApiError(
            401, "Authentication is required or has failed.", {"WWW-Authenticate": 'Basic realm="Security Console"'}
        )
        scheme, _, encoded = headers.get("authorization", "").partition(" ")
        try:
            user, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, secret = "", ""
        with self._lock:
            if self.locked:
                raise denied
            ok = scheme.lower() == "basic" and user == self.username and secret == self.password
            if ok and self.token is not None:
                ok = headers.get("token") == self.token
            if not ok:
                self.auth_failures += 1
                if self.lockout_threshold is not None and self.auth_failures >= self.lockout_threshold:
                    self.locked = True
                raise denied

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, headers: dict[str, str]
    ) -> tuple[int, Any]:
        if not path.startswith("/api/3/"):
            raise ApiError(404, "The requested resource was not found.")
        segments = [s for s in path[len("/api/3/") :].split("/") if s]
        for pattern, methods in _ROUTES:
            params = _match(pattern, segments)
            if params is None:
                continue
            handler = methods.get(method)
            if handler is None:
                raise ApiError(405, f"Method {method} is not allowed on this resource.")
            result: tuple[int, Any] = handler(self, Call(params, query, body, headers))
            return result
        raise ApiError(404, "The requested resource was not found.")

    # ---- paging ----------------------------------------------------------------------------------------------

    def _page(self, items: list[dict[str, Any]], query: dict[str, list[str]], path: str) -> dict[str, Any]:
        page = _int_param(query, "page", 0)
        size = _int_param(query, "size", 10)
        if page < 0 or not 1 <= size <= MAX_PAGE_SIZE:
            raise ApiError(400, f"The page size must be between 1 and {MAX_PAGE_SIZE} and the page at least 0.")
        total = len(items)
        total_pages = math.ceil(total / size)
        if page > 0 and page >= total_pages:
            raise ApiError(404, "The requested page was not found.")
        base = f"{self.url}{path}?size={size}"
        links = [{"href": f"{base}&page={page}", "rel": "self"}, {"href": f"{base}&page=0", "rel": "first"}]
        if total_pages:
            links.append({"href": f"{base}&page={total_pages - 1}", "rel": "last"})
        if page + 1 < total_pages:
            links.append({"href": f"{base}&page={page + 1}", "rel": "next"})
        if page > 0:
            links.append({"href": f"{base}&page={page - 1}", "rel": "prev"})
        return {
            "resources": items[page * size : (page + 1) * size],
            "page": {"number": page, "size": size, "totalPages": total_pages, "totalResources": total},
            "links": links,
        }

    # ---- scans -------------------------------------------------------------------------------------------

    def _list_scans(self, scans: list[FakeScan], query: dict[str, list[str]], path: str, *, global_view: bool) -> Any:
        active_values = query.get("active", ["false"])
        if active_values[-1] not in ("true", "false"):
            raise ApiError(400, "The parameter 'active' must be true or false.")
        want_active = active_values[-1] == "true"
        for scan in scans:
            self._progress(scan)
        chosen = [s for s in scans if (s.state in ACTIVE_STATES) == want_active]
        items = [self._scan_json(s, global_view=global_view) for s in chosen]
        return 200, self._page(_sorted(items, query.get("sort", [])), query, path)

    def _get_scans(self, req: Call) -> Any:
        return self._list_scans(list(self.scans.values()), req.query, "/api/3/scans", global_view=True)

    def _get_scan(self, req: Call) -> Any:
        scan = self._find_scan(req.params["id"])
        return 200, self._scan_json(scan, global_view=False)

    def _set_scan_status(self, req: Call) -> Any:
        action = req.params["status"]
        if action not in VALID_FROM:
            raise ApiError(400, f"The scan status '{action}' is not valid: use pause, resume or stop.")
        scan = self._find_scan(req.params["id"])
        self._progress(scan)
        if scan.state not in VALID_FROM[action]:
            raise ApiError(400, f"The scan cannot be {_PAST[action]} because it is {scan.state}.")
        now = self.now()
        if scan.state == "running":
            scan.run_done += now - scan.entered
        scan.message = ""
        self._enter(scan, {"pause": "paused", "resume": "running", "stop": "stopped"}[action], now)
        if action == "stop":
            scan.message = "Stopped by user"
        return 200, {"links": [{"href": f"{self.url}/api/3/scans/{scan.id}", "rel": "self"}]}

    def _find_scan(self, raw_id: str) -> FakeScan:
        scan = self.scans.get(_int_path(raw_id))
        if scan is None:
            raise ApiError(404, f"The scan with ID {raw_id} was not found.")
        return scan

    def _find_site(self, raw_id: str) -> FakeSite:
        site = self.sites.get(_int_path(raw_id))
        if site is None:
            raise ApiError(404, f"The site with ID {raw_id} was not found.")
        return site

    def _get_site_scans(self, req: Call) -> Any:
        site = self._find_site(req.params["id"])
        scans = [s for s in self.scans.values() if s.site.id == site.id]
        return self._list_scans(scans, req.query, f"/api/3/sites/{site.id}/scans", global_view=False)

    def _start_scan(self, req: Call) -> Any:
        site = self._find_site(req.params["id"])
        override = req.query.get("overrideBlackout", ["false"])[-1]
        if override not in ("true", "false"):
            raise ApiError(400, "The parameter 'overrideBlackout' must be true or false.")
        body = {} if req.body is None else req.body
        if not isinstance(body, dict) or set(body) - ADHOC_SCAN_KEYS:
            raise ApiError(400)  # e.g. overrideBlackout put in the body: the console answers its generic 400
        name = body.get("name", None)
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ApiError(400)
        template_id = body.get("templateId", site.template_id)
        if template_id not in self.templates:
            raise ApiError(400)
        engine_id = body.get("engineId", site.engine_id)
        if not isinstance(engine_id, int) or engine_id not in self.engines:
            raise ApiError(400)
        hosts = body.get("hosts")
        groups = body.get("assetGroupIds")
        if groups is not None and (
            not isinstance(groups, list) or not groups or any(g not in site.asset_group_ids for g in groups)
        ):
            raise ApiError(400)
        if hosts is not None:
            if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) and h for h in hosts):
                raise ApiError(400)
            if not all(_in_scope(h, site.scope) for h in hosts):
                raise ApiError(400)
            targets = [a for a in site.assets if any(_host_matches(h, a) for h in hosts)]
        else:
            targets = list(site.assets)
        if site.blackout and override != "true":
            raise ApiError(400, "The scan cannot be started during the site's blackout period.")
        scan_id = self._next_scan_id
        self._next_scan_id += 1
        wall = datetime.now(UTC) + timedelta(seconds=self._clock_offset)
        scan = FakeScan(
            id=scan_id,
            site=site,
            name=name or wall.strftime("%a %d %b %Y %I:%M %p"),
            engine=self.engines[engine_id],
            template_id=template_id,
            targets=targets,
            started_by_field="startedBy" if scan_id % 2 else "startedByUsername",
            start_wall=wall,
            entered=self.now(),
        )
        self.scans[scan_id] = scan
        # The console answers 201, though the specification documents 200.
        return 201, {"id": scan_id, "links": [{"href": f"{self.url}/api/3/scans/{scan_id}", "rel": "self"}]}

    # ---- sites, engines, templates -----------------------------------------------------------------------

    def _site_json(self, site: FakeSite) -> dict[str, Any]:
        return {
            "id": site.id,
            "name": site.name,
            "description": site.description,
            "type": "static",
            "scanEngine": site.engine_id,
            "scanTemplate": site.template_id,
            "assets": len(site.assets),
            "importance": "normal",
            "links": [{"href": f"{self.url}/api/3/sites/{site.id}", "rel": "self"}],
        }

    def _engine_json(self, engine: FakeEngine) -> dict[str, Any]:
        return {
            "id": engine.id,
            "name": engine.name,
            "address": engine.address,
            "port": engine.port,
            "status": engine.status,
            "sites": sorted(s.id for s in self.sites.values() if s.engine_id == engine.id),
            "links": [{"href": f"{self.url}/api/3/scan_engines/{engine.id}", "rel": "self"}],
        }

    def _get_sites(self, req: Call) -> Any:
        items = [self._site_json(s) for s in sorted(self.sites.values(), key=lambda s: s.id)]
        return 200, self._page(items, req.query, "/api/3/sites")

    def _get_site(self, req: Call) -> Any:
        return 200, self._site_json(self._find_site(req.params["id"]))

    def _get_site_engine(self, req: Call) -> Any:
        return 200, self._engine_json(self.engines[self._find_site(req.params["id"]).engine_id])

    def _get_site_template(self, req: Call) -> Any:
        return 200, self.templates[self._find_site(req.params["id"]).template_id]

    def _get_site_groups(self, req: Call) -> Any:
        site = self._find_site(req.params["id"])
        groups = [{"id": g, "name": f"Asset group {g}", "type": "static"} for g in site.asset_group_ids]
        return 200, {"resources": groups, "links": [{"href": f"{self.url}/api/3/sites/{site.id}", "rel": "self"}]}

    def _get_engines(self, req: Call) -> Any:
        items = [self._engine_json(e) for e in self.engines.values()]
        return 200, {"resources": items, "links": [{"href": f"{self.url}/api/3/scan_engines", "rel": "self"}]}

    def _get_engine(self, req: Call) -> Any:
        engine = self.engines.get(_int_path(req.params["id"]))
        if engine is None:
            raise ApiError(404, f"The scan engine with ID {req.params['id']} was not found.")
        return 200, self._engine_json(engine)

    def _get_engine_scans(self, req: Call) -> Any:
        engine_id = _int_path(req.params["id"])
        if engine_id not in self.engines:
            raise ApiError(404, f"The scan engine with ID {req.params['id']} was not found.")
        scans = [s for s in self.scans.values() if s.engine.id == engine_id]
        return self._list_scans(scans, req.query, f"/api/3/scan_engines/{engine_id}/scans", global_view=False)

    def _get_templates(self, req: Call) -> Any:
        items = list(self.templates.values())
        return 200, {"resources": items, "links": [{"href": f"{self.url}/api/3/scan_templates", "rel": "self"}]}

    def _get_template(self, req: Call) -> Any:
        template = self.templates.get(req.params["id"])
        if template is None:
            raise ApiError(404, f"The scan template {req.params['id']} was not found.")
        return 200, template

    # ---- reports -----------------------------------------------------------------------------------------

    def _create_report(self, req: Call) -> Any:
        body = req.body
        if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"].strip():
            raise ApiError(400, "A report name is required.")
        fmt = body.get("format")
        if fmt not in REPORT_FORMATS:
            raise ApiError(400, f"The report format {fmt!r} is not valid.")
        if fmt in TEMPLATED_FORMATS and not body.get("template"):
            raise ApiError(400, f"The report format {fmt} requires a template.")
        scope = body.get("scope") or {}
        if not isinstance(scope, dict):
            raise ApiError(400)
        if "scan" in scope:
            if fmt not in SCAN_SCOPED_FORMATS:
                raise ApiError(400, f"The report format {fmt} cannot be scoped to a scan.")
            if set(scope) != {"scan"}:
                raise ApiError(400, "When a scan is in the scope no other scope element may be set.")
            if not isinstance(scope["scan"], int) or scope["scan"] not in self.scans:
                raise ApiError(400, f"The scan {scope['scan']!r} does not exist.")
        elif fmt != "sql-query" and not any(scope.get(k) for k in ("assets", "sites", "assetGroups", "tags")):
            raise ApiError(400, "The report requires a scope.")
        report_id = self._next_report_id
        self._next_report_id += 1
        self.reports[report_id] = FakeReport(report_id, dict(body))
        return 201, {"id": report_id, "links": [{"href": f"{self.url}/api/3/reports/{report_id}", "rel": "self"}]}

    def _find_report(self, raw_id: str) -> FakeReport:
        report = self.reports.get(_int_path(raw_id))
        if report is None:
            raise ApiError(404, f"The report with ID {raw_id} was not found.")
        return report

    def _get_reports(self, req: Call) -> Any:
        items = [{"id": r.id, **r.config} for r in self.reports.values()]
        return 200, self._page(items, req.query, "/api/3/reports")

    def _get_report(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        return 200, {"id": report.id, **report.config}

    def _delete_report(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        del self.reports[report.id]
        return 200, {"links": [{"href": f"{self.url}/api/3/reports", "rel": "self"}]}

    def _generate_report(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        instance_id = self._next_instance_id
        self._next_instance_id += 1
        content = self._render_report(report)
        report.instances[instance_id] = {
            "id": instance_id,
            "ready_at": self.now() + self.report_seconds,
            "content": content,
            "generated": _iso(datetime.now(UTC)),
        }
        link = f"{self.url}/api/3/reports/{report.id}/history/{instance_id}"
        return 200, {"id": instance_id, "links": [{"href": link, "rel": "self"}]}

    def _render_report(self, report: FakeReport) -> bytes | None:
        """The document a finished generation serves; None (the instance fails) for formats the fake lacks."""
        scope = report.config.get("scope") or {}
        if report.config.get("format") != "xml-export-v2" or "scan" not in scope:
            return None
        scan = self.scans[scope["scan"]]
        self._progress(scan)
        return build_xml_export_v2(
            scan_id=scan.id,
            scan_name=scan.name,
            status=scan.state,
            start=scan.start_wall,
            end=scan.end_wall,
            site=scan.site,
            template_name=str(self.templates[scan.template_id]["name"]),
            assets=self._assessed(scan),
        )

    def _instance_json(self, report: FakeReport, instance: dict[str, Any]) -> dict[str, Any]:
        content: bytes | None = instance["content"]
        status = "complete" if self.now() >= instance["ready_at"] else "running"
        if content is None:
            status = "failed"
        body: dict[str, Any] = {"id": instance["id"], "status": status, "generated": instance["generated"]}
        link = f"{self.url}/api/3/reports/{report.id}/history/{instance['id']}"
        if status == "complete" and content is not None:
            size = len(self._stored_output(content))
            body["size"] = {"bytes": size, "formatted": f"{size / 1024:.1f} KB"}
            body["uri"] = f"{link}/output"
        body["links"] = [{"href": link, "rel": "self"}]
        return body

    def _stored_output(self, content: bytes) -> bytes:
        return gzip.compress(content, mtime=0) if self.gzip_reports else content

    def _find_instance(self, report: FakeReport, raw_instance: str) -> dict[str, Any]:
        if raw_instance == "latest" and report.instances:
            return report.instances[max(report.instances)]
        instance = report.instances.get(_int_path(raw_instance)) if raw_instance != "latest" else None
        if instance is None:
            raise ApiError(404, f"The report instance {raw_instance} was not found.")
        return instance

    def _get_history(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        items = [self._instance_json(report, i) for i in report.instances.values()]
        return 200, {
            "resources": items,
            "links": [{"href": f"{self.url}/api/3/reports/{report.id}/history", "rel": "self"}],
        }

    def _get_instance(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        return 200, self._instance_json(report, self._find_instance(report, req.params["instance"]))

    def _delete_instance(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        instance = self._find_instance(report, req.params["instance"])
        del report.instances[instance["id"]]
        return 200, {"links": []}

    def _get_output(self, req: Call) -> Any:
        report = self._find_report(req.params["id"])
        instance = self._find_instance(report, req.params["instance"])
        accept = req.headers.get("accept", "*/*")
        if accept.strip().lower().startswith("application/json"):
            raise ApiError(406, "Not Acceptable")
        if self._instance_json(report, instance)["status"] != "complete":
            raise ApiError(404, "The report output is not available.")
        content: bytes = instance["content"]
        return 200, self._stored_output(content)

    def _get_formats(self, req: Call) -> Any:
        items = [{"format": f, "templates": ["audit-report"] if f in TEMPLATED_FORMATS else []} for f in REPORT_FORMATS]
        return 200, {"resources": items, "links": [{"href": f"{self.url}/api/3/report_formats", "rel": "self"}]}


_PAST = {"pause": "paused", "resume": "resumed", "stop": "stopped"}
_Handler_t = Callable[[FakeInsightVM, Call], tuple[int, Any]]
_ROUTES: list[tuple[tuple[str, ...], dict[str, _Handler_t]]] = [
    (("scans",), {"GET": FakeInsightVM._get_scans}),
    (("scans", "{id}"), {"GET": FakeInsightVM._get_scan}),
    (("scans", "{id}", "{status}"), {"POST": FakeInsightVM._set_scan_status}),
    (("sites",), {"GET": FakeInsightVM._get_sites}),
    (("sites", "{id}"), {"GET": FakeInsightVM._get_site}),
    (("sites", "{id}", "scans"), {"GET": FakeInsightVM._get_site_scans, "POST": FakeInsightVM._start_scan}),
    (("sites", "{id}", "scan_engine"), {"GET": FakeInsightVM._get_site_engine}),
    (("sites", "{id}", "scan_template"), {"GET": FakeInsightVM._get_site_template}),
    (("sites", "{id}", "included_asset_groups"), {"GET": FakeInsightVM._get_site_groups}),
    (("scan_engines",), {"GET": FakeInsightVM._get_engines}),
    (("scan_engines", "{id}"), {"GET": FakeInsightVM._get_engine}),
    (("scan_engines", "{id}", "scans"), {"GET": FakeInsightVM._get_engine_scans}),
    (("scan_templates",), {"GET": FakeInsightVM._get_templates}),
    (("scan_templates", "{id}"), {"GET": FakeInsightVM._get_template}),
    (("reports",), {"GET": FakeInsightVM._get_reports, "POST": FakeInsightVM._create_report}),
    (("reports", "{id}"), {"GET": FakeInsightVM._get_report, "DELETE": FakeInsightVM._delete_report}),
    (("reports", "{id}", "generate"), {"POST": FakeInsightVM._generate_report}),
    (("reports", "{id}", "history"), {"GET": FakeInsightVM._get_history}),
    (
        ("reports", "{id}", "history", "{instance}"),
        {"GET": FakeInsightVM._get_instance, "DELETE": FakeInsightVM._delete_instance},
    ),
    (("reports", "{id}", "history", "{instance}", "output"), {"GET": FakeInsightVM._get_output}),
    (("report_formats",), {"GET": FakeInsightVM._get_formats}),
]


def _match(pattern: tuple[str, ...], segments: list[str]) -> dict[str, str] | None:
    if len(pattern) != len(segments):
        return None
    params: dict[str, str] = {}
    for want, got in zip(pattern, segments, strict=True):
        if want.startswith("{"):
            params[want[1:-1]] = got
        elif want != got:
            return None
    return params


def _int_path(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, f"The identifier {raw!r} is not a valid number.") from None


def _int_param(query: dict[str, list[str]], name: str, default: int) -> int:
    values = query.get(name)
    if not values:
        return default
    try:
        return int(values[-1])
    except ValueError:
        raise ApiError(400, f"The parameter '{name}' must be a number.") from None


def _sorted(items: list[dict[str, Any]], sorts: list[str]) -> list[dict[str, Any]]:
    """Apply repeated `sort=property[,ASC|DESC]` keys; the first key is the primary one."""
    result = sorted(items, key=lambda item: item["id"])
    for spec in reversed(sorts):
        prop, _, direction = spec.partition(",")
        if prop not in SCAN_SORT_KEYS or direction.upper() not in ("", "ASC", "DESC"):
            raise ApiError(400, f"The sort property {spec!r} is not valid.")
        key = SCAN_SORT_KEYS[prop]
        present = [i for i in result if i.get(key) is not None]
        missing = [i for i in result if i.get(key) is None]
        present.sort(key=lambda item: item[key], reverse=direction.upper() == "DESC")
        result = present + missing
    return result


def _in_scope(host: str, scope: list[str]) -> bool:
    try:
        network = ipaddress.ip_network(host, strict=False)
    except ValueError:
        return any(fnmatch.fnmatch(entry, host) or entry == host for entry in scope)
    for entry in scope:
        try:
            allowed = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if network.version == allowed.version and network.subnet_of(allowed):  # type: ignore[arg-type]
            return True
    return False


def _host_matches(host: str, asset: FakeAsset) -> bool:
    try:
        network = ipaddress.ip_network(host, strict=False)
    except ValueError:
        return fnmatch.fnmatch(asset.hostname, host)
    return ipaddress.ip_address(asset.ip) in network


def _self_signed_context(directory: Path) -> tuple[Path, ssl.SSLContext]:
    """A certificate for 127.0.0.1/localhost, self-signed as a freshly installed console's is."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-insightvm")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "console.crt"
    key_path = directory / "console.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return cert_path, context


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], fake: FakeInsightVM) -> None:
        self.fake = fake
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "Security Console"
    sys_version = ""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, out_headers, payload = self.server.fake.handle(self.command, self.path, headers, body)
        self.send_response(status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "")
        for key, value in out_headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve
    do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: tests read `fake.requests` instead


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a fake InsightVM Security Console on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", action="store_true", help="HTTPS with a self-signed certificate (see caFile)")
    parser.add_argument("--username", default="ivm-admin")
    parser.add_argument("--password", default="fake-ivm-password")
    parser.add_argument("--run-seconds", type=float, default=5.0, help="how long each scan runs")
    args = parser.parse_args(argv)
    fake = FakeInsightVM(
        username=args.username, password=args.password, tls=args.tls, port=args.port, run_seconds=args.run_seconds
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        info = {
            "url": fake.url,
            "username": fake.username,
            "password": fake.password,
            "caFile": str(fake.ca_file) if fake.ca_file else None,
            "siteId": next(iter(fake.sites)),
        }
        print(json.dumps(info), flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
