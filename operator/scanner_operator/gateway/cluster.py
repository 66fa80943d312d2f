"""The gateway's Kubernetes calls (blocking; the app runs them in worker threads). Plain-JSON requests through the
operator's `Kube`; every object the gateway creates carries its labels, so it lists and cleans up only its own."""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote

from ..jobs import MANAGED_BY, MANAGED_BY_LABEL, SCANIMPORT_LABEL, label_value
from ..kube import MERGE_PATCH, Kube, KubeError
from ..models import API_VERSION, GROUP, VERSION
from .jobs_view import CREATED_BY, CREATED_BY_LABEL, JOB_LABEL, SELECTOR

log = logging.getLogger(__name__)

PLURAL = "scanimports"


def _si_path(namespace: str, name: str | None = None) -> str:
    base = f"/apis/{GROUP}/{VERSION}/namespaces/{quote(namespace)}/{PLURAL}"
    return f"{base}/{quote(name)}" if name else base


def labels(job_id: str) -> dict[str, str]:
    return {CREATED_BY_LABEL: CREATED_BY, JOB_LABEL: job_id}


class GatewayCluster:
    def __init__(self, kube: Kube) -> None:
        self.kube = kube

    # --- keys and defaults -----------------------------------------------------------------------------------
    def secret_data(self, namespace: str, name: str) -> dict[str, str] | None:
        return self.kube.read_secret_data(namespace, name)

    def secret_exists(self, namespace: str, name: str) -> bool:
        return self.kube.request("GET", f"/api/v1/namespaces/{quote(namespace)}/secrets/{quote(name)}") is not None

    # --- jobs ------------------------------------------------------------------------------------------------
    def create_scanimport(
        self, namespace: str, job_id: str, spec: dict[str, Any], annotations: dict[str, str]
    ) -> dict[str, Any]:
        body = {
            "apiVersion": API_VERSION,
            "kind": "ScanImport",
            "metadata": {"name": job_id, "labels": labels(job_id), "annotations": annotations},
            "spec": spec,
        }
        created = self.kube.request("POST", _si_path(namespace), body)
        if created is None:
            raise KubeError(404, f"namespace {namespace} does not exist")
        return created

    def create_owned_secret(self, owner: dict[str, Any], name: str, data: dict[str, str]) -> None:
        meta = owner["metadata"]
        body = {
            "apiVersion": "v1",
            "kind": "Secret",
            "type": "Opaque",
            "metadata": {
                "name": name,
                "labels": labels(meta["name"]),
                "ownerReferences": [
                    {
                        "apiVersion": API_VERSION,
                        "kind": "ScanImport",
                        "name": meta["name"],
                        "uid": meta["uid"],
                        "blockOwnerDeletion": True,
                    }
                ],
            },
            "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()},
        }
        self.kube.request("POST", f"/api/v1/namespaces/{quote(meta['namespace'])}/secrets", body)

    def patch_scanimport(self, namespace: str, job_id: str, patch: dict[str, Any]) -> dict[str, Any] | None:
        return self.kube.request("PATCH", _si_path(namespace, job_id), patch, content_type=MERGE_PATCH)

    def get_job(self, namespace: str, job_id: str) -> dict[str, Any] | None:
        obj = self.kube.request("GET", _si_path(namespace, job_id))
        if obj is None or ((obj.get("metadata") or {}).get("labels") or {}).get(CREATED_BY_LABEL) != CREATED_BY:
            return None  # not a job of the gateway (a ScanImport someone applied by hand)
        return obj

    def list_jobs(self, namespace: str) -> list[dict[str, Any]]:
        result = self.kube.request("GET", _si_path(namespace), query={"labelSelector": SELECTOR})
        return list((result or {}).get("items") or [])

    def delete_scanimport(self, namespace: str, job_id: str) -> None:
        self.kube.request("DELETE", _si_path(namespace, job_id))

    def delete_owned(self, namespace: str, job_id: str) -> None:
        """The job's Secrets, by their names (Kubernetes' garbage collector does this too; not every cluster runs
        one). By name, so the gateway needs no right to list Secrets."""
        from .form import secret_names

        for name in secret_names(job_id).values():
            self.kube.request("DELETE", f"/api/v1/namespaces/{quote(namespace)}/secrets/{quote(name)}")

    def delete_import_jobs(self, namespace: str, job_id: str) -> int:
        """Stop the import: delete the operator's Jobs of this ScanImport (their Pods go with them)."""
        selector = f"{MANAGED_BY_LABEL}={MANAGED_BY},{SCANIMPORT_LABEL}={label_value(job_id)}"
        jobs = self.kube.list_jobs(namespace, selector)
        for job in jobs:
            self.kube.delete_job(namespace, job["metadata"]["name"])
        return len(jobs)
