"""GCS source against gcp-storage-emulator, with the service-account token exchange against a local endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner_operator.sources import (
    SourceAccessDenied,
    SourceNotFound,
    SourceTooLarge,
    SourceUnavailable,
    get_source,
)
from tests.fixtures.objectstores import GcsStore

from .helpers import assert_fetched, closed_port, no_partial_files


def spec_for(store: GcsStore, obj: str, secret: bool = True, endpoint: str | None = None) -> dict[str, object]:
    spec: dict[str, object] = {"bucket": store.bucket, "object": obj, "endpoint": endpoint or store.endpoint}
    if secret:
        spec["secretRef"] = {"name": "gcs-creds"}
    return {"gcs": spec}


def mount_key(tmp_path: Path, key: dict[str, str]) -> dict[str, str]:
    """Lay the Secret out as the Job's volume would and point the worker at it."""
    root = tmp_path / "mounts"
    (root / "gcs-credentials").mkdir(parents=True)
    (root / "gcs-credentials" / "credentials.json").write_text(json.dumps(key))
    return {"PHOENIX_SCANNER_MOUNT_ROOT": str(root)}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


def test_service_account_key_is_exchanged_and_object_fetched(gcs_store: GcsStore, tmp_path: Path, work: Path) -> None:
    data = b'{"runs": []}' * 1000
    gcs_store.upload("sarif/app scan.json", data)
    key = gcs_store.service_account_key()
    spec = spec_for(gcs_store, "sarif/app scan.json")
    fetched = get_source(spec).fetch(spec, work, 1 << 20, env=mount_key(tmp_path, key))
    assert_fetched(fetched, data)
    claims = gcs_store.token_endpoint.issued[-1]
    assert claims["iss"] == key["client_email"]
    assert claims["scope"] == "https://www.googleapis.com/auth/devstorage.read_only"


def test_anonymous_read_without_secret_ref(gcs_store: GcsStore, work: Path) -> None:
    gcs_store.upload("public.json", b"[]")
    spec = spec_for(gcs_store, "public.json", secret=False)
    assert_fetched(get_source(spec).fetch(spec, work, 100, env={}), b"[]")


def test_missing_object_is_not_found(gcs_store: GcsStore, work: Path) -> None:
    spec = spec_for(gcs_store, "absent.json", secret=False)
    with pytest.raises(SourceNotFound) as info:
        get_source(spec).fetch(spec, work, 100, env={})
    assert "gs://reports/absent.json" in str(info.value)


def test_revoked_key_is_access_denied_without_leaking_it(gcs_store: GcsStore, tmp_path: Path, work: Path) -> None:
    gcs_store.upload("private.json", b"{}")
    key = gcs_store.service_account_key(registered=False)
    spec = spec_for(gcs_store, "private.json")
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, work, 100, env=mount_key(tmp_path, key))
    assert "gcs-creds" in str(info.value)
    assert "PRIVATE KEY" not in str(info.value) and key["private_key_id"] not in str(info.value)


def test_garbage_key_file_is_access_denied(gcs_store: GcsStore, tmp_path: Path, work: Path) -> None:
    spec = spec_for(gcs_store, "private.json")
    env = mount_key(tmp_path, {"type": "service_account", "private_key": "not a key", "client_email": "x@y"})
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, work, 100, env=env)
    assert "not a valid service-account key" in str(info.value)


def test_missing_secret_is_access_denied(gcs_store: GcsStore, tmp_path: Path, work: Path) -> None:
    spec = spec_for(gcs_store, "private.json")
    with pytest.raises(SourceAccessDenied):
        get_source(spec).fetch(spec, work, 100, env={"PHOENIX_SCANNER_MOUNT_ROOT": str(tmp_path / "none")})


def test_object_over_the_limit_is_too_large(gcs_store: GcsStore, work: Path) -> None:
    gcs_store.upload("big.json", b"x" * 5000)
    spec = spec_for(gcs_store, "big.json", secret=False)
    with pytest.raises(SourceTooLarge):
        get_source(spec).fetch(spec, work, 4999, env={})
    assert list(work.iterdir()) == [] and no_partial_files(work)


def test_unreachable_endpoint_is_transient(gcs_store: GcsStore, work: Path) -> None:
    spec = spec_for(gcs_store, "x.json", secret=False, endpoint=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(SourceUnavailable):
        get_source(spec).fetch(spec, work, 100, env={})
