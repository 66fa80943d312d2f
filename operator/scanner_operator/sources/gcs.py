"""`source.gcs: {bucket, object, endpoint, secretRef: {name}}`: an object in Google Cloud Storage (JSON API).

The Secret is mounted into the Job as files. Its key `credentials.json` is a service-account key: the worker trades
it for a read-only OAuth2 access token (JWT bearer grant, RFC 7523, signed RS256). Alternatively the key `token`
holds a ready OAuth2 access token. Without `secretRef` the object is read anonymously (public objects, emulators).
`endpoint` points at another JSON API endpoint (e.g. gcp-storage-emulator).
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .base import (
    CHUNK_SIZE,
    Fetched,
    JobInputs,
    Source,
    container_path,
    destination_file,
    local_path,
    optional_str,
    redacted,
    required_str,
    secret_ref_name,
    secret_volume,
    stream_to_file,
    volume_name,
)
from .errors import SourceAccessDenied, SourceInvalid
from .httpstatus import TIMEOUT, guarded, raise_for_status, transport_error
from .registry import register

DEFAULT_ENDPOINT = "https://storage.googleapis.com"
DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 (a name, not a value)
READ_ONLY_SCOPE = "https://www.googleapis.com/auth/devstorage.read_only"
CREDENTIALS_DIR = "gcs-credentials"
KEY_FILE = "credentials.json"
TOKEN_FILE = "token"  # noqa: S105 (a name, not a value)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def service_account_assertion(key: Mapping[str, Any], scope: str, now: int | None = None) -> str:
    """A signed JWT asserting the service account's identity, valid for one hour at the key's token URI."""
    issued = int(time.time()) if now is None else now
    private_key = serialization.load_pem_private_key(str(key["private_key"]).encode(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise SourceAccessDenied("the service-account key is not an RSA key")
    header: dict[str, str] = {"alg": "RS256", "typ": "JWT"}
    if key.get("private_key_id"):
        header["kid"] = str(key["private_key_id"])
    claims = {
        "iss": key["client_email"],
        "scope": scope,
        "aud": key.get("token_uri") or DEFAULT_TOKEN_URI,
        "iat": issued,
        "exp": issued + 3600,
    }
    signing_input = f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}"
    signature = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64url(signature)}"


def exchange_for_token(client: httpx.Client, key: Mapping[str, Any], secret: str) -> str:
    token_uri = str(key.get("token_uri") or DEFAULT_TOKEN_URI)
    if urlsplit(token_uri).scheme not in {"http", "https"}:
        raise SourceInvalid(f"Secret {secret}: the service-account key has an invalid token_uri")
    assertion = service_account_assertion(key, READ_ONLY_SCOPE)
    where = f"the token endpoint {redacted(token_uri)}"
    try:
        response = client.post(
            token_uri,
            data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
        )
    except httpx.HTTPError as exc:
        raise transport_error(exc, where) from None
    if response.status_code in {400, 401, 403}:
        # invalid_grant and friends: the key is revoked, wrong or for another project.
        raise SourceAccessDenied(f"{where} refused the service-account key in Secret {secret}")
    raise_for_status(response.status_code, where, f"check Secret {secret}")
    try:
        token = response.json()["access_token"]
    except (ValueError, KeyError, TypeError):
        raise SourceAccessDenied(f"{where} returned no access token") from None
    return str(token)


class GcsSource(Source):
    key = "gcs"

    def _spec(self, spec: Mapping[str, Any]) -> tuple[str, str, str, str | None]:
        own = self.own_spec(spec)
        endpoint = (optional_str(own, "endpoint", self.key) or DEFAULT_ENDPOINT).rstrip("/")
        if urlsplit(endpoint).scheme not in {"http", "https"}:
            raise SourceInvalid("source.gcs.endpoint must be an http:// or https:// URL")
        return (
            required_str(own, "bucket", self.key),
            required_str(own, "object", self.key),
            endpoint,
            secret_ref_name(own, "secretRef", self.key),
        )

    def describe(self, spec: Mapping[str, Any]) -> str:
        bucket, obj, _endpoint, _secret = self._spec(spec)
        return f"gs://{bucket}/{obj}"

    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        *_, secret = self._spec(spec)
        if secret is None:
            return JobInputs()
        volume, mount = secret_volume(volume_name("gcs", secret), secret, container_path(CREDENTIALS_DIR))
        return JobInputs(volumes=[volume], volume_mounts=[mount])

    def _bearer(self, client: httpx.Client, secret: str, env: Mapping[str, str]) -> str:
        key_file = local_path(env, CREDENTIALS_DIR, KEY_FILE)
        token_file = local_path(env, CREDENTIALS_DIR, TOKEN_FILE)
        if key_file.is_file():
            try:
                key = json.loads(key_file.read_text(encoding="utf-8"))
                if not isinstance(key, dict) or key.get("type", "service_account") != "service_account":
                    raise ValueError("not a service-account key")
                return exchange_for_token(client, key, secret)
            except (ValueError, KeyError, TypeError):
                raise SourceAccessDenied(f"Secret {secret} key {KEY_FILE} is not a valid service-account key") from None
        if token_file.is_file():
            return token_file.read_text(encoding="utf-8").strip()
        raise SourceAccessDenied(f"Secret {secret} does not exist or has neither {KEY_FILE} nor {TOKEN_FILE}")

    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        bucket, obj, endpoint, secret = self._spec(spec)
        environ = os.environ if env is None else env
        where = f"gs://{bucket}/{obj}"
        url = f"{endpoint}/storage/v1/b/{quote(bucket, safe='')}/o/{quote(obj, safe='')}"
        with httpx.Client(timeout=TIMEOUT, trust_env=True) as client:
            headers = {}
            if secret is not None:
                headers["Authorization"] = f"Bearer {self._bearer(client, secret, environ)}"
            try:
                with client.stream("GET", url, params={"alt": "media"}, headers=headers) as response:
                    raise_for_status(
                        response.status_code, where, f"check Secret {secret}" if secret else "set secretRef"
                    )
                    declared = response.headers.get("content-length")
                    return stream_to_file(
                        guarded(response.iter_bytes(CHUNK_SIZE), where),
                        destination_file(dest, obj),
                        max_bytes,
                        where,
                        declared_size=int(declared) if declared and declared.isdigit() else None,
                    )
            except httpx.HTTPError as exc:
                raise transport_error(exc, where) from None


register(GcsSource())
