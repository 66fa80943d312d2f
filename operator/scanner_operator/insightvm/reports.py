"""`client.reports`: export one scan's results through the reports API (insightvm-api.md §7.1): create a report
configuration scoped to the scan, generate it, poll the instance, download (gunzip when gzipped), delete the
configuration. `xml-export-v2` is the Nexpose XML 2.0 that scan_parsers' nexpose parser reads."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from . import statuses
from .errors import ReportGenerationError, ScanNotFinishedError
from .transport import ConsoleTransport

DEFAULT_FORMAT = "xml-export-v2"
SCAN_SCOPED_FORMATS = frozenset(
    {
        "csv-export",
        "cyberscope-xml",
        "nexpose-simple-xml",
        "qualys-xml",
        "scap-xml",
        "sql-query",
        "xccdf-xml",
        "xml-export",
        "xml-export-v2",
    }
)
_GZIP_MAGIC = b"\x1f\x8b"
# `Accept: application/json` on the download earns a 406 from IVM 8.x consoles.
_DOWNLOAD_HEADERS = {"Accept": "*/*"}
_CHUNK = 1 << 16

JSONDict = dict[str, Any]


class ReportsAPI:
    def __init__(self, transport: ConsoleTransport) -> None:
        self._http = transport

    def create(self, config: JSONDict) -> int:
        """`POST /reports` (200 or 201); returns the report configuration id."""
        created = self._http.request_json("POST", "reports", json=config)
        return _created_id(created, "report")

    def generate(self, report_id: int) -> int:
        """`POST /reports/{id}/generate`; returns the report instance id."""
        created = self._http.request_json("POST", f"reports/{int(report_id)}/generate")
        return _created_id(created, "report instance")

    def get_instance(self, report_id: int, instance_id: int | str = "latest") -> JSONDict:
        result: JSONDict = self._http.request_json("GET", f"reports/{int(report_id)}/history/{instance_id}")
        return result

    def wait_for_instance(
        self, report_id: int, instance_id: int, *, poll_interval: float = 5.0, timeout: float = 3600.0
    ) -> JSONDict:
        """Poll until `complete`; `failed`/`aborted` raise ReportGenerationError; `running`/`unknown` keep polling
        until the deadline (TimeoutError)."""
        deadline = time.monotonic() + timeout
        while True:
            instance = self.get_instance(report_id, instance_id)
            status = str(instance.get("status", "unknown")).lower()
            if status == "complete":
                return instance
            if status in ("failed", "aborted"):
                raise ReportGenerationError(report_id, instance_id, status)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"report {report_id} instance {instance_id} still {status!r} after {timeout} s")
            time.sleep(min(poll_interval, remaining))

    def download(self, report_id: int, instance_id: int | str, dest: Path) -> Path:
        """Stream the output to `dest`, gunzipped when it starts with the gzip magic; returns `dest`."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, raw_name = tempfile.mkstemp(prefix=".report-", dir=dest.parent)
        raw_path = Path(raw_name)
        try:
            with (
                os.fdopen(fd, "wb") as raw,
                self._http.stream(
                    f"reports/{int(report_id)}/history/{instance_id}/output", headers=_DOWNLOAD_HEADERS
                ) as response,
            ):
                for chunk in response.iter_bytes(_CHUNK):
                    raw.write(chunk)
            with raw_path.open("rb") as head:
                gzipped = head.read(2) == _GZIP_MAGIC
            if gzipped:
                with gzip.open(raw_path, "rb") as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
            else:
                raw_path.replace(dest)
        finally:
            raw_path.unlink(missing_ok=True)
        return dest

    def delete(self, report_id: int) -> None:
        """`DELETE /reports/{id}`; already gone (404) is fine."""
        try:
            self._http.request("DELETE", f"reports/{int(report_id)}")
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code != 404:
                raise

    def export_scan(
        self,
        scan_id: int,
        dest: Path,
        *,
        report_format: str = DEFAULT_FORMAT,
        report_name: str | None = None,
        poll_interval: float = 5.0,
        timeout: float = 3600.0,
        require_finished: bool = True,
    ) -> Path:
        """Export one scan's results to `dest` and delete the temporary report configuration afterwards.
        Only a `finished` scan is exported unless `require_finished=False` (integrating results are not final)."""
        if report_format not in SCAN_SCOPED_FORMATS:
            raise ValueError(f"format {report_format!r} cannot be scoped to a scan")
        if require_finished:
            scan = self._http.request_json("GET", f"scans/{int(scan_id)}")
            status = statuses.normalise(scan.get("status"))
            if status != statuses.FINISHED:
                raise ScanNotFinishedError(int(scan_id), status)
        config = {
            "name": report_name or f"phoenix-export-scan-{int(scan_id)}",
            "format": report_format,
            "scope": {"scan": int(scan_id)},
        }
        report_id = self.create(config)
        try:
            instance_id = self.generate(report_id)
            self.wait_for_instance(report_id, instance_id, poll_interval=poll_interval, timeout=timeout)
            return self.download(report_id, instance_id, dest)
        finally:
            self.delete(report_id)

    def export_scan_bytes(self, scan_id: int, **kwargs: Any) -> bytes:
        """`export_scan` into memory, for small reports and tests."""
        with tempfile.TemporaryDirectory(prefix="ivm-export-") as tmp:
            path = self.export_scan(scan_id, Path(tmp) / "report.xml", **kwargs)
            return path.read_bytes()


def _created_id(created: object, what: str) -> int:
    value = created.get("id") if isinstance(created, dict) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"console created a {what} without an id: {created!r}"[:300])
    return value
