"""A status sink that records what the worker would write to /status, with the same merge-patch semantics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def merge(target: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """JSON merge patch (RFC 7386): objects merge, null deletes, everything else replaces."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else value


class FakeStatusSink:
    def __init__(self, *, current: bool = True, current_for_patches: int | None = None) -> None:
        self.current = current
        self.current_for_patches = current_for_patches  # becomes stale after this many successful patches
        self.patches: list[dict[str, Any]] = []
        self.refused: list[dict[str, Any]] = []
        self.status: dict[str, Any] = {}

    def is_current(self) -> bool:
        return self.current

    def patch(self, status: Mapping[str, Any]) -> bool:
        if self.current_for_patches is not None and len(self.patches) >= self.current_for_patches:
            self.current = False
        if not self.current:
            self.refused.append(dict(status))
            return False
        self.patches.append(dict(status))
        merge(self.status, status)
        return True
