"""S3 storage: a second gateway keeps uploads in a bucket (moto's S3 server, IAM enforced); the worker fetches them
with the S3 source through the Secret the job owns; deleting or cancelling the job deletes the object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from scanner_operator.testing.gateway import GatewayProcess
from scanner_operator.testing.localcluster import LocalCluster, free_port
from tests.fixtures.objectstores import S3Store

from .conftest import GATEWAY_NAMESPACE, Stack
from .helpers import NESSUS, expected_counts, wait_job

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def s3_gateway(
    stack: Stack,
    kube: LocalCluster,
    s3_store: S3Store,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[GatewayProcess]:
    gateway = GatewayProcess(
        kube.kubeconfig,
        tmp_path_factory.mktemp("gateway-s3"),
        port=free_port(),
        namespace=GATEWAY_NAMESPACE,
        env={
            "PHOENIX_GATEWAY_STORAGE": "s3",
            "PHOENIX_GATEWAY_S3_BUCKET": s3_store.bucket,
            "PHOENIX_GATEWAY_S3_ENDPOINT": s3_store.endpoint,
            "PHOENIX_GATEWAY_S3_REGION": s3_store.region,
            "PHOENIX_GATEWAY_S3_ACCESS_KEY_ID": s3_store.access_key_id,
            "PHOENIX_GATEWAY_S3_SECRET_ACCESS_KEY": s3_store.secret_access_key,
        },
    )
    with gateway:
        yield gateway


def keys(store: S3Store) -> list[str]:
    listing = store.client().list_objects_v2(Bucket=store.bucket, Prefix="uploads/")
    return [o["Key"] for o in listing.get("Contents") or []]


def test_upload_to_s3_is_imported_and_deleted_with_the_job(
    stack: Stack,
    s3_gateway: GatewayProcess,
    s3_store: S3Store,
    tmp_path: Path,
) -> None:
    headers = {"X-API-Key": stack.api_key}
    response = requests.post(
        f"{s3_gateway.url}/api/v1/upload",
        headers=headers,
        files={"file": NESSUS.open("rb")},
        data={"scanner_type": "auto"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    job_id = response.json()["job_id"]
    key = f"uploads/{stack.namespace}/{job_id}/{NESSUS.name}"
    assert key in keys(s3_store)
    obj = stack.kube.get_custom(stack.namespace, "scanimports", job_id)
    assert obj is not None
    source = obj["spec"]["source"]["s3"]
    assert source["bucket"] == s3_store.bucket and source["key"] == key
    assert source["secretRef"] == {"name": f"{job_id}-fetch"}
    assert s3_store.secret_access_key not in json.dumps(obj)
    assert list(s3_gateway.data_dir.rglob("*.nessus")) == []  # nothing left in the spool
    job = wait_job(s3_gateway.url, stack.api_key, job_id)
    assert job["status"] == "completed", job
    assert (job["assets_imported"], job["vulnerabilities_imported"]) == expected_counts(NESSUS, "auto", tmp_path)
    deleted = requests.delete(f"{s3_gateway.url}/api/v1/jobs/{job_id}", headers=headers, timeout=10)
    assert deleted.status_code == 200
    assert key not in keys(s3_store)
