"""`source.secret: {name, key}`: a report stored in a Secret (for reports that are themselves sensitive)."""

from __future__ import annotations

from typing import Any

from .mounted import MountedSource, secret_mount
from .registry import register


class SecretSource(MountedSource):
    key = "secret"
    object_kind = "Secret"

    def _volume(self, name: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return secret_mount(name, key)


register(SecretSource())
