"""`X-API-Key` authentication against keys held hashed in a Secret.

Each entry of the keys Secret is one key: the entry's name is the key's id (shown in logs instead of the key),
its value a JSON object `{"namespace": "team-a", "sha256": "<hex SHA-256 of the key>"}`. A key is bound to one
namespace: its jobs are ScanImports there, and it sees no other namespace's jobs. Keys are random strings of high
entropy, so one SHA-256 suffices (no password stretching); the comparison is constant-time and visits every entry.

    phoenix-scanner serve --print-key-entry team-a   # a new random key and its Secret entry
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

HEADER = "X-API-Key"
_NAMESPACE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class ApiKey:
    id: str
    namespace: str


@dataclass(frozen=True)
class _Entry:
    id: str
    namespace: str
    digest: bytes


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_entry(namespace: str, key: str) -> str:
    """The Secret value for `key` bound to `namespace`."""
    return json.dumps({"namespace": namespace, "sha256": hash_key(key)}, separators=(",", ":"))


def new_key() -> str:
    return "psk_" + secrets.token_urlsafe(32)


def parse_entries(data: Mapping[str, str]) -> list[_Entry]:
    """Valid entries of the keys Secret; a malformed one is skipped with a warning naming only its id."""
    entries: list[_Entry] = []
    for key_id, raw in sorted(data.items()):
        try:
            value = json.loads(raw)
            namespace, digest = str(value["namespace"]), str(value["sha256"]).lower()
        except (ValueError, TypeError, KeyError):
            log.warning("API key entry %s is not {namespace, sha256} JSON; ignored", key_id)
            continue
        if not _NAMESPACE.match(namespace) or not _HEX64.match(digest):
            log.warning("API key entry %s has an invalid namespace or sha256; ignored", key_id)
            continue
        entries.append(_Entry(key_id, namespace, bytes.fromhex(digest)))
    return entries


def match(entries: list[_Entry], presented: str | None) -> ApiKey | None:
    """The key `presented` is, or None. Every entry is compared, in constant time each."""
    if not presented:
        return None
    digest = hashlib.sha256(presented.encode("utf-8")).digest()
    found: _Entry | None = None
    for entry in entries:
        if hmac.compare_digest(entry.digest, digest) and found is None:
            found = entry
    return ApiKey(found.id, found.namespace) if found is not None else None


class KeyStore:
    """The keys Secret, re-read at most every `ttl` seconds (so a rotated key works without a restart)."""

    def __init__(
        self,
        load: Callable[[], Mapping[str, str] | None],
        ttl: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: list[_Entry] = []
        self._loaded_at: float | None = None

    def entries(self) -> list[_Entry]:
        with self._lock:
            now = self._clock()
            if self._loaded_at is None or now - self._loaded_at >= self._ttl:
                try:
                    data = self._load()
                except Exception as exc:  # keep the last good keys while the API server is unreachable
                    log.warning("could not read the API keys Secret: %s", type(exc).__name__)
                    if self._loaded_at is None:
                        raise
                else:
                    if data is None:
                        log.warning("the API keys Secret does not exist: no key is accepted")
                    self._entries = parse_entries(data or {})
                    self._loaded_at = now
            return list(self._entries)

    def authenticate(self, presented: str | None) -> ApiKey | None:
        if not presented:
            return None
        return match(self.entries(), presented)
