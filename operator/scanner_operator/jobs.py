"""The import Job of a ScanImport: a pure function from the ScanImport and the operator's config to a Job manifest.

The name is deterministic (same run -> same name), so a restarted operator finds the Job it created before
instead of creating a second one. Credentials reach the Job only as Secret references resolved by Kubernetes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .config import OperatorConfig
from .contract import PERMANENT_EXIT_CODES
from .models import API_VERSION, GROUP

MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY = "phoenix-scanner-operator"
SCANIMPORT_LABEL = f"{GROUP}/scanimport"
GENERATION_ANNOTATION = f"{GROUP}/generation"
ATTEMPT_ANNOTATION = f"{GROUP}/attempt"
REQUESTED_AT_ANNOTATION = f"{GROUP}/requestedAt"

CONTAINER_NAME = "worker"
TMP_VOLUME = "tmp"
MAX_NAME = 63
_HASH_LEN = 8


@dataclass(frozen=True)
class Owner:
    """The parts of the ScanImport the Job refers to."""

    name: str
    namespace: str
    uid: str
    generation: int


def job_name(name: str, uid: str, generation: int, token: str | None, attempt: int) -> str:
    """`<name>-<generation>-<hash>`: a DNS-1123 label of at most 63 characters.

    The hash covers the uid (a re-created ScanImport of the same name gets new Jobs), the generation,
    the re-run token of the requestedAt annotation and the attempt number.
    """
    digest = hashlib.sha256(f"{uid}/{generation}/{token or ''}/{attempt}".encode()).hexdigest()[:_HASH_LEN]
    suffix = f"-{generation}-{digest}"
    base = re.sub(r"[^a-z0-9-]", "-", name.lower())
    base = base[: MAX_NAME - len(suffix)].strip("-") or "import"
    return f"{base}{suffix}"


def label_value(text: str) -> str:
    """A label value (<= 63 chars, alphanumeric ends); long names keep a hash so they stay distinct."""
    if len(text) <= MAX_NAME and re.fullmatch(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]", text):
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:_HASH_LEN]
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "-", text)[: MAX_NAME - _HASH_LEN - 1].strip("-_.")
    return f"{cleaned}-{digest}" if cleaned else digest


def own_labels(scanimport_name: str) -> dict[str, str]:
    return {MANAGED_BY_LABEL: MANAGED_BY, SCANIMPORT_LABEL: label_value(scanimport_name)}


def owner_reference(owner: Owner) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": "ScanImport",
        "name": owner.name,
        "uid": owner.uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }


def _secret_env(var: str, secret: str, key: str) -> dict[str, Any]:
    return {"name": var, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def phoenix_env(spec: Mapping[str, Any], config: OperatorConfig) -> list[dict[str, Any]]:
    """Phoenix URL as a value; client id and secret as secretKeyRef (per-ScanImport Secret or the default)."""
    phoenix = spec.get("phoenix") or {}
    ref = phoenix.get("credentialsSecretRef") or {}
    secret = ref.get("name") or config.credentials_secret
    id_key = ref.get("clientIdKey") or config.credentials_client_id_key
    secret_key = ref.get("clientSecretKey") or config.credentials_client_secret_key
    return [
        {"name": "PHOENIX_API_URL", "value": phoenix.get("apiUrl") or config.phoenix_api_url},
        _secret_env("PHOENIX_CLIENT_ID", secret, id_key),
        _secret_env("PHOENIX_CLIENT_SECRET", secret, secret_key),
    ]


def job_resources(spec: Mapping[str, Any], config: OperatorConfig) -> dict[str, dict[str, str]]:
    """The operator's defaults with the ScanImport's own requests/limits laid over them, key by key."""
    own = (spec.get("job") or {}).get("resources") or {}
    merged: dict[str, dict[str, str]] = {}
    for section in ("requests", "limits"):
        values = {**config.job_resources.get(section, {}), **{k: v for k, v in (own.get(section) or {}).items() if v}}
        if values:
            merged[section] = values
    return merged


def deadline_seconds(spec: Mapping[str, Any], config: OperatorConfig) -> int:
    own = (spec.get("job") or {}).get("activeDeadlineSeconds")
    return int(own) if own else config.job_deadline_seconds


def pod_failure_policy() -> dict[str, Any]:
    """The Job controller fails the Job at once on a permanent exit code (Kubernetes 1.26+; GA in 1.31).

    With backoffLimit 0 nothing is retried either way; what the rule adds is the Job's Failed condition: reason
    `PodFailurePolicy` with a message that names the exit code ("... failed with exit code 2 matching FailJob
    rule at index 0"), which the operator reads to tell a permanent failure from a transient one even when the
    worker could not write its status. Servers before 1.26 drop the field and keep backoffLimit's behaviour.
    """
    return {
        "rules": [
            {
                "action": "FailJob",
                "onExitCodes": {
                    "containerName": CONTAINER_NAME,
                    "operator": "In",
                    # a bad report, an unknown format, Phoenix refusing: the same Job again cannot help
                    "values": sorted(int(code) for code in PERMANENT_EXIT_CODES),
                },
            }
        ]
    }


def build_job(
    owner: Owner,
    spec: Mapping[str, Any],
    *,
    name: str,
    attempt: int,
    token: str | None,
    config: OperatorConfig,
) -> dict[str, Any]:
    """The Job manifest. Raises the sources' SourceInvalid (a ValueError) for a source it cannot serve."""
    from .sources import get_source  # the sources package pulls in boto3; only needed when building a Job

    source_spec = spec["source"]
    inputs = get_source(source_spec).job_inputs(source_spec, owner.name)
    labels = own_labels(owner.name)
    env = [
        {"name": "PHOENIX_SCANIMPORT_SPEC", "value": json.dumps(dict(spec), sort_keys=True, separators=(",", ":"))},
        *phoenix_env(spec, config),
        *inputs.env,
    ]
    container = {
        "name": CONTAINER_NAME,
        "image": config.image,
        "imagePullPolicy": config.image_pull_policy,
        "command": ["phoenix-scanner"],
        "args": [
            "worker",
            "--namespace",
            owner.namespace,
            "--name",
            owner.name,
            "--generation",
            str(owner.generation),
        ],
        "env": env,
        "resources": job_resources(spec, config),
        "volumeMounts": [{"name": TMP_VOLUME, "mountPath": "/tmp"}, *inputs.volume_mounts],  # noqa: S108
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    annotations = {GENERATION_ANNOTATION: str(owner.generation), ATTEMPT_ANNOTATION: str(attempt)}
    if token is not None:
        annotations[REQUESTED_AT_ANNOTATION] = token
    job_spec: dict[str, Any] = {
        "backoffLimit": 0,  # the worker retries what is safe to retry; the operator decides about new attempts
        "podFailurePolicy": pod_failure_policy(),
        "activeDeadlineSeconds": deadline_seconds(spec, config),
        "template": {
            "metadata": {"labels": dict(labels), "annotations": dict(annotations)},
            "spec": {
                "restartPolicy": "Never",
                "serviceAccountName": config.worker_service_account,
                "automountServiceAccountToken": True,  # the worker patches the ScanImport's status
                "securityContext": {
                    "runAsNonRoot": True,
                    "runAsUser": 65532,
                    "runAsGroup": 65532,
                    "fsGroup": 65532,
                    "seccompProfile": {"type": "RuntimeDefault"},
                },
                "containers": [container],
                "volumes": [{"name": TMP_VOLUME, "emptyDir": {"sizeLimit": "2Gi"}}, *inputs.volumes],
            },
        },
    }
    if config.job_ttl_seconds is not None:
        job_spec["ttlSecondsAfterFinished"] = config.job_ttl_seconds
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": name,
            "namespace": owner.namespace,
            "labels": labels,
            "annotations": annotations,
            "ownerReferences": [owner_reference(owner)],
        },
        "spec": job_spec,
    }
