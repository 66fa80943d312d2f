"""What every source kind shares: the `Source` interface, the fetch result, the Job inputs and the streaming writer.

A source does two things in two places. In the operator, `job_inputs` says how the Job gets the data and the
credentials (volumes and env from Secret references: never a secret value in the Job spec). In the Job,
`fetch` reads what `job_inputs` arranged (mounted files, env) and streams the report to disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from .errors import SourceInvalid, SourceTooLarge

# Where the Job mounts ConfigMaps/Secrets. The local Job runner of the tests materialises mounts under a temporary
# directory and points the worker there with PHOENIX_SCANNER_MOUNT_ROOT.
DEFAULT_MOUNT_ROOT = "/var/run/phoenix-scanner"
MOUNT_ROOT_ENV = "PHOENIX_SCANNER_MOUNT_ROOT"

CHUNK_SIZE = 1 << 20


@dataclass(frozen=True, slots=True)
class Fetched:
    """A report on local disk, with what the status records about it."""

    path: Path
    sha256: str
    size: int


@dataclass(slots=True)
class JobInputs:
    """Kubernetes-shaped fragments (plain dicts, as in a Pod spec) the Job builder merges into the worker container."""

    env: list[dict[str, Any]] = field(default_factory=list)
    volumes: list[dict[str, Any]] = field(default_factory=list)
    volume_mounts: list[dict[str, Any]] = field(default_factory=list)


class Source(ABC):
    """One source kind, registered under its key in `spec.source` (e.g. `configMap`, `s3`)."""

    key: ClassVar[str]

    @abstractmethod
    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        """How the Job receives this source's data and credentials. Runs in the operator."""

    @abstractmethod
    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        """Stream the report to `dest` (a file path, or a directory to write into). Runs in the Job.

        `env` defaults to the process environment; tests pass their own.
        """

    def describe(self, spec: Mapping[str, Any]) -> str:
        """A short, secret-free description of where the report comes from, for logs and messages."""
        return self.key

    def own_spec(self, spec: Mapping[str, Any]) -> Mapping[str, Any]:
        """Accept either the kind's own mapping or the whole `spec.source` that contains it."""
        inner = spec.get(self.key)
        if isinstance(inner, Mapping):
            return inner
        return spec


def redacted(url: str) -> str:
    """The URL without user info, query or fragment: those may carry tokens."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def mount_root(env: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if env is None else env
    return Path(environ.get(MOUNT_ROOT_ENV) or DEFAULT_MOUNT_ROOT)


def container_path(*parts: str) -> str:
    """A path inside the Job's container (always under the default root: the Job spec is written for a real Pod)."""
    return "/".join([DEFAULT_MOUNT_ROOT, *parts])


def relocate_mount(mount_path: str, root: Path) -> Path:
    """Where a local stand-in for the kubelet (the tests' Job runner) puts a volume mounted at `mount_path`, when
    it runs the worker with PHOENIX_SCANNER_MOUNT_ROOT=`root`."""
    prefix = DEFAULT_MOUNT_ROOT + "/"
    if not mount_path.startswith(prefix):
        raise ValueError(f"{mount_path} is not under {DEFAULT_MOUNT_ROOT}")
    return root / mount_path[len(prefix) :]


def local_path(env: Mapping[str, str] | None, *parts: str) -> Path:
    """Where the worker finds a mounted path, honouring PHOENIX_SCANNER_MOUNT_ROOT."""
    return mount_root(env).joinpath(*parts)


def required_str(spec: Mapping[str, Any], name: str, kind: str) -> str:
    value = spec.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SourceInvalid(f"source.{kind}.{name} is required and must be a non-empty string")
    return value


def optional_str(spec: Mapping[str, Any], name: str, kind: str) -> str | None:
    value = spec.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SourceInvalid(f"source.{kind}.{name} must be a string")
    return value


def secret_ref_name(spec: Mapping[str, Any], name: str, kind: str) -> str | None:
    """The `name` of a `{name: ...}` Secret reference, or None when the reference is absent."""
    ref = spec.get(name)
    if ref is None:
        return None
    if not isinstance(ref, Mapping):
        raise SourceInvalid(f"source.{kind}.{name} must be an object with a name")
    return required_str(ref, "name", f"{kind}.{name}")


def env_from_secret(var: str, secret: str, key: str) -> dict[str, Any]:
    """An env var resolved by Kubernetes from a Secret key. Optional, so a missing key reaches the worker, which
    reports it as an actionable condition instead of leaving the Pod stuck in CreateContainerConfigError."""
    return {"name": var, "valueFrom": {"secretKeyRef": {"name": secret, "key": key, "optional": True}}}


def volume_name(*parts: str) -> str:
    """A deterministic DNS-1123 label for a volume."""
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()[:10]
    prefix = re.sub(r"[^a-z0-9-]", "-", "-".join(parts[:1]).lower())[:40].strip("-") or "src"
    return f"{prefix}-{digest}"


def secret_volume(
    name: str, secret: str, mount_path: str, items: list[tuple[str, str]] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A read-only Secret volume and its mount. Optional for the same reason as `env_from_secret`."""
    source: dict[str, Any] = {"secretName": secret, "optional": True, "defaultMode": 0o440}
    if items is not None:
        source["items"] = [{"key": key, "path": path} for key, path in items]
    return {"name": name, "secret": source}, {"name": name, "mountPath": mount_path, "readOnly": True}


def configmap_volume(
    name: str, configmap: str, mount_path: str, items: list[tuple[str, str]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    source: dict[str, Any] = {
        "name": configmap,
        "optional": True,
        "defaultMode": 0o440,
        "items": [{"key": key, "path": path} for key, path in items],
    }
    return {"name": name, "configMap": source}, {"name": name, "mountPath": mount_path, "readOnly": True}


def destination_file(dest: Path, suggested_name: str) -> Path:
    """`dest` itself, or a file inside it named after the object (basename only, safe characters)."""
    if dest.is_dir():
        base = re.sub(r"[^A-Za-z0-9._-]", "_", suggested_name.rsplit("/", 1)[-1]).lstrip(".") or "report"
        return dest / base[:200]
    return dest


def stream_to_file(
    chunks: Iterable[bytes], target: Path, max_bytes: int, what: str, declared_size: int | None = None
) -> Fetched:
    """Write chunks to `target` through a temporary file, hashing as they come; refuse past `max_bytes`.

    Nothing is left behind on failure, and `target` only appears complete.
    """
    if declared_size is not None and declared_size > max_bytes:
        raise SourceTooLarge(f"{what} is {declared_size} bytes, over the limit of {max_bytes} bytes")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                if not chunk:
                    continue
                size += len(chunk)
                if size > max_bytes:
                    raise SourceTooLarge(f"{what} is larger than the limit of {max_bytes} bytes")
                digest.update(chunk)
                out.write(chunk)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Fetched(path=target, sha256=digest.hexdigest(), size=size)


def read_file_chunks(path: Path) -> Iterable[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk
