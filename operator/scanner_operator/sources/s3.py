"""`source.s3: {bucket, key, endpoint, region, secretRef: {name}, insecure}`: AWS S3 or any S3-compatible store.

Credentials come from the referenced Secret's keys `accessKeyId`, `secretAccessKey` and optionally `sessionToken`,
given to the Job as env from secretKeyRef. Without `secretRef` boto3's default chain applies (IRSA, instance role).
`endpoint` selects an S3-compatible store (MinIO, Ceph) with path-style addressing; `insecure: true` skips TLS
certificate verification of that endpoint.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, PartialCredentialsError

from .base import (
    CHUNK_SIZE,
    Fetched,
    JobInputs,
    Source,
    destination_file,
    env_from_secret,
    optional_str,
    required_str,
    secret_ref_name,
    stream_to_file,
)
from .errors import SourceAccessDenied, SourceError, SourceInvalid, SourceNotFound, SourceUnavailable
from .registry import register

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ENV_ACCESS_KEY_ID = "PHOENIX_SOURCE_S3_ACCESS_KEY_ID"
ENV_SECRET_ACCESS_KEY = "PHOENIX_SOURCE_S3_SECRET_ACCESS_KEY"  # noqa: S105 (a name, not a value)
ENV_SESSION_TOKEN = "PHOENIX_SOURCE_S3_SESSION_TOKEN"  # noqa: S105 (a name, not a value)

_NOT_FOUND = {"NoSuchKey", "NoSuchBucket", "NotFound", "404"}
_DENIED = {
    "AccessDenied",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AllAccessDisabled",
    "403",
}
_WRONG_REGION = {"PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException"}


class S3Source(Source):
    key = "s3"

    def _spec(self, spec: Mapping[str, Any]) -> tuple[str, str, str | None, str | None, str | None, bool]:
        own = self.own_spec(spec)
        bucket = required_str(own, "bucket", self.key)
        key = required_str(own, "key", self.key)
        endpoint = optional_str(own, "endpoint", self.key)
        if endpoint is not None and urlsplit(endpoint).scheme not in {"http", "https"}:
            raise SourceInvalid("source.s3.endpoint must be an http:// or https:// URL")
        region = optional_str(own, "region", self.key)
        insecure = own.get("insecure", False)
        if not isinstance(insecure, bool):
            raise SourceInvalid("source.s3.insecure must be true or false")
        return bucket, key, endpoint, region, secret_ref_name(own, "secretRef", self.key), insecure

    def describe(self, spec: Mapping[str, Any]) -> str:
        bucket, key, *_ = self._spec(spec)
        return f"s3://{bucket}/{key}"

    def job_inputs(self, spec: Mapping[str, Any], scanimport_name: str) -> JobInputs:
        *_, secret, _insecure = self._spec(spec)
        if secret is None:
            return JobInputs()
        return JobInputs(
            env=[
                env_from_secret(ENV_ACCESS_KEY_ID, secret, "accessKeyId"),
                env_from_secret(ENV_SECRET_ACCESS_KEY, secret, "secretAccessKey"),
                env_from_secret(ENV_SESSION_TOKEN, secret, "sessionToken"),
            ]
        )

    def _client(
        self, endpoint: str | None, region: str | None, secret: str | None, insecure: bool, env: Mapping[str, str]
    ) -> S3Client:
        credentials: dict[str, str] = {}
        if secret is not None:
            access_key = env.get(ENV_ACCESS_KEY_ID, "")
            secret_key = env.get(ENV_SECRET_ACCESS_KEY, "")
            if not access_key or not secret_key:
                raise SourceAccessDenied(f"Secret {secret} must have the keys accessKeyId and secretAccessKey")
            credentials = {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key}
            if env.get(ENV_SESSION_TOKEN):
                credentials["aws_session_token"] = env[ENV_SESSION_TOKEN]
        config = Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
            signature_version="s3v4",
            s3={"addressing_style": "path"} if endpoint else {},
        )
        session = boto3.session.Session(
            aws_access_key_id=credentials.get("aws_access_key_id"),
            aws_secret_access_key=credentials.get("aws_secret_access_key"),
            aws_session_token=credentials.get("aws_session_token"),
            region_name=region or "us-east-1",
        )
        return session.client("s3", endpoint_url=endpoint, verify=not insecure, config=config)

    def fetch(
        self, spec: Mapping[str, Any], dest: Path, max_bytes: int, env: Mapping[str, str] | None = None
    ) -> Fetched:
        bucket, key, endpoint, region, secret, insecure = self._spec(spec)
        where = f"s3://{bucket}/{key}"
        client = self._client(endpoint, region, secret, insecure, os.environ if env is None else env)
        try:
            response = client.get_object(Bucket=bucket, Key=key)
            body = response["Body"]
            try:
                chunks: Iterator[bytes] = body.iter_chunks(CHUNK_SIZE)
                return stream_to_file(
                    _guarded(chunks, where),
                    destination_file(dest, key),
                    max_bytes,
                    where,
                    declared_size=response.get("ContentLength"),
                )
            finally:
                body.close()
        except ClientError as exc:
            raise _client_error(exc, where, secret) from None
        except (NoCredentialsError, PartialCredentialsError):
            raise SourceAccessDenied(
                f"no credentials for {where}: set source.s3.secretRef or give the Job an IAM role"
            ) from None
        except BotoCoreError as exc:
            raise SourceUnavailable(f"cannot reach the S3 endpoint for {where} ({type(exc).__name__})") from None
        finally:
            client.close()


def _guarded(chunks: Iterator[bytes], where: str) -> Iterator[bytes]:
    """Turn a broken download stream into a transient error."""
    try:
        yield from chunks
    except (BotoCoreError, OSError) as exc:
        raise SourceUnavailable(f"the download of {where} broke off ({type(exc).__name__})") from None


def _client_error(exc: ClientError, where: str, secret: str | None) -> SourceError:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    if code in _NOT_FOUND or status == 404:
        return SourceNotFound(f"{where} does not exist ({code or status})")
    if code in _DENIED or status in {401, 403}:
        whose = f"the credentials in Secret {secret}" if secret else "the Job's default credentials"
        return SourceAccessDenied(f"{whose} cannot read {where} ({code or status})")
    if code in _WRONG_REGION or status == 301:
        return SourceInvalid(f"{where} is in another region or endpoint: set source.s3.region ({code})")
    if status >= 500 or code in {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"}:
        return SourceUnavailable(f"the S3 endpoint failed to serve {where} ({code or status})")
    return SourceError(f"the S3 endpoint refused {where} ({code or status})", reason="SourceRejected")


register(S3Source())
