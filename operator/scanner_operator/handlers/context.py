"""What the handlers share at run time: config, the API wrapper, per-object locks, the Job slot tracker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..config import OperatorConfig
from ..kube import Kube


class ObjectLocks:
    """One lock per object: the ScanImport's own handlers and the Job watch must not reconcile it concurrently."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    @contextmanager
    def hold(self, namespace: str, name: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault((namespace, name), threading.Lock())
        with lock:
            yield

    def forget(self, namespace: str, name: str) -> None:
        with self._guard:
            self._locks.pop((namespace, name), None)


class JobSlots:
    """Counts running import Jobs so at most `limit` run at once; a slot is reserved before a Job is created."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._guard = threading.Lock()
        self._active: set[tuple[str, str]] = set()

    def try_reserve(self, namespace: str, job: str) -> bool:
        with self._guard:
            key = (namespace, job)
            if key in self._active:
                return True
            if len(self._active) >= self.limit:
                return False
            self._active.add(key)
            return True

    def mark_active(self, namespace: str, job: str) -> None:
        with self._guard:
            self._active.add((namespace, job))

    def release(self, namespace: str, job: str) -> None:
        with self._guard:
            self._active.discard((namespace, job))

    @property
    def active(self) -> int:
        with self._guard:
            return len(self._active)


@dataclass
class OperatorContext:
    config: OperatorConfig
    kube: Kube
    locks: ObjectLocks = field(default_factory=ObjectLocks)
    slots: JobSlots = field(init=False)
    notifications: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=4, thread_name_prefix="notify")
    )

    def __post_init__(self) -> None:
        self.slots = JobSlots(self.config.max_concurrent_jobs)

    def close(self) -> None:
        self.notifications.shutdown(wait=True, cancel_futures=False)
