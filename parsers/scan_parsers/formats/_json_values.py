"""Typed access to loosely shaped JSON values: optional members that may be missing, null or of another type."""

from __future__ import annotations

from typing import Any


def obj(value: Any) -> dict[str, Any]:
    """The value when it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def objs(value: Any) -> list[dict[str, Any]]:
    """The objects of a list value (anything else in it, or a value that is not a list, is left out)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
