"""The few Kubernetes API calls the operator makes, as plain-JSON requests on the official client's connection.

Objects go in and out as dicts (the shape of the YAML users write), so the pure reconcile functions never see
client model classes. Conventions: look before create and treat 409 AlreadyExists as success; status is
written only through the /status subresource as a JSON merge patch.

Every write carries a field manager (`fieldManager`), so `metadata.managedFields` says which fields are the
operator's (status, its Jobs), the worker's (live status) or the gateway's, and which belong to whoever applies
the spec (a GitOps tool's server-side apply). Without one the API server names the manager after the HTTP
User-Agent, which is the same for every component built on the official client.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from kubernetes import client, config
from kubernetes.client.exceptions import ApiException

from .models import GROUP, VERSION

log = logging.getLogger(__name__)

MERGE_PATCH = "application/merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
COMPONENT = "phoenix-scanner-operator"
#: Field managers of the project's components (at most 128 printable characters each).
FIELD_MANAGER = "phoenix-scanner-operator"
GATEWAY_FIELD_MANAGER = "phoenix-scanner-gateway"
_WRITES = frozenset({"POST", "PUT", "PATCH"})


class KubeError(RuntimeError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Kubernetes API returned {status}: {message}")
        self.status = status


def load_api_client() -> Any:
    """KUBECONFIG (or ~/.kube/config) when present, else the in-cluster service account."""
    try:
        config.load_kube_config()
    except config.ConfigException:
        config.load_incluster_config()
    return client.ApiClient()


class Kube:
    def __init__(self, api_client: Any | None = None, *, field_manager: str | None = FIELD_MANAGER) -> None:
        self.api = api_client if api_client is not None else load_api_client()
        self.field_manager = field_manager

    # --- transport -------------------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str = "application/json",
        query: dict[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """One request; returns the JSON body, None for 404, raises KubeError for other failures.

        Writes (POST, PUT, PATCH) carry this client's field manager unless `query` names one.
        """
        if method in _WRITES and self.field_manager and "fieldManager" not in (query or {}):
            query = {**(query or {}), "fieldManager": self.field_manager}
        if query:
            path = f"{path}?{urlencode(query)}"
        headers = {"Accept": "application/json", "Content-Type": content_type}
        method_, url, headers, _, _ = self.api.param_serialize(
            method=method, resource_path=path, header_params=headers, auth_settings=["BearerToken"]
        )
        try:
            # The client's REST layer serialises dict bodies for JSON content types (merge-patch included).
            response = self.api.call_api(method_, url, header_params=headers, body=body, _request_timeout=30)
            response.read()
            status, data = response.status, response.data
        except ApiException as exc:
            status, data = int(exc.status or 0), (exc.body or b"")
        if status == 404:
            return None
        text = data.decode() if isinstance(data, bytes) else str(data or "")
        if status >= 400:
            try:
                message = json.loads(text).get("message", text)
            except ValueError:
                message = text
            raise KubeError(status, str(message)[:500])
        return json.loads(text) if text else {}

    def apply(self, path: str, manifest: dict[str, Any], *, force: bool = False) -> dict[str, Any] | None:
        """Server-side apply of `manifest` at `path` (the object's own URL) as this client's field manager.

        Creates the object when it is absent; `force` takes over fields another manager owns (what Argo CD and
        Flux do), else such a conflict is a 409 KubeError.
        """
        if not self.field_manager:
            raise ValueError("server-side apply needs a field manager")
        query = {"fieldManager": self.field_manager, **({"force": "true"} if force else {})}
        return self.request("PATCH", path, manifest, content_type=APPLY_PATCH, query=query)

    # --- ScanImport (and other custom resources of the group) -------------------------------------------------
    @staticmethod
    def _custom_path(namespace: str, plural: str, name: str | None = None) -> str:
        base = f"/apis/{GROUP}/{VERSION}/namespaces/{quote(namespace)}/{plural}"
        return f"{base}/{quote(name)}" if name else base

    def get_custom(self, namespace: str, plural: str, name: str) -> dict[str, Any] | None:
        return self.request("GET", self._custom_path(namespace, plural, name))

    def patch_custom_status(self, namespace: str, plural: str, name: str, patch: dict[str, Any]) -> bool:
        """Merge-patch `status`; False when the object is gone."""
        result = self.request(
            "PATCH",
            self._custom_path(namespace, plural, name) + "/status",
            {"status": patch},
            content_type=MERGE_PATCH,
        )
        return result is not None

    # --- Jobs ------------------------------------------------------------------------------------------------
    def get_job(self, namespace: str, name: str) -> dict[str, Any] | None:
        return self.request("GET", f"/apis/batch/v1/namespaces/{quote(namespace)}/jobs/{quote(name)}")

    def create_job(self, manifest: dict[str, Any]) -> None:
        """Create unless it exists; a concurrent create that won (409) is success."""
        namespace = manifest["metadata"]["namespace"]
        try:
            self.request("POST", f"/apis/batch/v1/namespaces/{quote(namespace)}/jobs", manifest)
        except KubeError as exc:
            if exc.status != 409:
                raise

    def list_jobs(self, namespace: str, label_selector: str) -> list[dict[str, Any]]:
        result = self.request(
            "GET", f"/apis/batch/v1/namespaces/{quote(namespace)}/jobs", query={"labelSelector": label_selector}
        )
        return list((result or {}).get("items") or [])

    def delete_job(self, namespace: str, name: str) -> None:
        self.request(
            "DELETE",
            f"/apis/batch/v1/namespaces/{quote(namespace)}/jobs/{quote(name)}",
            {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"},
        )

    # --- Secrets (webhook headers only) ----------------------------------------------------------------------
    def read_secret_data(self, namespace: str, name: str) -> dict[str, str] | None:
        import base64

        secret = self.request("GET", f"/api/v1/namespaces/{quote(namespace)}/secrets/{quote(name)}")
        if secret is None:
            return None
        return {k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()}

    # --- Events ----------------------------------------------------------------------------------------------
    def emit_event(self, involved: dict[str, Any], type_: str, reason: str, message: str) -> None:
        """A core/v1 Event on the object; failures are logged, never raised (events are best-effort)."""
        meta = involved["metadata"]
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": f"{meta['name'][:200]}.{secrets.token_hex(8)}", "namespace": meta["namespace"]},
            "involvedObject": {
                "apiVersion": involved.get("apiVersion"),
                "kind": involved.get("kind"),
                "name": meta["name"],
                "namespace": meta["namespace"],
                "uid": meta.get("uid"),
                "resourceVersion": meta.get("resourceVersion"),
            },
            "type": type_,
            "reason": reason,
            "message": message[:1024],
            "source": {"component": COMPONENT},
            "reportingComponent": COMPONENT,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
        }
        try:
            self.request("POST", f"/api/v1/namespaces/{quote(meta['namespace'])}/events", event)
        except KubeError as exc:
            log.warning("could not post event %s on %s/%s: %s", reason, meta["namespace"], meta["name"], exc)
