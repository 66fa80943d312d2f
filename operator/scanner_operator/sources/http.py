"""`source.http: {url, headersSecretRef: {name}, caSecretRef: {name}}`: a report served over HTTP(S).

Every key of the headers Secret is a request header (e.g. `Authorization`); the headers are sent to the URL's own
origin only, never to a redirect target elsewhere. The CA Secret's key `ca.crt` replaces the system trust store.
Redirects are followed up to five times and never from https to http.
"""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .base import (
    CHUNK_SIZE,
    Fetched,
    JobInputs,
    Source,
    container_path,
    destination_file,
    local_path,
    redacted,
    required_str,
    secret_ref_name,
    secret_volume,
    stream_to_file,
    volume_name,
)
from .errors import SourceAccessDenied, SourceError, SourceInvalid
from .httpstatus import TIMEOUT, guarded, raise_for_status, transport_error
from .registry import register

HEADERS_DIR = "http-headers"
CA_DIR = "http-ca"
CA_KEY = "ca.crt"
MAX_REDIRECTS = 5
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class HttpSource(Source):
    key = "http"

    def _spec(self, spec: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
        own = self.own_spec(spec)
        url = required_str(own, "url", self.key)
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise SourceInvalid("source.http.url must be an absolute http:// or https:// URL")
        if parts.username or parts.password:
            raise SourceInvalid("source.http.url must not contain credentials; put them in headersSecretRef")
        return (
            url,
            secret_ref_name(own, "headersSecretRef", self.key),
            secret_ref_name(own, "caSecretRef", self.key),
        )

    def describe(self, spec: Mapping[str, Any]) -> str:
        return redacted(self._spec(spec)[0])

    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        _url, headers_secret, ca_secret = self._spec(spec)
        inputs = JobInputs()
        if headers_secret is not None:
            volume, mount = secret_volume(
                volume_name("headers", headers_secret), headers_secret, container_path(HEADERS_DIR)
            )
            inputs.volumes.append(volume)
            inputs.volume_mounts.append(mount)
        if ca_secret is not None:
            volume, mount = secret_volume(
                volume_name("ca", ca_secret), ca_secret, container_path(CA_DIR), [(CA_KEY, CA_KEY)]
            )
            inputs.volumes.append(volume)
            inputs.volume_mounts.append(mount)
        return inputs

    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        url, headers_secret, ca_secret = self._spec(spec)
        environ = os.environ if env is None else env
        headers = _read_headers(local_path(environ, HEADERS_DIR), headers_secret) if headers_secret else {}
        verify: ssl.SSLContext | bool = True
        if ca_secret is not None:
            ca_file = local_path(environ, CA_DIR, CA_KEY)
            if not ca_file.is_file():
                raise SourceInvalid(f"Secret {ca_secret} does not exist or has no key {CA_KEY}")
            try:
                verify = ssl.create_default_context(cafile=str(ca_file))
            except (ssl.SSLError, ValueError) as exc:
                raise SourceInvalid(f"Secret {ca_secret} key {CA_KEY} is not a PEM CA certificate") from exc
        with httpx.Client(verify=verify, timeout=TIMEOUT, follow_redirects=False, trust_env=True) as client:
            return _download(client, url, headers, destination_file(dest, urlsplit(url).path or "report"), max_bytes)


def _read_headers(directory: Path, secret: str) -> dict[str, str]:
    """Header name -> value from a mounted Secret (Kubernetes adds dot-entries for atomic updates: skipped)."""
    entries = sorted(p for p in directory.iterdir() if not p.name.startswith(".")) if directory.is_dir() else []
    if not entries:
        raise SourceAccessDenied(f"Secret {secret} does not exist or has no keys to send as headers")
    headers: dict[str, str] = {}
    for entry in entries:
        if not _HEADER_NAME.match(entry.name):
            raise SourceInvalid(f"Secret {secret} key {entry.name!r} is not a valid HTTP header name")
        value = entry.read_text(encoding="utf-8").strip()
        if "\n" in value or "\r" in value:
            raise SourceInvalid(f"Secret {secret} key {entry.name!r} holds a multi-line value")
        headers[entry.name] = value
    return headers


def _download(client: httpx.Client, url: str, headers: dict[str, str], target: Path, max_bytes: int) -> Fetched:
    origin = _origin(url)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        send = headers if _origin(current) == origin else {}
        try:
            with client.stream("GET", current, headers=send) as response:
                if response.is_redirect:
                    current = _next_hop(current, response)
                    continue
                raise_for_status(response.status_code, redacted(current), "check headersSecretRef")
                declared = response.headers.get("content-length")
                return stream_to_file(
                    guarded(response.iter_bytes(CHUNK_SIZE), redacted(current)),
                    target,
                    max_bytes,
                    redacted(current),
                    declared_size=int(declared) if declared and declared.isdigit() else None,
                )
        except httpx.HTTPError as exc:
            raise transport_error(exc, redacted(current)) from None
    raise SourceInvalid(f"{redacted(url)} redirects more than {MAX_REDIRECTS} times", reason="SourceRedirectRefused")


def _next_hop(current: str, response: httpx.Response) -> str:
    location = response.headers.get("location")
    if not location:
        raise SourceError(f"{redacted(current)} answered a redirect without a Location", reason="SourceRejected")
    target: str = urljoin(current, str(location))
    scheme = urlsplit(target).scheme
    if scheme not in {"http", "https"}:
        raise SourceInvalid(f"{redacted(current)} redirects to an unsupported scheme", reason="SourceRedirectRefused")
    if urlsplit(current).scheme == "https" and scheme == "http":
        raise SourceInvalid(f"{redacted(current)} redirects from https to http", reason="SourceRedirectRefused")
    return target


register(HttpSource())
