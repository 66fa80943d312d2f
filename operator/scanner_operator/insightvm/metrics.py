"""Prometheus metrics of the InsightVM side. Low-cardinality labels only: no scan ids, no object names."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

API_REQUESTS = Counter(
    "phoenix_scanner_insightvm_api_requests",
    "Requests sent to the InsightVM console API, by HTTP status (or connection_error / timeout).",
    ["status"],
)

SCANS_BY_STATE = Gauge(
    "phoenix_scanner_insightvm_scans",
    "InsightVMScan objects by the console's last reported scan status.",
    ["state"],
)

SCANS_STARTED = Counter(
    "phoenix_scanner_insightvm_scans_started",
    "Scans started on the console by the operator.",
)
