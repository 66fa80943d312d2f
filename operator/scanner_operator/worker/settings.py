"""The worker's input as the Job gives it: the ScanImport spec and Phoenix connection from env (credentials from
secretKeyRef), the object's coordinates from the command line."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..phoenix import ImportOptions
from .outcome import InvalidInput

ENV_SPEC = "PHOENIX_SCANIMPORT_SPEC"
ENV_API_URL = "PHOENIX_API_URL"
ENV_CLIENT_ID = "PHOENIX_CLIENT_ID"
ENV_CLIENT_SECRET = "PHOENIX_CLIENT_SECRET"  # noqa: S105 (a name, not a value)
ENV_MAX_BYTES = "PHOENIX_SOURCE_MAX_BYTES"
ENV_ANONYMIZE_KEY = "PHOENIX_ANONYMIZE_KEY"
# Fits the Job's 2Gi /tmp emptyDir with room for the parser's own temporary files.
DEFAULT_MAX_BYTES = 1 << 30


@dataclass(frozen=True)
class WorkerSettings:
    namespace: str
    name: str
    generation: int
    spec: dict[str, Any]
    api_url: str
    client_id: str
    client_secret: str
    max_bytes: int
    anonymize_key: bytes | None

    def __repr__(self) -> str:  # keeps the client secret out of any accidental repr in a log or traceback
        return f"WorkerSettings(namespace={self.namespace!r}, name={self.name!r}, generation={self.generation})"

    @property
    def scanner(self) -> str:
        return str(self.spec.get("scanner") or "auto")

    @property
    def fix_data(self) -> bool:
        return bool(self.spec.get("fixData", True))

    def import_options(self) -> ImportOptions:
        tags: list[tuple[str | None, str]] = []
        for tag in self.spec.get("tags") or []:
            if not isinstance(tag, Mapping) or not isinstance(tag.get("value"), str):
                raise InvalidInput("spec.tags entries need a string value")
            key = tag.get("key")
            tags.append((str(key) if key else None, tag["value"]))
        try:
            return ImportOptions(
                assessment_name=self.spec.get("assessmentName") or None,
                import_type=str(self.spec.get("importType") or "new"),
                asset_type=self.spec.get("assetType") or None,
                tags=tags,
                # A stable default assessment name per ScanImport: "<SCANNER>-<name>".
                source_name=self.name,
            )
        except ValueError as exc:
            raise InvalidInput(f"spec: {exc}") from None


def load_settings(namespace: str, name: str, generation: int, env: Mapping[str, str]) -> WorkerSettings:
    raw = env.get(ENV_SPEC)
    if not raw:
        raise InvalidInput(f"the Job has no {ENV_SPEC}")
    try:
        spec = json.loads(raw)
    except ValueError:
        raise InvalidInput(f"{ENV_SPEC} is not valid JSON") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("source"), dict):
        raise InvalidInput(f"{ENV_SPEC} must be a ScanImport spec with a source")
    api_url = env.get(ENV_API_URL, "").strip()
    if not api_url:
        raise InvalidInput(
            "no Phoenix API URL: set spec.phoenix.apiUrl or the operator's default", "PhoenixNotConfigured"
        )
    client_id = env.get(ENV_CLIENT_ID, "")
    client_secret = env.get(ENV_CLIENT_SECRET, "")
    if not client_id or not client_secret:
        raise InvalidInput(
            "the Phoenix credentials Secret is missing or lacks the client id / secret keys",
            "PhoenixCredentialsMissing",
        )
    try:
        max_bytes = int(env.get(ENV_MAX_BYTES) or DEFAULT_MAX_BYTES)
    except ValueError:
        raise InvalidInput(f"{ENV_MAX_BYTES} must be a number of bytes") from None
    anonymize_key = None
    if spec.get("anonymize"):
        explicit = env.get(ENV_ANONYMIZE_KEY, "")
        # Without an explicit key, derive one from the tenant's secret: stable across runs (the same host gets the
        # same pseudonym every time), different per tenant, and never stored anywhere.
        anonymize_key = (
            explicit.encode()
            if explicit
            else hmac.new(client_secret.encode(), b"phoenix-scanner anonymize v1", hashlib.sha256).digest()
        )
    return WorkerSettings(
        namespace=namespace,
        name=name,
        generation=generation,
        spec=spec,
        api_url=api_url,
        client_id=client_id,
        client_secret=client_secret,
        max_bytes=max_bytes,
        anonymize_key=anonymize_key,
    )
