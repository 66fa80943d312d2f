"""Operator-level defaults, from environment variables (PHOENIX_SCANNER_*) overridden by command-line flags.

A ScanImport's own `spec.phoenix` and `spec.job` override the Phoenix connection, deadline and resources.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

ENV_PREFIX = "PHOENIX_SCANNER_"
DEFAULT_IMAGE = "ghcr.io/phoenix-security/phoenix-scanner-operator:0.1.0"
DEFAULT_RESOURCES: dict[str, dict[str, str]] = {
    "requests": {"cpu": "100m", "memory": "256Mi"},
    "limits": {"cpu": "1", "memory": "1Gi"},
}


@dataclass(frozen=True)
class OperatorConfig:
    phoenix_api_url: str = "https://api.securityphoenix.cloud"
    credentials_secret: str = "phoenix-api"  # noqa: S105 - a Secret name, not a secret
    credentials_client_id_key: str = "clientId"
    credentials_client_secret_key: str = "clientSecret"  # noqa: S105 - a key name
    image: str = DEFAULT_IMAGE
    image_pull_policy: str = "IfNotPresent"
    worker_service_account: str = "phoenix-scanner-worker"
    job_resources: dict[str, dict[str, str]] = field(default_factory=lambda: dict(DEFAULT_RESOURCES))
    job_deadline_seconds: int = 3600
    job_ttl_seconds: int | None = 86400
    namespaces: tuple[str, ...] = ()  # empty: every namespace
    max_concurrent_jobs: int = 20
    max_attempts: int = 3
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 600.0
    queue_recheck_seconds: float = 5.0
    metrics_port: int = 8080
    liveness_port: int = 8081
    peering: str | None = None  # kopf peering object name; None: standalone (one replica, Recreate)
    allow_private_webhooks: bool = False

    def with_overrides(self, **changes: Any) -> OperatorConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str, default: Any) -> Any:
    if name == "namespaces":
        return tuple(ns.strip() for ns in raw.split(",") if ns.strip())
    if name == "job_resources":
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError(f"{ENV_PREFIX}JOB_RESOURCES must be a JSON object")
        return value
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int) or name in {"job_ttl_seconds"}:
        return None if raw.strip() == "" else int(raw)
    if isinstance(default, float):
        return float(raw)
    if name == "peering":
        return raw or None
    return raw


def from_env(environ: Mapping[str, str] | None = None) -> OperatorConfig:
    env = os.environ if environ is None else environ
    base = OperatorConfig()
    changes: dict[str, Any] = {}
    for f in fields(OperatorConfig):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None:
            changes[f.name] = _coerce(f.name, raw, getattr(base, f.name))
    # The Phoenix URL is also accepted under the name the worker and the CLI use.
    if "phoenix_api_url" not in changes and env.get("PHOENIX_API_URL"):
        changes["phoenix_api_url"] = env["PHOENIX_API_URL"]
    return replace(base, **changes)


def add_flags(parser: argparse.ArgumentParser) -> None:
    """Flags for `phoenix-scanner run`; each defaults to None so the environment value stays when not given."""
    parser.add_argument("--phoenix-api-url", dest="phoenix_api_url", help="default Phoenix API URL")
    parser.add_argument("--credentials-secret", dest="credentials_secret", help="default Phoenix credentials Secret")
    parser.add_argument("--image", dest="image", help="image of the import Jobs (the operator's own)")
    parser.add_argument("--worker-service-account", dest="worker_service_account")
    parser.add_argument("--job-deadline-seconds", dest="job_deadline_seconds", type=int)
    parser.add_argument("--max-concurrent-jobs", dest="max_concurrent_jobs", type=int)
    parser.add_argument(
        "--namespace",
        dest="namespaces",
        action="append",
        help="watch this namespace (repeatable); all namespaces when not given",
    )
    parser.add_argument("--metrics-port", dest="metrics_port", type=int)
    parser.add_argument("--liveness-port", dest="liveness_port", type=int)
    parser.add_argument("--peering", dest="peering", help="kopf peering name (for more than one replica)")


def from_args(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> OperatorConfig:
    config = from_env(environ)
    changes = {f.name: getattr(args, f.name, None) for f in fields(OperatorConfig)}
    namespaces = changes.get("namespaces")
    if namespaces:
        changes["namespaces"] = tuple(namespaces)
    return config.with_overrides(**changes)
