"""Reports kept in the cluster itself (ConfigMap or Secret key), mounted read-only into the Job."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .base import (
    Fetched,
    JobInputs,
    Source,
    configmap_volume,
    container_path,
    destination_file,
    local_path,
    read_file_chunks,
    required_str,
    secret_volume,
    stream_to_file,
    volume_name,
)
from .errors import SourceAccessDenied, SourceInvalid, SourceNotFound

MOUNT_DIR = "source"


class MountedSource(Source):
    """Base of the ConfigMap and Secret kinds: `{name, key}` mounted at <root>/source/<key>."""

    object_kind: str

    def _name_and_key(self, spec: Mapping[str, Any]) -> tuple[str, str]:
        own = self.own_spec(spec)
        name = required_str(own, "name", self.key)
        key = required_str(own, "key", self.key)
        if "/" in key or key in {".", ".."}:
            raise SourceInvalid(f"source.{self.key}.key {key!r} is not a valid {self.object_kind} key")
        return name, key

    def describe(self, spec: Mapping[str, Any]) -> str:
        name, key = self._name_and_key(spec)
        return f"{self.object_kind} {name} key {key}"

    @abstractmethod
    def _volume(self, name: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The volume carrying the one key, and its read-only mount at <root>/source."""

    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        name, key = self._name_and_key(spec)
        volume, mount = self._volume(name, key)
        return JobInputs(volumes=[volume], volume_mounts=[mount])

    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        name, key = self._name_and_key(spec)
        mounted = local_path(env, MOUNT_DIR, key)
        if not mounted.is_file():
            raise SourceNotFound(f"{self.object_kind} {name} does not exist or has no key {key!r}")
        try:
            size = mounted.stat().st_size
            return stream_to_file(
                read_file_chunks(mounted),
                destination_file(dest, key),
                max_bytes,
                f"{self.object_kind} {name} key {key}",
                declared_size=size,
            )
        except PermissionError as exc:
            raise SourceAccessDenied(f"the worker cannot read {self.object_kind} {name} key {key!r}") from exc


def configmap_mount(name: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return configmap_volume(volume_name("report", name), name, container_path(MOUNT_DIR), [(key, key)])


def secret_mount(name: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return secret_volume(volume_name("report", name), name, container_path(MOUNT_DIR), [(key, key)])
