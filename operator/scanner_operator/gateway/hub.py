"""One list+watch over every ScanImport the gateway created (all namespaces), in a background thread.

It keeps the latest object of each job (the health figures read it), hands every change to the WebSocket clients
subscribed to that job (no polling loop per client), and cleans up after a deleted ScanImport: its stored report
and its Secrets (Kubernetes' garbage collector removes the Secrets too where one runs).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from ..kube import Kube
from ..models import GROUP, VERSION
from .jobs_view import SELECTOR

log = logging.getLogger(__name__)

Key = tuple[str, str]
#: (event type, object before or None, object after)
Change = tuple[str, dict[str, Any] | None, dict[str, Any]]


class JobHub:
    def __init__(
        self,
        kube: Kube,
        *,
        on_deleted: Callable[[dict[str, Any]], None] | None = None,
        watch_timeout: int = 60,
        retry_seconds: float = 1.0,
    ) -> None:
        self.kube = kube
        self.on_deleted = on_deleted
        self.watch_timeout = watch_timeout
        self.retry_seconds = retry_seconds
        self.synced = threading.Event()
        self._objects: dict[Key, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._subscribers: dict[Key, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Change]]]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.watch_errors = 0

    # --- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> JobHub:
        self._thread = threading.Thread(target=self._loop, name="gateway-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.watch_timeout + 5)

    # --- reading ---------------------------------------------------------------------------------------------
    def get(self, namespace: str, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self._objects.get((namespace, name))

    def objects(self, namespace: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [o for (ns, _), o in self._objects.items() if namespace is None or ns == namespace]

    def find(self, name: str) -> dict[str, Any] | None:
        """A job by id in any namespace (job ids are random and unique)."""
        with self._lock:
            for (_, n), obj in self._objects.items():
                if n == name:
                    return obj
        return None

    def subscribe(self, namespace: str, name: str) -> asyncio.Queue[Change]:
        queue: asyncio.Queue[Change] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers.setdefault((namespace, name), set()).add(entry)
        return queue

    def unsubscribe(self, namespace: str, name: str, queue: asyncio.Queue[Change]) -> None:
        with self._lock:
            subs = self._subscribers.get((namespace, name), set())
            for entry in [e for e in subs if e[1] is queue]:
                subs.discard(entry)
            if not subs:
                self._subscribers.pop((namespace, name), None)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subscribers.values())

    # --- the watch -------------------------------------------------------------------------------------------
    def apply(self, kind: str, obj: dict[str, Any]) -> None:
        """One watch event (also called by the app right after it changed an object, so clients see it at once)."""
        meta = obj.get("metadata") or {}
        key = (str(meta.get("namespace")), str(meta.get("name")))
        with self._lock:
            before = self._objects.get(key)
            if kind == "DELETED":
                self._objects.pop(key, None)
            else:
                if before is not None and _older(obj, before):
                    return
                self._objects[key] = obj
            subscribers = list(self._subscribers.get(key, ()))
        for loop, queue in subscribers:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, before, obj))
        if kind == "DELETED" and self.on_deleted is not None:
            try:
                self.on_deleted(obj)
            except Exception as exc:
                log.warning("cleanup of deleted job %s/%s failed: %s", key[0], key[1], type(exc).__name__)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                version = self._list()
                self.synced.set()
                self._watch(version)
            except Exception as exc:
                self.watch_errors += 1
                if not self._stop.is_set():
                    log.warning("ScanImport watch: %s", exc)
                    self._stop.wait(self.retry_seconds)

    def _list(self) -> str:
        path = f"/apis/{GROUP}/{VERSION}/scanimports"
        listing = self.kube.request("GET", path, query={"labelSelector": SELECTOR}) or {}
        items = {(str(o["metadata"]["namespace"]), str(o["metadata"]["name"])): o for o in listing.get("items") or []}
        with self._lock:
            gone = [self._objects[k] for k in self._objects if k not in items]
        for obj in gone:
            self.apply("DELETED", obj)
        for obj in items.values():
            self.apply("MODIFIED", obj)
        return str((listing.get("metadata") or {}).get("resourceVersion", ""))

    def _watch(self, resource_version: str) -> None:
        api = self.kube.api
        path = (
            f"/apis/{GROUP}/{VERSION}/scanimports?watch=1&allowWatchBookmarks=true"
            f"&timeoutSeconds={self.watch_timeout}&labelSelector={quote(SELECTOR)}"
            f"&resourceVersion={quote(resource_version)}"
        )
        method, url, headers, _, _ = api.param_serialize(
            method="GET",
            resource_path=path,
            header_params={"Accept": "application/json"},
            auth_settings=["BearerToken"],
        )
        response = api.rest_client.pool_manager.request(
            method, url, headers=headers, preload_content=False, timeout=self.watch_timeout + 10
        )
        try:
            if response.status != 200:
                raise RuntimeError(f"watch answered HTTP {response.status}")
            buffer = b""
            for chunk in response.stream(65536):
                if self._stop.is_set():
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if not line.strip():
                        continue
                    event = json.loads(line)
                    kind = event.get("type")
                    if kind == "ERROR":
                        return  # 410 Gone and friends: re-list
                    if kind in ("ADDED", "MODIFIED", "DELETED"):
                        self.apply(kind, event["object"])
        finally:
            response.release_conn()


def _older(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """True when `new` is an older resourceVersion than `old` (a late list result after a watch event)."""
    try:
        return int(new["metadata"]["resourceVersion"]) < int(old["metadata"]["resourceVersion"])
    except (KeyError, ValueError, TypeError):
        return False
