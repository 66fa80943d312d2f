"""Rapid7 InsightVM Security Console API v3 client: scans (the ScansAPI it replaces) and scan-scoped report export.

from scanner_operator.insightvm import InsightVMClient
client = InsightVMClient()            # INSIGHTVM_BASE_URL / _USERNAME / _PASSWORD / _VERIFY_SSL
scan_id = client.scans.start_site_scan(site_id=42, scan_name="Weekly Security Audit")
final = client.scans.wait_for_scan_completion(scan_id, poll_interval=60, timeout=7200)
client.reports.export_scan(scan_id, Path("scan.xml"))   # xml-export-v2 for Phoenix
"""

from __future__ import annotations

from . import statuses
from .client import InsightVMClient
from .errors import ConsoleHTTPError, ReportGenerationError, ScanNotFinishedError
from .reports import ReportsAPI
from .scans import ScansAPI, summarize_scan
from .settings import ConsoleSettings, resolve_settings

__all__ = [
    "ConsoleHTTPError",
    "ConsoleSettings",
    "InsightVMClient",
    "ReportGenerationError",
    "ReportsAPI",
    "ScanNotFinishedError",
    "ScansAPI",
    "resolve_settings",
    "statuses",
    "summarize_scan",
]
