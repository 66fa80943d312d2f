"""Where the worker's status goes: the ScanImport's /status subresource, guarded by the generation it runs for.

A Job started for generation G must never overwrite the status of a newer generation: every write first reads the
object, stops for good when `metadata.generation` moved on (or `status.observedGeneration` is past G, or the object
is gone), and sends the merge patch with the `resourceVersion` it read, so a change in between is a 409 and the
check runs again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

GROUP = "scanner.phoenix.security"
VERSION = "v1alpha1"
PLURAL = "scanimports"
#: The worker's field manager: its status fields show up under this name in `metadata.managedFields`.
FIELD_MANAGER = "phoenix-scanner-worker"

log = logging.getLogger(__name__)


class StatusSink(Protocol):
    def is_current(self) -> bool:
        """False when the ScanImport is gone or has moved past this worker's generation."""

    def patch(self, status: Mapping[str, Any]) -> bool:
        """Merge `status` into the ScanImport's status; False (and nothing written) when no longer current."""


class StatusWriteFailed(Exception):
    """The API server could not be written to after retries. Never carries a response body."""


def _is_current(obj: Mapping[str, Any], generation: int) -> bool:
    metadata = obj.get("metadata") or {}
    if metadata.get("deletionTimestamp"):
        return False
    if int(metadata.get("generation") or 0) != generation:
        return False
    observed = (obj.get("status") or {}).get("observedGeneration")
    return observed is None or int(observed) <= generation


class KubeStatusSink:
    """Writes through `CustomObjectsApi.patch_namespaced_custom_object_status` (merge patch)."""

    def __init__(
        self,
        api: Any,
        namespace: str,
        name: str,
        generation: int,
        *,
        attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._api = api
        self._namespace = namespace
        self._name = name
        self._generation = generation
        self._attempts = attempts
        self._sleep = sleep

    def _read(self) -> dict[str, Any] | None:
        from kubernetes.client.exceptions import ApiException

        try:
            obj: dict[str, Any] = self._api.get_namespaced_custom_object(
                GROUP, VERSION, self._namespace, PLURAL, self._name
            )
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise
        return obj

    def is_current(self) -> bool:
        return self._retrying(lambda: (obj := self._read()) is not None and _is_current(obj, self._generation))

    def patch(self, status: Mapping[str, Any]) -> bool:
        from kubernetes.client.exceptions import ApiException

        for attempt in range(self._attempts):
            try:
                obj = self._read()
                if obj is None or not _is_current(obj, self._generation):
                    return False
                body = {"metadata": {"resourceVersion": obj["metadata"]["resourceVersion"]}, "status": dict(status)}
                self._api.patch_namespaced_custom_object_status(
                    GROUP,
                    VERSION,
                    self._namespace,
                    PLURAL,
                    self._name,
                    body,
                    field_manager=FIELD_MANAGER,
                    _content_type="application/merge-patch+json",
                )
                return True
            except ApiException as exc:
                if exc.status == 404:
                    return False
                if exc.status == 409:
                    continue  # changed between read and write: check the generation again
                if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                    raise StatusWriteFailed(f"the API server refused the status patch (HTTP {exc.status})") from None
                self._backoff(attempt, f"HTTP {exc.status}")
            except (OSError, ConnectionError) as exc:
                self._backoff(attempt, type(exc).__name__)
            except Exception as exc:  # urllib3 errors do not share a base with OSError in every version
                if type(exc).__module__.startswith("urllib3"):
                    self._backoff(attempt, type(exc).__name__)
                else:
                    raise
        raise StatusWriteFailed(f"the status patch failed {self._attempts} times")

    def _retrying(self, check: Callable[[], bool]) -> bool:
        for attempt in range(self._attempts):
            try:
                return check()
            except Exception as exc:
                if attempt == self._attempts - 1:
                    raise StatusWriteFailed(f"cannot read the ScanImport ({type(exc).__name__})") from None
                self._backoff(attempt, type(exc).__name__)
        return False

    def _backoff(self, attempt: int, what: str) -> None:
        delay = min(0.5 * 2**attempt, 8.0)
        log.debug("status write failed (%s); retrying in %.1fs", what, delay)
        self._sleep(delay)


def kube_custom_objects_api() -> Any:
    """CustomObjectsApi from KUBECONFIG when set, else the in-cluster service account."""
    import os

    from kubernetes import client, config

    if os.environ.get("KUBECONFIG"):
        config.load_kube_config(config_file=os.environ["KUBECONFIG"])
    else:
        config.load_incluster_config()
    return client.CustomObjectsApi()
