"""The chart's gateway: off by default; on, it lints strictly, validates against Kubernetes schemas, keeps the
operator's Service selectors off the gateway pods, and passes the settings the gateway reads."""

from __future__ import annotations

from typing import Any

import helm_python
import kubernetes_validate
import pytest

from scanner_operator.gateway.config import ENV_PREFIX, GatewayConfig
from tests.ship.chart import CHART, NAMESPACE, by_kind, render

ON: dict[str, Any] = {
    "gateway": {
        "enabled": True,
        "publicUrl": "https://scanner.example.com",
        "ingress": {
            "enabled": True,
            "className": "nginx",
            "hosts": ["scanner.example.com"],
            "tls": [{"hosts": ["scanner.example.com"], "secretName": "scanner-tls"}],
        },
        "apiKeys": {"entries": {"team-a": {"namespace": "team-a", "sha256": "a" * 64}}},
        "persistence": {"enabled": True},
    }
}
S3: dict[str, Any] = {
    "gateway": {
        "enabled": True,
        "replicas": 2,
        "storage": {"type": "s3", "s3": {"bucket": "reports", "credentialsSecret": "s3"}},
    }
}


def gateway_docs(values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [
        d for d in render(values) if d["metadata"].get("labels", {}).get("app.kubernetes.io/component") == "gateway"
    ]


def test_off_by_default() -> None:
    assert gateway_docs() == []


@pytest.mark.parametrize("values", [ON, S3], ids=["local-ingress", "s3"])
def test_lints_and_validates(values: dict[str, Any]) -> None:
    report = helm_python.lint(str(CHART), values, strict=True, namespace=NAMESPACE)
    assert report["errors"] == [] and [m for m in report["messages"] if m["severity"] >= 2] == []
    for doc in render(values):
        if doc["kind"] not in ("ServiceMonitor", "PrometheusRule"):
            kubernetes_validate.validate(doc, "1.25.0", strict=True)


def test_deployment_and_services() -> None:
    docs = render(ON)
    deployment = next(d for d in by_kind(docs, "Deployment") if d["metadata"]["name"].endswith("-gateway"))
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert container["args"][:3] == ["serve", "--host", "0.0.0.0"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    env = {e["name"]: e for e in container["env"]}
    known = {ENV_PREFIX + f.upper() for f in GatewayConfig.__dataclass_fields__}
    assert set(env) <= known, set(env) - known
    assert env["PHOENIX_GATEWAY_SIGNING_KEY"]["valueFrom"]["secretKeyRef"]["key"] == "signingKey"
    assert (
        env["PHOENIX_GATEWAY_INTERNAL_URL"]["value"]
        == f"http://pso-phoenix-scanner-operator-gateway.{NAMESPACE}.svc:8000"
    )
    assert pod["spec"]["volumes"][1]["persistentVolumeClaim"]["claimName"] == "pso-phoenix-scanner-operator-gateway"
    # The operator's metrics Service must not select gateway pods (and the gateway's must not select the operator).
    operator = next(d for d in by_kind(docs, "Deployment") if not d["metadata"]["name"].endswith("-gateway"))
    for service in by_kind(docs, "Service"):
        selector = service["spec"]["selector"].items()
        gateway_match = selector <= pod["metadata"]["labels"].items()
        operator_match = selector <= operator["spec"]["template"]["metadata"]["labels"].items()
        assert gateway_match != operator_match, service["metadata"]["name"]
    keys = next(d for d in by_kind(docs, "Secret") if d["metadata"]["name"].endswith("-gateway-keys"))
    assert keys["stringData"]["team-a"] == '{"namespace":"team-a","sha256":"' + "a" * 64 + '"}'
    ingress = by_kind(docs, "Ingress")[0]
    assert ingress["spec"]["rules"][0]["host"] == "scanner.example.com"


def test_rbac_is_limited_to_what_the_gateway_calls() -> None:
    role = next(d for d in by_kind(render(ON), "ClusterRole") if d["metadata"]["name"].endswith("-gateway"))
    rules = {(g, r): set(rule["verbs"]) for rule in role["rules"] for g in rule["apiGroups"] for r in rule["resources"]}
    assert rules == {
        ("scanner.phoenix.security", "scanimports"): {"get", "list", "watch", "create", "patch", "delete"},
        ("", "secrets"): {"get", "create", "delete"},
        ("batch", "jobs"): {"list", "delete"},
    }


def test_schema_refuses_bad_gateway_values() -> None:
    chart = helm_python.Chart.load(str(CHART))
    try:
        for bad in (
            {"storage": {"type": "gcs"}},
            {"apiKeys": {"entries": {"x": {"namespace": "A", "sha256": "1"}}}},
            {"surprise": 1},
        ):
            with pytest.raises(helm_python.HelmError):
                chart.render({"gateway": {"enabled": True, **bad}}, name="x", namespace="y")
    finally:
        chart.close()
