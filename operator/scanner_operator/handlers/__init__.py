"""kopf handlers, kept thin over the pure functions in `scanner_operator.reconcile`.

Every module in this package exposes `register(registry, ctx)`; `build_registry` collects them, so a new
resource kind adds a module here and nothing else changes.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import Any

import kopf

from ..config import OperatorConfig
from ..jobs import MANAGED_BY, MANAGED_BY_LABEL
from ..models import GROUP
from .context import OperatorContext

MODULES_SKIPPED = {"context"}
KOPF_PREFIX = f"kopf.{GROUP}"


def build_registry(ctx: OperatorContext) -> kopf.OperatorRegistry:
    registry = kopf.OperatorRegistry()

    @kopf.on.login(registry=registry)
    def login(**kwargs: Any) -> kopf.ConnectionInfo | None:
        return kopf.login_via_client(**kwargs)

    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_") or mod.name in MODULES_SKIPPED:
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(registry, ctx)
    return registry


def build_settings(config: OperatorConfig) -> kopf.OperatorSettings:
    settings = kopf.OperatorSettings()
    # Progress and diff-base live in annotations under our own group; status stays strictly ours. kopf ignores
    # every annotation under its storage prefix when diffing, so the prefix is a sub-domain of the group: user
    # annotations such as scanner.phoenix.security/requestedAt must still trigger the update handler.
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=KOPF_PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=KOPF_PREFIX, key="last-handled-configuration"
    )
    settings.persistence.finalizer = f"{GROUP}/finalizer"
    # Events are posted by the handlers on transitions only, not for every handler run.
    settings.posting.enabled = False
    settings.posting.level = logging.WARNING
    # Handlers are synchronous (kubernetes client): give them threads for many objects at once.
    settings.execution.max_workers = 32
    # Only our own Jobs are watched (server-side filter), not every Job of the cluster.
    settings.watching.label_selectors["batch", "jobs"] = f"{MANAGED_BY_LABEL}={MANAGED_BY}"
    settings.networking.request_timeout = 60
    settings.watching.server_timeout = 300
    if config.peering is None:
        settings.peering.standalone = True
    else:
        settings.peering.name = config.peering
        settings.peering.standalone = False
    return settings


__all__ = ["OperatorContext", "build_registry", "build_settings"]
