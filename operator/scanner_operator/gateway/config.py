"""Gateway settings from environment variables (PHOENIX_GATEWAY_*), overridable by `phoenix-scanner serve` flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

ENV_PREFIX = "PHOENIX_GATEWAY_"
DEFAULT_MAX_UPLOAD_MB = 500


@dataclass(frozen=True)
class GatewayConfig:
    #: Namespace of the gateway itself (where the API-key Secret lives).
    namespace: str = "phoenix-scanner"
    #: Secret (in `namespace`) whose entries are the API keys, hashed (see auth.py).
    keys_secret: str = "phoenix-scanner-gateway-keys"  # noqa: S105 - a Secret's name
    #: Phoenix credentials Secret used in the job's namespace when the form carries none (the operator's default).
    default_credentials_secret: str = "phoenix-api"  # noqa: S105 - a Secret's name
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    #: local | s3
    storage: str = "local"
    #: The gateway's own volume (local storage) and where uploads are spooled before they are stored.
    data_dir: str = "/var/lib/phoenix-scanner-gateway"
    #: Base URL under which workers reach this gateway (local storage): e.g. http://gw.phoenix-scanner.svc:8000
    internal_url: str = "http://127.0.0.1:8000"
    #: HMAC key of the internal report URLs (local storage); random per process when empty.
    signing_key: str = ""
    #: Public base URL used in `websocket_url`; taken from the request when empty.
    public_url: str = ""
    s3_bucket: str = ""
    s3_endpoint: str = ""
    s3_region: str = "us-east-1"
    s3_prefix: str = "uploads/"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    #: The operator's liveness endpoint (kopf --liveness), reported by /api/v1/health; "unknown" when empty.
    operator_health_url: str = ""
    heartbeat_seconds: float = 15.0
    keys_cache_seconds: float = 10.0
    #: WebSocket clients may connect without a key: the random job id is the capability (the guide's clients
    #: send none). When true a key (header or `api_key` query parameter) is required.
    ws_require_key: bool = False

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    def with_overrides(self, **changes: Any) -> GatewayConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def from_env(environ: Mapping[str, str] | None = None) -> GatewayConfig:
    env = os.environ if environ is None else environ
    base = GatewayConfig()
    changes: dict[str, Any] = {}
    for f in fields(GatewayConfig):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None:
            changes[f.name] = _coerce(raw, getattr(base, f.name))
    # The seed's own variable name for the upload limit.
    if "max_upload_mb" not in changes and env.get("MAX_UPLOAD_SIZE_MB"):
        changes["max_upload_mb"] = int(env["MAX_UPLOAD_SIZE_MB"])
    return replace(base, **changes)
