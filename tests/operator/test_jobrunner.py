"""The local Job runner's Pod emulation, without a cluster: env from references, mounts, missing objects."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from scanner_operator.sources import MOUNT_ROOT_ENV
from scanner_operator.testing.jobrunner import ContainerConfigError, LocalJobRunner, _fail_job_rule


class FakeKube:
    def __init__(self, objects: dict[str, dict[str, Any]]) -> None:
        self.objects = objects
        self.api = None

    def request(self, method: str, path: str, body: Any = None, **_: Any) -> dict[str, Any] | None:
        assert method == "GET"
        return self.objects.get(path)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


OBJECTS = {
    "/api/v1/namespaces/ns/secrets/phoenix": {"data": {"clientId": b64("id-1"), "clientSecret": b64("s3cr3t")}},
    "/api/v1/namespaces/ns/configmaps/settings": {"data": {"level": "debug"}},
    "/api/v1/namespaces/ns/configmaps/report": {"data": {"report.json": '{"a": 1}', "other": "x"}},
}


def runner(tmp_path: Path) -> LocalJobRunner:
    return LocalJobRunner(FakeKube(OBJECTS), tmp_path / "kubeconfig", executable=Path("/bin/true"))  # type: ignore[arg-type]


def pod(env: list[dict[str, Any]], volumes: list[dict[str, Any]], mounts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"volumes": volumes, "containers": [{"name": "worker", "env": env, "volumeMounts": mounts}]}


def test_env_references_are_resolved_and_mounts_materialised(tmp_path: Path) -> None:
    env = [
        {"name": "PLAIN", "value": "v"},
        {"name": "ID", "valueFrom": {"secretKeyRef": {"name": "phoenix", "key": "clientId"}}},
        {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "level"}}},
        {"name": "GONE", "valueFrom": {"secretKeyRef": {"name": "absent", "key": "k", "optional": True}}},
    ]
    volumes = [
        {"name": "tmp", "emptyDir": {}},
        {"name": "rep", "configMap": {"name": "report", "items": [{"key": "report.json", "path": "report.json"}]}},
    ]
    mounts = [{"name": "tmp", "mountPath": "/tmp"}, {"name": "rep", "mountPath": "/var/run/phoenix-scanner/source"}]
    p = pod(env, volumes, mounts)
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    r = runner(tmp_path)
    try:
        resolved = r._environment("ns", "job", p, p["containers"][0], sandbox)
    finally:
        r.stop()
    assert resolved["PLAIN"] == "v" and resolved["ID"] == "id-1" and resolved["LEVEL"] == "debug"
    assert "GONE" not in resolved, "an optional missing reference leaves the variable unset"
    root = Path(resolved[MOUNT_ROOT_ENV])
    assert (root / "source" / "report.json").read_text() == '{"a": 1}'
    assert not (root / "source" / "other").exists(), "only the listed items"
    assert Path(resolved["TMPDIR"]).is_dir()
    assert resolved["KUBECONFIG"].endswith("kubeconfig")


def test_missing_required_references_fail_like_create_container_config_error(tmp_path: Path) -> None:
    r = runner(tmp_path)
    try:
        for env in (
            [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "absent", "key": "k"}}}],
            [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "phoenix", "key": "nokey"}}}],
        ):
            p = pod(env, [], [])
            with pytest.raises(ContainerConfigError):
                r._environment("ns", "job", p, p["containers"][0], tmp_path)
    finally:
        r.stop()


@pytest.mark.parametrize(
    ("code", "rule"),
    [(2, 1), (3, 1), (1, None), (75, None), (9, 0)],
)
def test_pod_failure_policy_rules_match_like_the_job_controller(code: int, rule: int | None) -> None:
    job = {
        "spec": {
            "podFailurePolicy": {
                "rules": [
                    {
                        "action": "FailJob",
                        "onExitCodes": {"containerName": "worker", "operator": "NotIn", "values": [0, 1, 2, 3, 75]},
                    },
                    {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [2, 3]}},
                    {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1]}},
                ]
            }
        }
    }
    assert _fail_job_rule(job, "worker", code) == rule
    assert _fail_job_rule({"spec": {}}, "worker", code) is None  # a server before 1.26 dropped the policy
