"""The Helm chart: lints, renders for default and full values, validates against Kubernetes schemas and the real
local API server (server-side dry-run), ships the same CRDs as crds/, and follows the operator conventions."""

from __future__ import annotations

import json
from typing import Any

import helm_python
import kubernetes_validate
import pytest
import yaml

from scanner_operator.testing.localcluster import LocalCluster
from tests.ship.chart import CHART, FULL_VALUES, NAMESPACE, REPO, by_kind, render

VALUE_SETS = {"default": {}, "full": FULL_VALUES}
# Kinds of the Prometheus Operator: not in Kubernetes' schemas, nor installed on the local API server.
MONITORING_KINDS = {"ServiceMonitor", "PrometheusRule"}


@pytest.mark.parametrize("values", VALUE_SETS.values(), ids=VALUE_SETS.keys())
def test_lint_has_no_warnings_or_errors(values: dict[str, Any]) -> None:
    report = helm_python.lint(str(CHART), values, strict=True, namespace=NAMESPACE)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


def test_values_schema_rejects_bad_values() -> None:
    chart = helm_python.Chart.load(str(CHART))
    try:
        with pytest.raises(helm_python.HelmError):
            chart.render({"job": {"maxConcurrent": 0}}, name="x", namespace="y")
        with pytest.raises(helm_python.HelmError):
            chart.render({"unknownKey": True}, name="x", namespace="y")
    finally:
        chart.close()


@pytest.mark.parametrize("values", VALUE_SETS.values(), ids=VALUE_SETS.keys())
@pytest.mark.parametrize("k8s", ["1.25.0", "1.37.0"])
def test_manifests_validate_against_kubernetes_schemas(values: dict[str, Any], k8s: str) -> None:
    for doc in render(values):
        if doc["kind"] in MONITORING_KINDS:
            continue
        kubernetes_validate.validate(doc, k8s, strict=True)


def test_full_values_render_every_optional_object() -> None:
    kinds = {d["kind"] for d in render(FULL_VALUES)}
    assert {"ServiceMonitor", "PrometheusRule", "NetworkPolicy", "Role", "RoleBinding"} <= kinds
    defaults = {d["kind"] for d in render()}
    assert not ({"ServiceMonitor", "PrometheusRule", "NetworkPolicy", "Role"} & defaults)


def test_rendered_crds_equal_crds_dir() -> None:
    shipped = {f.name: yaml.safe_load(f.read_text()) for f in sorted((REPO / "crds").glob("*.yaml"))}
    rendered = {f"{d['metadata']['name']}.yaml": d for d in by_kind(render(), "CustomResourceDefinition")}
    assert rendered.keys() == shipped.keys()
    for name, crd in rendered.items():
        assert crd["spec"] == shipped[name]["spec"]
        assert crd["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    no_keep = by_kind(render({"crds": {"enabled": True, "keep": False}}), "CustomResourceDefinition")
    assert all("helm.sh/resource-policy" not in (c["metadata"].get("annotations") or {}) for c in no_keep)
    assert by_kind(render({"crds": {"enabled": False, "keep": True}}), "CustomResourceDefinition") == []


def test_deployment_follows_the_conventions() -> None:
    (dep,) = by_kind(render(), "Deployment")
    spec = dep["spec"]
    assert spec["replicas"] == 1 and spec["strategy"] == {"type": "Recreate"}
    pod = spec["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    (c,) = pod["containers"]
    sc = c["securityContext"]
    assert sc["readOnlyRootFilesystem"] and not sc["allowPrivilegeEscalation"] and sc["capabilities"]["drop"] == ["ALL"]
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"requests", "limits"} <= c["resources"].keys()
    assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"]
    env = {e["name"]: e.get("value") for e in c["env"]}
    # secrets only by reference: the operator gets the Secret's name, never its contents
    assert env["PHOENIX_SCANNER_CREDENTIALS_SECRET"] == "phoenix-api"
    assert not any("valueFrom" in e for e in c["env"])


def test_operator_config_reads_every_env_the_chart_sets() -> None:
    from dataclasses import fields

    from scanner_operator.config import ENV_PREFIX, OperatorConfig

    (dep,) = by_kind(render(FULL_VALUES), "Deployment")
    names = {e["name"] for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}
    known = {ENV_PREFIX + f.name.upper() for f in fields(OperatorConfig)}
    assert names <= known, names - known


def test_aggregated_roles() -> None:
    roles = {r["metadata"]["name"]: r for r in by_kind(render(), "ClusterRole")}
    view = roles["pso-phoenix-scanner-operator-view"]
    assert view["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-view"] == "true"
    assert all(set(rule["verbs"]) <= {"get", "list", "watch"} for rule in view["rules"])
    edit = roles["pso-phoenix-scanner-operator-edit"]
    assert edit["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-edit"] == "true"


def test_watch_namespaces_switches_to_namespaced_rbac() -> None:
    docs = render(FULL_VALUES)
    roles = by_kind(docs, "Role")
    assert sorted(r["metadata"]["namespace"] for r in roles) == ["payments", "security"]
    (operator_role,) = [
        r for r in by_kind(docs, "ClusterRole") if r["metadata"]["name"] == "pso-phoenix-scanner-operator"
    ]
    assert all("batch" not in rule["apiGroups"] for rule in operator_role["rules"])
    workers = by_kind(docs, "ServiceAccount")
    assert {s["metadata"]["namespace"] for s in workers if s["metadata"]["name"] == "phoenix-scanner-worker"} == {
        NAMESPACE,
        "security",
        "payments",
    }


@pytest.mark.smoke
@pytest.mark.cluster
@pytest.mark.parametrize("values", VALUE_SETS.values(), ids=VALUE_SETS.keys())
def test_server_side_dry_run_on_the_local_api_server(kube: LocalCluster, values: dict[str, Any]) -> None:
    docs = [d for d in render(values) if d["kind"] not in MONITORING_KINDS]
    for ns in {NAMESPACE, *values.get("watchNamespaces", [])}:
        kube.kubectl("create", "namespace", ns, check=False)
    crds = by_kind(docs, "CustomResourceDefinition")
    rest = [d for d in docs if d["kind"] != "CustomResourceDefinition"]
    # --validate=false: kubectl 1.20's client-side schema predates x-kubernetes-validations (CEL); the server
    # still validates everything it knows and ignores that field (a known gap of this server version).
    out = kube.kubectl(
        "apply",
        "--dry-run=server",
        "--validate=false",
        "-f",
        "-",
        input=json.dumps({"apiVersion": "v1", "kind": "List", "items": crds + rest}),
    )
    assert out.count("(server dry run)") == len(docs)
