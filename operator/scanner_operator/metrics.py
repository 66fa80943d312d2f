"""Prometheus metrics of the operator (prefix `phoenix_scanner_`, low-cardinality labels, no object names)."""

from __future__ import annotations

import platform
import threading
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, start_http_server

from . import __version__

RECONCILE_TOTAL = Counter(
    "phoenix_scanner_reconcile_total", "Reconcile passes by resource kind and result.", ["kind", "result"]
)
IMPORTS_TOTAL = Counter(
    "phoenix_scanner_imports_total",
    "Finished imports by result (succeeded|failed) and report format.",
    ["result", "format"],
)
IMPORT_DURATION = Histogram(
    "phoenix_scanner_import_duration_seconds",
    "Duration of finished imports, from Job creation to completion.",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200),
)
FINDINGS_IMPORTED = Counter("phoenix_scanner_findings_imported_total", "Findings imported into Phoenix.")
PHOENIX_API_REQUESTS = Counter(
    "phoenix_scanner_phoenix_api_requests_total", "Phoenix API requests by HTTP status (or `error`).", ["status"]
)
RESOURCES_NOT_READY = Gauge(
    "phoenix_scanner_resources_not_ready", "Objects whose Ready condition is not True, by kind.", ["kind"]
)
BUILD_INFO = Gauge("phoenix_scanner_build_info", "Version of the running operator.", ["version", "python"])
BUILD_INFO.labels(version=__version__, python=platform.python_version()).set(1)


_not_ready: dict[str, set[tuple[str, str]]] = {"ScanImport": set(), "InsightVMScan": set()}
_not_ready_lock = threading.Lock()
for _kind in _not_ready:
    RESOURCES_NOT_READY.labels(kind=_kind).set(0)


def observe_readiness(kind: str, namespace: str, name: str, status: dict[str, Any] | None) -> None:
    """Track whether an object is Ready after a reconcile; `status=None` forgets a deleted object."""
    ready = status is not None and any(
        c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or []
    )
    with _not_ready_lock:
        members = _not_ready.setdefault(kind, set())
        if ready or status is None:
            members.discard((namespace, name))
        else:
            members.add((namespace, name))
        RESOURCES_NOT_READY.labels(kind=kind).set(len(members))


def record_import(result: str, format_id: str, duration_seconds: float | None, findings: int) -> None:
    IMPORTS_TOTAL.labels(result=result, format=format_id or "unknown").inc()
    if duration_seconds is not None:
        IMPORT_DURATION.observe(duration_seconds)
    if findings > 0:
        FINDINGS_IMPORTED.inc(findings)


def serve(port: int, addr: str = "0.0.0.0") -> Any:  # noqa: S104 - scraped from inside the cluster
    """Serve /metrics in a background thread; returns the server so it can be shut down."""
    server, _thread = start_http_server(port, addr=addr)
    return server
