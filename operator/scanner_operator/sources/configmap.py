"""`source.configMap: {name, key}`: a report stored in a ConfigMap of the ScanImport's namespace."""

from __future__ import annotations

from typing import Any

from .mounted import MountedSource, configmap_mount
from .registry import register


class ConfigMapSource(MountedSource):
    key = "configMap"
    object_kind = "ConfigMap"

    def _volume(self, name: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        return configmap_mount(name, key)


register(ConfigMapSource())
