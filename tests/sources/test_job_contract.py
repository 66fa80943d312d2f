"""What `job_inputs` arranges in the operator is exactly what `fetch` finds in the Job, for every kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner_operator.sources import SourceAccessDenied, SourceNotFound, get_source
from tests.fixtures.objectstores import AzureStore, GcsStore, HttpStore, S3Store

from .helpers import assert_fetched
from .kubelet import Objects, materialise


def fetch_as_job(spec_source: dict[str, Any], objects: Objects, tmp_path: Path) -> Any:
    source = get_source(spec_source)
    env = materialise(source.job_inputs(spec_source, "imp"), tmp_path / "pod", objects)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return source.fetch(spec_source, work, 1 << 20, env=env)


@pytest.mark.parametrize("kind", ["configMap", "secret"])
def test_mounted_kinds(kind: str, tmp_path: Path) -> None:
    objects: Objects = {(kind[0].upper() + kind[1:], "reports"): {"trivy.json": b"[1]", "other": b"x"}}
    fetched = fetch_as_job({kind: {"name": "reports", "key": "trivy.json"}}, objects, tmp_path)
    assert_fetched(fetched, b"[1]")


def test_missing_configmap_reaches_the_worker_as_not_found(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound):
        fetch_as_job({"configMap": {"name": "absent", "key": "r.json"}}, {}, tmp_path)


def test_s3(s3_store: S3Store, tmp_path: Path) -> None:
    s3_store.upload("contract/r.json", b"[2]")
    spec = {
        "s3": {
            "bucket": s3_store.bucket,
            "key": "contract/r.json",
            "endpoint": s3_store.endpoint,
            "secretRef": {"name": "s3"},
        }
    }
    secret = {k: v.encode() for k, v in s3_store.secret_data().items()}
    assert_fetched(fetch_as_job(spec, {("Secret", "s3"): secret}, tmp_path), b"[2]")


def test_s3_secret_missing_is_access_denied(s3_store: S3Store, tmp_path: Path) -> None:
    spec = {"s3": {"bucket": s3_store.bucket, "key": "k", "endpoint": s3_store.endpoint, "secretRef": {"name": "s3"}}}
    with pytest.raises(SourceAccessDenied):
        fetch_as_job(spec, {}, tmp_path)


def test_gcs(gcs_store: GcsStore, tmp_path: Path) -> None:
    gcs_store.upload("contract/r.json", b"[3]")
    spec = {
        "gcs": {
            "bucket": gcs_store.bucket,
            "object": "contract/r.json",
            "endpoint": gcs_store.endpoint,
            "secretRef": {"name": "gcs"},
        }
    }
    secret = {"credentials.json": json.dumps(gcs_store.service_account_key()).encode()}
    assert_fetched(fetch_as_job(spec, {("Secret", "gcs"): secret}, tmp_path), b"[3]")


def test_azure(azure_store: AzureStore, tmp_path: Path) -> None:
    azure_store.upload("contract/r.json", b"[4]")
    spec = {
        "azureBlob": {
            "accountUrl": azure_store.account_url,
            "container": azure_store.container,
            "blob": "contract/r.json",
            "secretRef": {"name": "az"},
        }
    }
    secret = {"accountKey": azure_store.account_key.encode()}
    assert_fetched(fetch_as_job(spec, {("Secret", "az"): secret}, tmp_path), b"[4]")


def test_https_with_headers_and_ca(https_store: HttpStore, tmp_path: Path) -> None:
    url = https_store.upload("/contract/r.json", b"[5]", required_headers={"X-Api-Key": "k-123"})
    spec = {"http": {"url": url, "headersSecretRef": {"name": "hdr"}, "caSecretRef": {"name": "ca"}}}
    assert https_store.ca_pem is not None
    objects: Objects = {("Secret", "hdr"): {"X-Api-Key": b"k-123"}, ("Secret", "ca"): {"ca.crt": https_store.ca_pem}}
    assert_fetched(fetch_as_job(spec, objects, tmp_path), b"[5]")
