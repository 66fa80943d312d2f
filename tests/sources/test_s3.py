"""S3 source against moto's S3 server with IAM authentication switched on."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner_operator.sources import (
    SourceAccessDenied,
    SourceNotFound,
    SourceTooLarge,
    SourceUnavailable,
    get_source,
)
from tests.fixtures.objectstores import S3Store

from .helpers import assert_fetched, closed_port, no_partial_files


def spec_for(store: S3Store, key: str, **extra: object) -> dict[str, object]:
    return {
        "s3": {
            "bucket": store.bucket,
            "key": key,
            "endpoint": store.endpoint,
            "region": store.region,
            "secretRef": {"name": "s3-creds"},
            **extra,
        }
    }


def test_fetch_streams_object_with_checksum(s3_store: S3Store, tmp_path: Path) -> None:
    data = b"<NessusClientData_v2>" + b"a" * 300_000 + b"</NessusClientData_v2>"
    s3_store.upload("scans/week1.nessus", data)
    spec = spec_for(s3_store, "scans/week1.nessus")
    fetched = get_source(spec).fetch(spec, tmp_path, 1 << 20, env=s3_store.env())
    assert fetched.path == tmp_path / "week1.nessus"
    assert_fetched(fetched, data)


def test_missing_key_is_not_found(s3_store: S3Store, tmp_path: Path) -> None:
    spec = spec_for(s3_store, "scans/absent.json")
    with pytest.raises(SourceNotFound) as info:
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env=s3_store.env())
    assert "s3://reports/scans/absent.json" in str(info.value)


def test_missing_bucket_is_not_found(s3_store: S3Store, tmp_path: Path) -> None:
    spec = spec_for(s3_store, "k")
    spec["s3"]["bucket"] = "no-such-bucket"  # type: ignore[index]
    with pytest.raises(SourceNotFound):
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env=s3_store.env())


def test_wrong_credentials_are_access_denied_without_leaking_them(s3_store: S3Store, tmp_path: Path) -> None:
    s3_store.upload("scans/private.json", b"{}")
    spec = spec_for(s3_store, "scans/private.json")
    env = {"PHOENIX_SOURCE_S3_ACCESS_KEY_ID": "AKIAWRONGWRONGWRONG1", "PHOENIX_SOURCE_S3_SECRET_ACCESS_KEY": "nope-x9"}
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env=env)
    assert "s3-creds" in str(info.value)
    assert "AKIAWRONG" not in str(info.value) and "nope-x9" not in str(info.value)
    assert info.value.permanent


def test_secret_without_keys_is_access_denied(s3_store: S3Store, tmp_path: Path) -> None:
    spec = spec_for(s3_store, "scans/private.json")
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env={})
    assert "accessKeyId" in str(info.value)


def test_object_over_the_limit_is_too_large(s3_store: S3Store, tmp_path: Path) -> None:
    s3_store.upload("scans/big.json", b"x" * 10_000)
    spec = spec_for(s3_store, "scans/big.json")
    with pytest.raises(SourceTooLarge):
        get_source(spec).fetch(spec, tmp_path, 9_999, env=s3_store.env())
    assert list(tmp_path.iterdir()) == [] and no_partial_files(tmp_path)


def test_unreachable_endpoint_is_transient(s3_store: S3Store, tmp_path: Path) -> None:
    spec = spec_for(s3_store, "k", endpoint=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(SourceUnavailable) as info:
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env=s3_store.env())
    assert not info.value.permanent
    assert info.value.reason == "SourceUnavailable"
