"""HTTP(S) source: custom CA, headers from a Secret sent to the origin only, bounded redirects, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner_operator.sources import (
    SourceAccessDenied,
    SourceError,
    SourceInvalid,
    SourceNotFound,
    SourceTooLarge,
    SourceUnavailable,
    get_source,
)
from tests.fixtures.objectstores import HttpStore

from .helpers import assert_fetched, closed_port, no_partial_files

TOKEN = "Bearer s3cr3t-token-value"


def mounts(tmp_path: Path, headers: dict[str, str] | None = None, ca_pem: bytes | None = None) -> dict[str, str]:
    """Lay out the headers and CA Secrets as the Job's volumes would (with Kubernetes' dot-entries)."""
    root = tmp_path / "mounts"
    if headers is not None:
        (root / "http-headers" / "..data").mkdir(parents=True)
        for name, value in headers.items():
            (root / "http-headers" / name).write_text(value + "\n")
    if ca_pem is not None:
        (root / "http-ca").mkdir(parents=True)
        (root / "http-ca" / "ca.crt").write_bytes(ca_pem)
    return {"PHOENIX_SCANNER_MOUNT_ROOT": str(root)}


def http_spec(url: str, headers: bool = False, ca: bool = False) -> dict[str, object]:
    spec: dict[str, object] = {"url": url}
    if headers:
        spec["headersSecretRef"] = {"name": "report-auth"}
    if ca:
        spec["caSecretRef"] = {"name": "report-ca"}
    return {"http": spec}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


def test_https_with_custom_ca_and_secret_headers(https_store: HttpStore, tmp_path: Path, work: Path) -> None:
    data = b'{"version": "2.1.0", "runs": []}' * 500
    url = https_store.upload("/reports/app.sarif", data, required_headers={"Authorization": TOKEN})
    spec = http_spec(url, headers=True, ca=True)
    env = mounts(tmp_path, {"Authorization": TOKEN}, https_store.ca_pem)
    fetched = get_source(spec).fetch(spec, work, 1 << 20, env=env)
    assert fetched.path.name == "app.sarif"
    assert_fetched(fetched, data)


def test_untrusted_certificate_is_permanent(https_store: HttpStore, work: Path) -> None:
    url = https_store.upload("/reports/tls.json", b"{}")
    spec = http_spec(url)
    with pytest.raises(SourceError) as info:
        get_source(spec).fetch(spec, work, 100, env={})
    assert info.value.reason == "SourceTLSUntrusted" and info.value.permanent


def test_missing_url_is_not_found(http_store: HttpStore, work: Path) -> None:
    spec = http_spec(http_store.url + "/absent.json?token=abc123")
    with pytest.raises(SourceNotFound) as info:
        get_source(spec).fetch(spec, work, 100, env={})
    assert "/absent.json" in str(info.value) and "abc123" not in str(info.value)


def test_wrong_header_is_access_denied_without_leaking_it(http_store: HttpStore, tmp_path: Path, work: Path) -> None:
    url = http_store.upload("/private.json", b"{}", required_headers={"Authorization": TOKEN})
    spec = http_spec(url, headers=True)
    with pytest.raises(SourceAccessDenied) as info:
        get_source(spec).fetch(spec, work, 100, env=mounts(tmp_path, {"Authorization": "Bearer wrong-one"}))
    assert "wrong-one" not in str(info.value) and "s3cr3t" not in str(info.value)


def test_no_headers_is_access_denied(http_store: HttpStore, work: Path) -> None:
    url = http_store.upload("/private2.json", b"{}", required_headers={"Authorization": TOKEN})
    with pytest.raises(SourceAccessDenied):
        get_source(http_spec(url)).fetch(http_spec(url), work, 100, env={})


def test_server_error_is_transient(http_store: HttpStore, work: Path) -> None:
    spec = http_spec(http_store.fail("/flaky.json", 503))
    with pytest.raises(SourceUnavailable) as info:
        get_source(spec).fetch(spec, work, 100, env={})
    assert "503" in str(info.value)


def test_unreachable_server_is_transient(work: Path) -> None:
    spec = http_spec(f"http://127.0.0.1:{closed_port()}/r.json")
    with pytest.raises(SourceUnavailable):
        get_source(spec).fetch(spec, work, 100, env={})


def test_body_over_the_limit_is_too_large(http_store: HttpStore, work: Path) -> None:
    spec = http_spec(http_store.upload("/big.json", b"x" * 2048))
    with pytest.raises(SourceTooLarge):
        get_source(spec).fetch(spec, work, 2047, env={})
    assert list(work.iterdir()) == [] and no_partial_files(work)


def test_redirect_within_origin_keeps_headers(http_store: HttpStore, tmp_path: Path, work: Path) -> None:
    http_store.upload("/moved/r.json", b"[1]", required_headers={"Authorization": TOKEN})
    spec = http_spec(http_store.redirect("/old/r.json", "/moved/r.json"), headers=True)
    fetched = get_source(spec).fetch(spec, work, 100, env=mounts(tmp_path, {"Authorization": TOKEN}))
    assert_fetched(fetched, b"[1]")


def test_redirect_to_another_origin_drops_secret_headers(
    http_store: HttpStore, https_store: HttpStore, tmp_path: Path, work: Path
) -> None:
    target = https_store.upload("/cdn/r.json", b"[2]")
    spec = http_spec(http_store.redirect("/to-cdn/r.json", target), headers=True, ca=True)
    env = mounts(tmp_path, {"Authorization": TOKEN}, https_store.ca_pem)
    assert_fetched(get_source(spec).fetch(spec, work, 100, env=env), b"[2]")
    seen = [r for r in https_store.requests if r.path == "/cdn/r.json"][-1]
    assert "authorization" not in seen.headers


def test_redirect_loops_are_bounded(http_store: HttpStore, work: Path) -> None:
    spec = http_spec(http_store.redirect("/loop", "/loop"))
    with pytest.raises(SourceInvalid) as info:
        get_source(spec).fetch(spec, work, 100, env={})
    assert info.value.reason == "SourceRedirectRefused"
    assert sum(1 for r in http_store.requests if r.path == "/loop") == 6


def test_https_to_http_downgrade_is_refused(http_store: HttpStore, https_store: HttpStore, tmp_path: Path) -> None:
    plain = http_store.upload("/plain.json", b"{}")
    spec = http_spec(https_store.redirect("/downgrade", plain), ca=True)
    with pytest.raises(SourceInvalid) as info:
        get_source(spec).fetch(spec, tmp_path, 100, env=mounts(tmp_path, ca_pem=https_store.ca_pem))
    assert "https to http" in str(info.value)
