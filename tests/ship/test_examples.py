"""Every example a user copies is accepted: by the models offline and by the real API server's CRD schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner_operator.models import ScanImportSpec
from scanner_operator.models_insightvm import InsightVMScanSpec
from scanner_operator.testing.localcluster import LocalCluster
from tests.ship.chart import REPO

EXAMPLES = REPO / "examples"
RESOURCE_FILES = [*sorted((EXAMPLES / "scanimports").glob("*.yaml")), EXAMPLES / "insightvmscan.yaml"]
SPECS = {"ScanImport": ScanImportSpec, "InsightVMScan": InsightVMScanSpec}


def docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def test_there_is_an_example_for_every_source_kind() -> None:
    kinds = {next(iter(d["spec"]["source"])) for p in RESOURCE_FILES for d in docs(p) if d["kind"] == "ScanImport"}
    assert kinds == set(ScanImportSpec.model_fields["source"].annotation.model_fields)  # type: ignore[union-attr]


@pytest.mark.parametrize("path", RESOURCE_FILES, ids=lambda p: p.name)
def test_examples_validate_against_the_models(path: Path) -> None:
    for doc in docs(path):
        SPECS[doc["kind"]].model_validate(doc["spec"])


def test_gitops_examples_point_at_the_chart() -> None:
    app = docs(EXAMPLES / "gitops" / "argocd-application.yaml")[0]
    assert (REPO / app["spec"]["source"]["path"] / "Chart.yaml").exists()
    release = next(d for d in docs(EXAMPLES / "gitops" / "flux-helmrelease.yaml") if d["kind"] == "HelmRelease")
    assert (REPO / release["spec"]["chart"]["spec"]["chart"] / "Chart.yaml").exists()
    kustomization = docs(EXAMPLES / "gitops" / "flux-kustomization.yaml")[0]
    assert kustomization["spec"]["wait"] is True


@pytest.mark.cluster
def test_examples_pass_server_side_dry_run(kube: LocalCluster) -> None:
    kube.kubectl("apply", "--validate=false", "-f", str(REPO / "crds"))
    for crd in (REPO / "crds").glob("*.yaml"):
        name = yaml.safe_load(crd.read_text())["metadata"]["name"]
        kube.kubectl("wait", "--for=condition=Established", f"crd/{name}", "--timeout=30s")
    kube.kubectl("create", "namespace", "security", check=False)
    items = [d for p in RESOURCE_FILES for d in docs(p)]
    out = kube.kubectl(
        "apply", "--dry-run=server", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": items})
    )
    assert out.count("(server dry run)") == len(items)
