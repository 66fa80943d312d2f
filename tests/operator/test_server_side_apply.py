"""GitOps tools apply ScanImports with server-side apply; the operator and its worker write only status.

Argo CD (`ServerSideApply=true`) and Flux (kustomize-controller) send `PATCH application/apply-patch+yaml` with
their own field manager and `force=true`. These tests do the same on the real API server and read
`metadata.managedFields`: the GitOps manager owns the spec, the operator and the worker own only status fields,
so a re-apply never conflicts, never wipes the status and never re-imports.
"""

from __future__ import annotations

from typing import Any

import pytest

from scanner_operator.kube import FIELD_MANAGER, Kube
from scanner_operator.models import API_VERSION
from scanner_operator.worker.status import FIELD_MANAGER as WORKER_FIELD_MANAGER
from tests.corpus import SAMPLES
from tests.operator.harness import PLURAL_PATH, Harness, is_ready

pytestmark = pytest.mark.cluster

ARGOCD = "argocd-controller"
TRIVY = SAMPLES / "trivy" / "cvss_severity_source.json"


def managed(obj: dict[str, Any]) -> dict[str, set[str]]:
    """Field manager -> the top-level fields (`spec`, `status`, `metadata`) it owns."""
    owners: dict[str, set[str]] = {}
    for entry in obj["metadata"].get("managedFields") or []:
        fields = {key.removeprefix("f:") for key in (entry.get("fieldsV1") or {}) if key.startswith("f:")}
        owners.setdefault(entry["manager"], set()).update(fields)
    return owners


def spec_owners(obj: dict[str, Any]) -> set[str]:
    return {manager for manager, fields in managed(obj).items() if "spec" in fields}


def argocd_apply(h: Harness, name: str, spec: dict[str, Any], *, force: bool = True) -> dict[str, Any]:
    manifest = {
        "apiVersion": API_VERSION,
        "kind": "ScanImport",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/instance": "security-imports"}},
        "spec": spec,
    }
    gitops = Kube(h.cluster.api_client(), field_manager=ARGOCD)
    result = gitops.apply(PLURAL_PATH.format(ns=h.namespace) + f"/{name}", manifest, force=force)
    assert result is not None
    return result


@pytest.mark.smoke
def test_argocd_style_apply_reaches_ready_and_managed_fields_show_the_split(harness: Harness) -> None:
    harness.configmap("report", {"report.json": TRIVY.read_text()})
    spec = {"source": {"configMap": {"name": "report", "key": "report.json"}}, "importType": "new"}
    created = argocd_apply(harness, "gitops", spec)
    assert created["metadata"]["generation"] == 1
    obj = harness.wait_for("gitops", is_ready)
    assert obj["status"]["findingsImported"] == 2

    owners = managed(obj)
    assert spec_owners(obj) == {ARGOCD}, owners
    assert "metadata" in owners[ARGOCD]  # its tracking label
    assert "status" in owners[FIELD_MANAGER] and "spec" not in owners[FIELD_MANAGER]
    assert "status" in owners[WORKER_FIELD_MANAGER] and "spec" not in owners[WORKER_FIELD_MANAGER]
    assert "status" not in owners[ARGOCD]

    # A sync of the same manifest, without force: no conflict, no new generation, status kept, no re-import.
    again = argocd_apply(harness, "gitops", spec, force=False)
    assert again["metadata"]["generation"] == 1
    assert again["status"]["findingsImported"] == 2 and is_ready(again)
    assert harness.fake.accepted_imports == 1

    # A changed manifest, still without force: the operator never took a spec field, so nothing conflicts and
    # the new generation is imported.
    argocd_apply(harness, "gitops", {**spec, "importType": "merge"}, force=False)
    obj = harness.wait_for(
        "gitops", lambda o: is_ready(o) and (o or {}).get("status", {}).get("observedGeneration") == 2
    )
    assert obj["spec"]["importType"] == "merge"
    assert spec_owners(obj) == {ARGOCD}
    assert harness.fake.accepted_imports == 2


def test_operator_children_carry_the_operators_field_manager(harness: Harness) -> None:
    harness.configmap("report", {"report.json": TRIVY.read_text()})
    argocd_apply(harness, "owned", {"source": {"configMap": {"name": "report", "key": "report.json"}}})
    harness.wait_for("owned", is_ready)
    (job,) = harness.jobs("owned")
    assert FIELD_MANAGER in managed(job), managed(job)
    assert ARGOCD not in managed(job)  # the GitOps tool's tracking label is not copied onto the Job
    assert "app.kubernetes.io/instance" not in job["metadata"]["labels"]
