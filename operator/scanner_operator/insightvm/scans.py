"""`client.scans`: the methods, parameters and return shapes of the ScansAPI this project replaces
(insightvm-api.md §8), with the pitfalls of §9 fixed: terminal-state waits, explicit `active`, 404-safe paging,
repeated `sort` keys, `overrideBlackout` in the query, any 2xx on start."""

from __future__ import annotations

import builtins
import time
from collections.abc import Sequence
from typing import Any

import httpx

from . import statuses
from .transport import ConsoleTransport

MAX_PAGE_SIZE = 500
Sort = str | Sequence[str] | None
JSONDict = dict[str, Any]
ScanList = builtins.list[JSONDict]


def _check_page(page: int, size: int) -> None:
    if page < 0:
        raise ValueError(f"page must be >= 0, got {page}")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"size must be between 1 and {MAX_PAGE_SIZE}, got {size}")


def _sort_param(sort: Sort) -> list[str] | None:
    """One `sort` query key per sort property: the console does not read comma-joined multi-key sorts."""
    if sort is None:
        return None
    return [sort] if isinstance(sort, str) else list(sort)


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class ScansAPI:
    def __init__(self, transport: ConsoleTransport) -> None:
        self._http = transport

    # ---- raw calls -------------------------------------------------------------------------------------------

    def list(self, active: bool | None = None, page: int = 0, size: int = MAX_PAGE_SIZE, sort: Sort = None) -> JSONDict:
        """One page of `GET /scans` (`PageOf«GlobalScan»`, items carry siteId/siteName). `active=None` sends the
        console's documented default (`false`, past scans) explicitly rather than relying on it."""
        _check_page(page, size)
        params = {"active": bool(active), "page": page, "size": size, "sort": _sort_param(sort)}
        result: JSONDict = self._http.request_json("GET", "scans", params=params)
        return result

    def get_scan(self, scan_id: int) -> JSONDict:
        """`GET /scans/{id}`. A 404 means missing *or* not permitted for this account."""
        result: JSONDict = self._http.request_json("GET", f"scans/{int(scan_id)}")
        return result

    def get_site_scans(
        self, site_id: int, active: bool | None = None, page: int = 0, size: int = MAX_PAGE_SIZE, sort: Sort = None
    ) -> JSONDict:
        """One page of `GET /sites/{id}/scans` (`PageOf«Scan»`)."""
        _check_page(page, size)
        params = {"active": bool(active), "page": page, "size": size, "sort": _sort_param(sort)}
        result: JSONDict = self._http.request_json("GET", f"sites/{int(site_id)}/scans", params=params)
        return result

    def start_site_scan(  # noqa: PLR0917 - the replaced ScansAPI's positional signature
        self,
        site_id: int,
        scan_name: str | None = None,
        scan_template_id: str | None = None,
        hosts: Sequence[str] | None = None,
        asset_group_ids: Sequence[int] | None = None,
        engine_id: int | None = None,
        override_blackout: bool = False,
    ) -> int:
        """`POST /sites/{id}/scans`; returns the new scan id. Only the fields that were set are sent (placeholder
        or empty fields earn a generic 400), `engine_id=0` included. Not idempotent: persist the id at once."""
        body: JSONDict = {}
        if scan_name:
            body["name"] = scan_name
        if scan_template_id:
            body["templateId"] = scan_template_id
        if hosts:
            body["hosts"] = list(hosts)
        if asset_group_ids:
            body["assetGroupIds"] = [int(group) for group in asset_group_ids]
        if engine_id is not None:
            body["engineId"] = int(engine_id)
        params = {"overrideBlackout": True} if override_blackout else None
        created = self._http.request_json("POST", f"sites/{int(site_id)}/scans", params=params, json=body)
        scan_id = created.get("id") if isinstance(created, dict) else None
        if not isinstance(scan_id, int) or isinstance(scan_id, bool):
            raise ValueError(f"console answered start-scan without a scan id: {created!r}"[:300])
        return scan_id

    def stop_scan(self, scan_id: int) -> JSONDict:
        """Valid from running or paused; a 400 (invalid transition) raises with the console's message."""
        return self._set_status(scan_id, statuses.STOP)

    def pause_scan(self, scan_id: int) -> JSONDict:
        """Valid from running only."""
        return self._set_status(scan_id, statuses.PAUSE)

    def resume_scan(self, scan_id: int) -> JSONDict:
        """Valid from paused only."""
        return self._set_status(scan_id, statuses.RESUME)

    def _set_status(self, scan_id: int, action: str) -> JSONDict:
        result: JSONDict = self._http.request_json("POST", f"scans/{int(scan_id)}/{action}")
        return result

    # ---- helpers ---------------------------------------------------------------------------------------------

    def wait_for_scan_completion(
        self, scan_id: int, poll_interval: float = 30, timeout: float | None = None
    ) -> JSONDict:
        """Poll until the scan is terminal (finished, stopped, error, aborted) and return it. `paused` and
        `unknown` do not end the wait; with `timeout=None` such a scan is waited on forever, so pass a timeout.
        Raises TimeoutError when `timeout` seconds pass first."""
        if poll_interval <= 0:
            raise ValueError("poll_interval must be positive")
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            scan = self.get_scan(scan_id)
            status = statuses.normalise(scan.get("status"))
            if status in statuses.TERMINAL:
                return scan
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"scan {scan_id} still {status!r} after {timeout} s")
                time.sleep(min(poll_interval, remaining))
            else:
                time.sleep(poll_interval)

    def get_scan_summary(self, scan_id: int) -> JSONDict:
        scan = self.get_scan(scan_id)
        return summarize_scan(scan)

    def is_scan_running(self, scan_id: int) -> bool:
        """True while the scan is in progress: dispatched, running or integrating (the replaced client answered
        False for dispatched/integrating and so called unfinished scans complete)."""
        return statuses.is_in_progress(self.get_scan(scan_id).get("status"))

    def is_scan_finished(self, scan_id: int) -> bool:
        """True once the scan is terminal (finished, stopped, error, aborted)."""
        return statuses.is_terminal(self.get_scan(scan_id).get("status"))

    def get_active_scans(self) -> ScanList:
        return self.get_all_scans(active=True)

    def get_completed_scans(self, sort: Sort = ("endTime,DESC",)) -> ScanList:
        """Past scans (`active=false`): finished, stopped, error and aborted alike."""
        return self.get_all_scans(active=False, sort=sort)

    def get_all_scans(self, active: bool | None = None, sort: Sort = None) -> ScanList:
        """Every scan, all pages. `active=None` means both active and past scans (two explicit listings, since
        the console's default only returns past ones). De-duplicated by id: pages shift while iterating."""
        if active is None:
            return _dedupe([*self._all_pages("scans", True, sort), *self._all_pages("scans", False, sort)])
        return _dedupe(self._all_pages("scans", active, sort))

    def get_all_site_scans(self, site_id: int, active: bool | None = None, sort: Sort = None) -> ScanList:
        path = f"sites/{int(site_id)}/scans"
        if active is None:
            return _dedupe([*self._all_pages(path, True, sort), *self._all_pages(path, False, sort)])
        return _dedupe(self._all_pages(path, active, sort))

    def find_site_scans_by_name(self, site_id: int, scan_name: str, active: bool | None = None) -> ScanList:
        """Scans of a site with exactly this name, newest id first (adopting a scan whose start was not
        recorded)."""
        found = [s for s in self.get_all_site_scans(site_id, active=active) if s.get("scanName") == scan_name]
        return sorted(found, key=lambda s: _int(s.get("id")), reverse=True)

    def _all_pages(self, path: str, active: bool, sort: Sort) -> ScanList:
        items: ScanList = []
        page = 0
        while True:
            params = {"active": active, "page": page, "size": MAX_PAGE_SIZE, "sort": _sort_param(sort)}
            try:
                body = self._http.request_json("GET", path, params=params)
            except httpx.HTTPStatusError as exc:
                # A page past the end answers 404 (totals can shrink while iterating): that is the end.
                if exc.response.status_code == 404 and page > 0:
                    break
                raise
            resources = body.get("resources") or []
            items.extend(r for r in resources if isinstance(r, dict))
            info = body.get("page") or {}
            total_pages = _int(info.get("totalPages"))
            number = _int(info.get("number"), page)
            if not resources or number >= total_pages - 1:
                break
            page = number + 1
        return items


def _dedupe(scans: list[JSONDict]) -> ScanList:
    seen: set[object] = set()
    unique: list[JSONDict] = []
    for scan in scans:
        key = scan.get("id")
        if key is not None and key in seen:
            continue
        seen.add(key)
        unique.append(scan)
    return unique


def summarize_scan(scan: JSONDict) -> JSONDict:
    """The summary shape of the replaced client plus scan type, engine id and who started it (the console sends
    either `startedBy` or `startedByUsername`)."""
    vulns = scan.get("vulnerabilities") or {}
    return {
        "id": scan.get("id"),
        "name": scan.get("scanName"),
        "status": scan.get("status"),
        "assets_scanned": _int(scan.get("assets")),
        "vulnerabilities": {key: _int(vulns.get(key)) for key in ("critical", "severe", "moderate", "total")},
        "duration": scan.get("duration"),
        "start_time": scan.get("startTime"),
        "end_time": scan.get("endTime"),
        "engine_name": scan.get("engineName"),
        "engine_id": scan.get("engineId"),
        "message": scan.get("message"),
        "scan_type": (scan.get("scanType") or "").lower() or None,
        "started_by": scan.get("startedBy") or scan.get("startedByUsername"),
    }
