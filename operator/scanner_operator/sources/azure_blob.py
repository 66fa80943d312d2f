"""`source.azureBlob: {accountUrl, container, blob, secretRef: {name}}`: a blob in Azure Blob Storage (or Azurite).

The Secret holds either `accountKey` (SharedKey authorisation, signed here; `accountName` optional, otherwise taken
from the account URL) or `sasToken` (a shared access signature, appended to the request). Both reach the Job as
env from secretKeyRef. Without `secretRef` the blob is read anonymously (public container).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import httpx

from .base import (
    CHUNK_SIZE,
    Fetched,
    JobInputs,
    Source,
    destination_file,
    env_from_secret,
    redacted,
    required_str,
    secret_ref_name,
    stream_to_file,
)
from .errors import SourceAccessDenied, SourceInvalid
from .httpstatus import TIMEOUT, guarded, raise_for_status, transport_error
from .registry import register

ENV_ACCOUNT_NAME = "PHOENIX_SOURCE_AZURE_ACCOUNT_NAME"
ENV_ACCOUNT_KEY = "PHOENIX_SOURCE_AZURE_ACCOUNT_KEY"
ENV_SAS_TOKEN = "PHOENIX_SOURCE_AZURE_SAS_TOKEN"  # noqa: S105 (a name, not a value)
API_VERSION = "2021-08-06"

# The order of the standard headers in the SharedKey string-to-sign (Blob service, version 2015-02-21 and later).
_SIGNED_HEADERS = (
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
)


def account_from_url(account_url: str) -> str:
    """`https://NAME.blob.core.windows.net` -> NAME; path-style `http://host:port/NAME` (Azurite) -> NAME."""
    parts = urlsplit(account_url)
    first_path = parts.path.strip("/").split("/", 1)[0]
    if first_path:
        return first_path
    return (parts.hostname or "").split(".", 1)[0]


def string_to_sign(method: str, url: str, headers: Mapping[str, str], account: str) -> str:
    lowered = {name.lower(): value.strip() for name, value in headers.items()}
    standard = []
    for name in _SIGNED_HEADERS:
        value = lowered.get(name, "")
        if name == "content-length" and value == "0":
            value = ""  # an empty body is signed as an empty Content-Length
        standard.append(value)
    canonical_headers = "".join(f"{name}:{lowered[name]}\n" for name in sorted(lowered) if name.startswith("x-ms-"))
    parts = urlsplit(url)
    resource = f"/{account}{parts.path or '/'}"
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        params.setdefault(name.lower(), []).append(value)
    for name in sorted(params):
        resource += f"\n{name}:{','.join(sorted(params[name]))}"
    return "\n".join([method.upper(), *standard]) + "\n" + canonical_headers + resource


def shared_key_authorization(method: str, url: str, headers: Mapping[str, str], account: str, account_key: str) -> str:
    """The `Authorization` header value of the SharedKey scheme for a request with these headers."""
    try:
        key = base64.b64decode(account_key, validate=True)
    except (binascii.Error, ValueError):
        raise SourceAccessDenied("the Azure account key is not valid base64") from None
    signature = hmac.new(key, string_to_sign(method, url, headers, account).encode("utf-8"), hashlib.sha256)
    return f"SharedKey {account}:{base64.b64encode(signature.digest()).decode()}"


def signed_headers(
    method: str, url: str, account: str, account_key: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Date, version and SharedKey authorisation for a request (extra headers are signed too)."""
    headers = {"x-ms-date": formatdate(usegmt=True), "x-ms-version": API_VERSION, **(extra or {})}
    headers["Authorization"] = shared_key_authorization(method, url, headers, account, account_key)
    return headers


class AzureBlobSource(Source):
    key = "azureBlob"

    def _spec(self, spec: Mapping[str, Any]) -> tuple[str, str, str, str | None]:
        own = self.own_spec(spec)
        account_url = required_str(own, "accountUrl", self.key).rstrip("/")
        parts = urlsplit(account_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
            raise SourceInvalid("source.azureBlob.accountUrl must be an http(s) URL without a query (no SAS in spec)")
        return (
            account_url,
            required_str(own, "container", self.key),
            required_str(own, "blob", self.key),
            secret_ref_name(own, "secretRef", self.key),
        )

    def describe(self, spec: Mapping[str, Any]) -> str:
        account_url, container, blob, _ = self._spec(spec)
        return f"{redacted(account_url)}/{container}/{blob}"

    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        *_, secret = self._spec(spec)
        if secret is None:
            return JobInputs()
        return JobInputs(
            env=[
                env_from_secret(ENV_ACCOUNT_NAME, secret, "accountName"),
                env_from_secret(ENV_ACCOUNT_KEY, secret, "accountKey"),
                env_from_secret(ENV_SAS_TOKEN, secret, "sasToken"),
            ]
        )

    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        account_url, container, blob, secret = self._spec(spec)
        environ = os.environ if env is None else env
        url = f"{account_url}/{quote(container, safe='')}/{quote(blob, safe='/')}"
        where = f"{redacted(account_url)}/{container}/{blob}"
        headers = {"x-ms-version": API_VERSION}
        if secret is not None:
            account_key = environ.get(ENV_ACCOUNT_KEY, "")
            sas_token = environ.get(ENV_SAS_TOKEN, "").lstrip("?")
            if account_key:
                account = environ.get(ENV_ACCOUNT_NAME) or account_from_url(account_url)
                headers = signed_headers("GET", url, account, account_key)
            elif sas_token:
                url = f"{url}?{sas_token}"
            else:
                raise SourceAccessDenied(f"Secret {secret} must have the key accountKey or sasToken")
        try:
            with (
                httpx.Client(timeout=TIMEOUT, trust_env=True) as client,
                client.stream("GET", url, headers=headers) as response,
            ):
                raise_for_status(
                    response.status_code,
                    where,
                    f"check the account key or SAS token in Secret {secret}" if secret else "set secretRef",
                    response.headers.get("x-ms-error-code"),
                )
                declared = response.headers.get("content-length")
                return stream_to_file(
                    guarded(response.iter_bytes(CHUNK_SIZE), where),
                    destination_file(dest, blob),
                    max_bytes,
                    where,
                    declared_size=int(declared) if declared and declared.isdigit() else None,
                )
        except httpx.HTTPError as exc:
            raise transport_error(exc, where) from None


register(AzureBlobSource())
