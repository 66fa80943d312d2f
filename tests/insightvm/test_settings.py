"""Connection settings: arguments, INSIGHTVM_* fallbacks, TLS verification choices."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from scanner_operator.insightvm import InsightVMClient
from scanner_operator.insightvm.settings import resolve_settings
from scanner_operator.testing.fake_insightvm import FakeInsightVM


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BASE_URL", "USERNAME", "PASSWORD", "VERIFY_SSL", "TOKEN"):
        monkeypatch.delenv(f"INSIGHTVM_{name}", raising=False)


def test_missing_settings_raise_value_error_naming_them() -> None:
    with pytest.raises(ValueError, match="INSIGHTVM_BASE_URL, INSIGHTVM_USERNAME, INSIGHTVM_PASSWORD"):
        InsightVMClient()
    with pytest.raises(ValueError, match="INSIGHTVM_PASSWORD") as info:
        InsightVMClient("https://console:3780", "admin")
    assert "INSIGHTVM_USERNAME" not in str(info.value)


def test_environment_fills_missing_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHTVM_BASE_URL", "https://env-console:3780")
    monkeypatch.setenv("INSIGHTVM_USERNAME", "env-user")
    monkeypatch.setenv("INSIGHTVM_PASSWORD", "env-secret")
    settings = resolve_settings(username="arg-user")
    assert settings.base_url == "https://env-console:3780"
    assert settings.username == "arg-user"
    assert settings.password == "env-secret"
    assert settings.verify is True
    assert settings.api_root == "https://env-console:3780/api/3/"


def test_api_root_accepts_console_root_or_api_root() -> None:
    for url in ("https://c:3780", "https://c:3780/", "https://c:3780/api/3", "https://c:3780/api/3/"):
        assert resolve_settings(url, "u", "p").api_root == "https://c:3780/api/3/"


def test_verify_ssl_env_false_and_ca_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INSIGHTVM_VERIFY_SSL", "false")
    assert resolve_settings("https://c", "u", "p").verify is False
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("INSIGHTVM_VERIFY_SSL", str(bundle))
    assert resolve_settings("https://c", "u", "p").verify == str(bundle)
    monkeypatch.setenv("INSIGHTVM_VERIFY_SSL", str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match="CA bundle"):
        resolve_settings("https://c", "u", "p")
    # An explicit argument wins over the environment.
    assert resolve_settings("https://c", "u", "p", verify=False).verify is False


def test_bad_scheme_rejected() -> None:
    with pytest.raises(ValueError, match="https://"):
        resolve_settings("console:3780", "u", "p")


def test_secrets_never_in_repr() -> None:
    client = InsightVMClient("https://c:3780", "admin", "s3cr3t-pw", token="654321")
    try:
        assert "s3cr3t-pw" not in repr(client)
        assert "s3cr3t-pw" not in repr(client.settings)
        assert "654321" not in repr(client.settings)
    finally:
        client.close()


def test_tls_verified_by_default_against_self_signed_console() -> None:
    with FakeInsightVM(tls=True) as fake:
        assert fake.ca_file is not None
        with (
            InsightVMClient(fake.url, fake.username, fake.password, max_retries=0) as strict,
            pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            strict.scans.list()
        with InsightVMClient(fake.url, fake.username, fake.password, verify=str(fake.ca_file)) as pinned:
            assert pinned.scans.list()["page"]["totalResources"] == 0
        with InsightVMClient(fake.url, fake.username, fake.password, verify=False) as insecure:
            assert insecure.scans.list()["resources"] == []


def test_verify_ssl_env_points_at_ca_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeInsightVM(tls=True) as fake:
        monkeypatch.setenv("INSIGHTVM_BASE_URL", fake.url)
        monkeypatch.setenv("INSIGHTVM_USERNAME", fake.username)
        monkeypatch.setenv("INSIGHTVM_PASSWORD", fake.password)
        monkeypatch.setenv("INSIGHTVM_VERIFY_SSL", str(fake.ca_file))
        with InsightVMClient() as client:
            scan_id = client.scans.start_site_scan(42)
            assert client.scans.get_scan(scan_id)["id"] == scan_id
