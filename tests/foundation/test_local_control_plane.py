"""Proof that the local control plane is a real Kubernetes API server: CRDs with a status subresource are
applied with kubectl, and a kopf operator patches status through /status."""

from __future__ import annotations

import json
import time

import kopf
import pytest
from kopf.testing import KopfRunner

from scanner_operator.testing.localcluster import LocalCluster, kube_version

pytestmark = pytest.mark.cluster

CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.proof.example.com"},
    "spec": {
        "group": "proof.example.com",
        "scope": "Namespaced",
        "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
        "versions": [
            {
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "properties": {
                            "spec": {"type": "object", "properties": {"size": {"type": "integer"}}},
                            "status": {
                                "type": "object",
                                "properties": {
                                    "doubled": {"type": "integer"},
                                    "observedGeneration": {"type": "integer"},
                                },
                            },
                        },
                    }
                },
            }
        ],
    },
}

# The handler is registered on a private registry so it runs only inside this test's operator.
registry = kopf.OperatorRegistry()


@kopf.on.login(registry=registry)
def login(**kwargs: object) -> kopf.ConnectionInfo | None:
    return kopf.login_via_client(**kwargs)


@kopf.on.create("proof.example.com", "v1", "widgets", registry=registry)
def double(spec: kopf.Spec, meta: kopf.Meta, patch: kopf.Patch, **_: object) -> None:
    patch.status["doubled"] = int(spec["size"]) * 2
    patch.status["observedGeneration"] = meta["generation"]


@pytest.mark.smoke
def test_server_is_the_version_kube_version_asked_for(kube: LocalCluster) -> None:
    asked = kube_version()  # KUBE_VERSION, else the default
    assert kube.version == asked.name
    version = json.loads(kube.kubectl("get", "--raw", "/version"))
    assert version["gitVersion"] == asked.git_version
    assert f"{version['major']}.{version['minor'].rstrip('+')}" == asked.name


@pytest.mark.smoke
def test_kopf_operator_patches_status_subresource(kube: LocalCluster) -> None:
    kube.kubectl("apply", "-f", "-", input=json.dumps(CRD))
    kube.kubectl("wait", "--for=condition=Established", "crd/widgets.proof.example.com", "--timeout=30s")
    settings = kopf.OperatorSettings()
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix="proof.example.com")
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(prefix="proof.example.com")
    args = ["run", "--standalone", "--namespace=default", "--verbose"]
    with KopfRunner(args, registry=registry, settings=settings, timeout=60):
        kube.kubectl(
            "apply",
            "-f",
            "-",
            input=json.dumps(
                {
                    "apiVersion": "proof.example.com/v1",
                    "kind": "Widget",
                    "metadata": {"name": "w1", "namespace": "default"},
                    "spec": {"size": 21},
                }
            ),
        )
        deadline = time.monotonic() + 30
        status: dict[str, object] = {}
        while time.monotonic() < deadline:
            obj = json.loads(kube.kubectl("get", "widget", "w1", "-o", "json"))
            status = obj.get("status", {})
            if "doubled" in status:
                break
            time.sleep(0.2)
    assert status == {"doubled": 42, "observedGeneration": 1}
    # The status subresource is in effect: writing status did not bump the generation.
    obj = json.loads(kube.kubectl("get", "widget", "w1", "-o", "json"))
    assert obj["metadata"]["generation"] == 1
