"""Typed access to members of parsed JSON objects whose shape a report does not guarantee."""

from __future__ import annotations

from typing import Any


def member_dict(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """`parent[key]` when it is an object, else an empty one (absent, null, or of another type)."""
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def member_list(parent: dict[str, Any], key: str) -> list[Any]:
    """`parent[key]` when it is an array, else an empty one."""
    value = parent.get(key)
    return value if isinstance(value, list) else []
