"""Azure Blob source against Azurite: SharedKey signing done here, SAS tokens, errors."""

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
from scanner_operator.sources.azure_blob import account_from_url, string_to_sign
from tests.fixtures.objectstores import AzureStore

from .helpers import assert_fetched, closed_port, no_partial_files


def spec_for(store: AzureStore, blob: str, account_url: str | None = None) -> dict[str, object]:
    return {
        "azureBlob": {
            "accountUrl": account_url or store.account_url,
            "container": store.container,
            "blob": blob,
            "secretRef": {"name": "az-creds"},
        }
    }


def test_shared_key_fetch_with_checksum(azure_store: AzureStore, tmp_path: Path) -> None:
    data = b"<?xml version='1.0'?><report/>" * 2000
    azure_store.upload("nightly/zap report.xml", data)
    spec = spec_for(azure_store, "nightly/zap report.xml")
    fetched = get_source(spec).fetch(spec, tmp_path, 1 << 20, env=azure_store.env())
    assert fetched.path.name == "zap_report.xml"
    assert_fetched(fetched, data)


def test_sas_token_fetch(azure_store: AzureStore, tmp_path: Path) -> None:
    azure_store.upload("sas.json", b'{"ok": true}')
    spec = spec_for(azure_store, "sas.json")
    env = {"PHOENIX_SOURCE_AZURE_SAS_TOKEN": "?" + azure_store.sas_token()}
    assert_fetched(get_source(spec).fetch(spec, tmp_path, 100, env=env), b'{"ok": true}')


def test_missing_blob_is_not_found(azure_store: AzureStore, tmp_path: Path) -> None:
    spec = spec_for(azure_store, "absent.json")
    with pytest.raises(SourceNotFound) as info:
        get_source(spec).fetch(spec, tmp_path, 100, env=azure_store.env())
    assert "BlobNotFound" in str(info.value)


def test_wrong_key_is_access_denied_without_leaking_it(azure_store: AzureStore, tmp_path: Path) -> None:
    azure_store.upload("private.json", b"{}")
    spec = spec_for(azure_store, "private.json")
    wrong = "d3Jvbmcta2V5LXdyb25nLWtleQ=="
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, tmp_path, 100, env={"PHOENIX_SOURCE_AZURE_ACCOUNT_KEY": wrong})
    assert "az-creds" in str(info.value) and wrong not in str(info.value)


def test_forged_sas_is_access_denied_and_not_echoed(azure_store: AzureStore, tmp_path: Path) -> None:
    azure_store.upload("private.json", b"{}")
    spec = spec_for(azure_store, "private.json")
    forged = azure_store.sas_token().replace("sig=", "sig=AAAA")
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, tmp_path, 100, env={"PHOENIX_SOURCE_AZURE_SAS_TOKEN": forged})
    assert "sig" not in str(info.value)


def test_secret_without_key_or_sas_is_access_denied(azure_store: AzureStore, tmp_path: Path) -> None:
    spec = spec_for(azure_store, "private.json")
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, tmp_path, 100, env={})
    assert "accountKey or sasToken" in str(info.value)


def test_blob_over_the_limit_is_too_large(azure_store: AzureStore, tmp_path: Path) -> None:
    azure_store.upload("big.json", b"x" * 3000)
    spec = spec_for(azure_store, "big.json")
    with pytest.raises(SourceTooLarge):
        get_source(spec).fetch(spec, tmp_path, 2999, env=azure_store.env())
    assert list(tmp_path.iterdir()) == [] and no_partial_files(tmp_path)


def test_unreachable_account_is_transient(azure_store: AzureStore, tmp_path: Path) -> None:
    spec = spec_for(azure_store, "x.json", account_url=f"http://127.0.0.1:{closed_port()}/{azure_store.account_name}")
    with pytest.raises(SourceUnavailable):
        get_source(spec).fetch(spec, tmp_path, 100, env=azure_store.env())


def test_account_name_from_url() -> None:
    assert account_from_url("https://contoso.blob.core.windows.net") == "contoso"
    assert account_from_url("http://127.0.0.1:10000/devstoreaccount1") == "devstoreaccount1"


def test_string_to_sign_layout() -> None:
    # The documented layout: verb, eleven standard headers (empty Content-Length for 0), x-ms-* headers sorted,
    # then /account/path and the query parameters lower-cased and sorted.
    signed = string_to_sign(
        "get",
        "https://acct.blob.core.windows.net/c/b.json?comp=metadata&Timeout=5",
        {"x-ms-version": "2021-08-06", "X-Ms-Date": "Sun, 22 Nov 2026 10:00:00 GMT", "Content-Length": "0"},
        "acct",
    )
    assert signed == (
        "GET\n\n\n\n\n\n\n\n\n\n\n\n"
        "x-ms-date:Sun, 22 Nov 2026 10:00:00 GMT\nx-ms-version:2021-08-06\n"
        "/acct/c/b.json\ncomp:metadata\ntimeout:5"
    )
