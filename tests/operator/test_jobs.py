"""The import Job manifest: names, ownership, labels, pod security, credentials by reference."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from scanner_operator.config import OperatorConfig
from scanner_operator.contract import PERMANENT_EXIT_CODES, ExitCode
from scanner_operator.jobs import Owner, build_job, job_name, label_value

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
OWNER = Owner("api-image-trivy", "security", "uid-1", 3)


@given(
    name=st.from_regex(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?", fullmatch=True),
    generation=st.integers(min_value=1, max_value=10**12),
    attempt=st.integers(min_value=1, max_value=10),
)
def test_job_names_are_dns_labels_and_deterministic(name: str, generation: int, attempt: int) -> None:
    first = job_name(name, "uid", generation, None, attempt)
    assert len(first) <= 63 and DNS_LABEL.match(first)
    assert first == job_name(name, "uid", generation, None, attempt)


def test_job_names_differ_by_uid_generation_token_and_attempt() -> None:
    base = job_name("x", "u", 1, None, 1)
    assert (
        len(
            {
                base,
                job_name("x", "v", 1, None, 1),
                job_name("x", "u", 2, None, 1),
                job_name("x", "u", 1, "t", 1),
                job_name("x", "u", 1, None, 2),
            }
        )
        == 5
    )
    assert base.startswith("x-1-")


def test_label_values_are_valid_for_long_names() -> None:
    long = "a" * 200
    value = label_value(long)
    assert len(value) <= 63 and value != label_value("a" * 199)
    assert label_value("short-name") == "short-name"


def test_manifest_ownership_labels_security_and_secrets_by_reference() -> None:
    spec = {
        "source": {"s3": {"bucket": "reports", "key": "scan.nessus", "secretRef": {"name": "s3-creds"}}},
        "phoenix": {"apiUrl": "https://phoenix.example", "credentialsSecretRef": {"name": "team-phoenix"}},
        "job": {"activeDeadlineSeconds": 900, "resources": {"limits": {"memory": "2Gi"}}},
    }
    config = OperatorConfig(image="example/op:1", job_ttl_seconds=None)
    job = build_job(OWNER, spec, name="n-3-abc", attempt=1, token=None, config=config)
    meta = job["metadata"]
    assert meta["labels"] == {
        "app.kubernetes.io/managed-by": "phoenix-scanner-operator",
        "scanner.phoenix.security/scanimport": "api-image-trivy",
    }
    (ref,) = meta["ownerReferences"]
    assert ref["controller"] is True and ref["blockOwnerDeletion"] is True and ref["uid"] == "uid-1"
    assert job["spec"]["backoffLimit"] == 0 and job["spec"]["activeDeadlineSeconds"] == 900
    assert "ttlSecondsAfterFinished" not in job["spec"]
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["image"] == "example/op:1"
    assert [container["command"][0], *container["args"]] == [
        "phoenix-scanner",
        "worker",
        "--namespace",
        "security",
        "--name",
        "api-image-trivy",
        "--generation",
        "3",
    ]
    sc = container["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]} and sc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
    assert container["resources"]["limits"] == {"cpu": "1", "memory": "2Gi"}
    assert container["resources"]["requests"] == {"cpu": "100m", "memory": "256Mi"}
    env = {e["name"]: e for e in container["env"]}
    assert env["PHOENIX_API_URL"]["value"] == "https://phoenix.example"
    assert env["PHOENIX_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "team-phoenix", "key": "clientSecret"}
    assert json.loads(env["PHOENIX_SCANIMPORT_SPEC"]["value"]) == spec
    # The S3 source's credentials come as secretKeyRef too: no literal value names the Secret's data.
    s3_refs = [e for e in container["env"] if e.get("valueFrom", {}).get("secretKeyRef", {}).get("name") == "s3-creds"]
    assert s3_refs, "source credentials by reference"
    for e in container["env"]:
        assert ("value" in e) != ("valueFrom" in e)


def test_pod_failure_policy_fails_the_job_on_the_workers_permanent_exit_codes() -> None:
    job = build_job(
        OWNER,
        {"source": {"configMap": {"name": "r", "key": "k"}}},
        name="n",
        attempt=1,
        token=None,
        config=OperatorConfig(),
    )
    assert set(PERMANENT_EXIT_CODES) == {ExitCode.INVALID, ExitCode.UNRECOGNISED, ExitCode.REFUSED}
    (rule,) = job["spec"]["podFailurePolicy"]["rules"]
    assert rule == {
        "action": "FailJob",
        "onExitCodes": {"containerName": "worker", "operator": "In", "values": [2, 3, 4]},
    }
    assert ExitCode.TRANSIENT not in rule["onExitCodes"]["values"]
    # podFailurePolicy needs restartPolicy Never and the container it names
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never" and pod["containers"][0]["name"] == "worker"
