"""Rendering the Helm chart in tests, with helm-python-sdk (Helm's own Go engine; no helm binary)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "phoenix-scanner-operator"
RELEASE, NAMESPACE = "pso", "phoenix-system"

FULL_VALUES: dict[str, Any] = {
    "watchNamespaces": ["security", "payments"],
    "serviceMonitor": {"enabled": True, "interval": "15s", "labels": {"release": "prom"}},
    "prometheusRule": {"enabled": True, "labels": {"release": "prom"}},
    "networkPolicy": {"enabled": True},
    "grafanaDashboard": {"enabled": True},
    "logLevel": "debug",
    "imagePullSecrets": [{"name": "regcred"}],
    "operator": {"nodeSelector": {"kubernetes.io/os": "linux"}, "priorityClassName": "system-cluster-critical"},
    "webhooks": {"allowPrivateAddresses": True},
}


def render(values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    chart = helm_python.Chart.load(str(CHART))
    try:
        files = chart.render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    finally:
        chart.close()
    docs: list[dict[str, Any]] = []
    for name, text in sorted(files.items()):
        if name.endswith(".txt"):
            continue
        docs.extend(d for d in yaml.safe_load_all(text) if d)
    return docs


def by_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]
