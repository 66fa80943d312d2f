"""Where uploaded reports are kept until the worker has fetched them, and how the worker is told to fetch them.

* `LocalStore`: the gateway's own volume. The worker fetches the report with the HTTP source from the gateway's
  internal URL `/internal/v1/reports/<namespace>/<job id>/<file>`, authenticated by a bearer token that is an HMAC
  of the namespace and job id under the gateway's signing key. The token reaches the Job only through a Secret
  (the HTTP source's `headersSecretRef`), never in the ScanImport.
* `S3Store`: an S3-compatible bucket; the worker uses the S3 source, with the gateway's storage credentials copied
  into a Secret owned by the ScanImport (or the Pod's ambient credentials when the gateway has none).

A store returns a `location` string kept in the ScanImport's annotations; deleting the job or the ScanImport
deletes the report at that location.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .config import GatewayConfig
from .upload import SpooledFile

INTERNAL_PREFIX = "/internal/v1/reports"
_SEGMENT = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_FILE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")


class StorageError(RuntimeError):
    pass


@dataclass(frozen=True)
class StoredReport:
    location: str
    #: `spec.source` of the ScanImport; a `secretRef`/`headersSecretRef` in it names `fetch_secret`.
    source: dict[str, Any]
    #: Data of the Secret the worker needs to fetch (None: no Secret).
    fetch_secret_data: dict[str, str] | None = field(default=None, repr=False)


class ReportStore(ABC):
    kind: str

    @abstractmethod
    def store(self, namespace: str, job_id: str, spooled: SpooledFile, fetch_secret: str) -> StoredReport:
        """Move the spooled upload into the store (blocking; run it in a thread)."""

    @abstractmethod
    def delete(self, location: str) -> None:
        """Remove the report at `location`; a report already gone is fine."""


def _check(namespace: str, job_id: str) -> None:
    if not _SEGMENT.match(namespace) or not _SEGMENT.match(job_id):
        raise StorageError("invalid namespace or job id")


class LocalStore(ReportStore):
    kind = "local"

    def __init__(self, root: Path, internal_url: str, signing_key: bytes) -> None:
        self.root = root / "reports"
        self.internal_url = internal_url.rstrip("/")
        self._key = signing_key

    def token(self, namespace: str, job_id: str) -> str:
        return hmac.new(self._key, f"{namespace}/{job_id}".encode(), hashlib.sha256).hexdigest()

    def verify(self, namespace: str, job_id: str, authorization: str | None) -> bool:
        expected = f"Bearer {self.token(namespace, job_id)}"
        return hmac.compare_digest(expected.encode(), (authorization or "").encode())

    def path(self, namespace: str, job_id: str, filename: str) -> Path | None:
        """The stored file, or None when the coordinates are invalid or nothing is stored there."""
        if not _SEGMENT.match(namespace) or not _SEGMENT.match(job_id) or not _FILE.match(filename):
            return None
        path = self.root / namespace / job_id / filename
        return path if path.is_file() else None

    def store(self, namespace: str, job_id: str, spooled: SpooledFile, fetch_secret: str) -> StoredReport:
        _check(namespace, job_id)
        directory = self.root / namespace / job_id
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / spooled.filename
        spooled.path.replace(target)  # the spool directory is on the same volume: a rename, no copy
        url = f"{self.internal_url}{INTERNAL_PREFIX}/{quote(namespace)}/{quote(job_id)}/{quote(spooled.filename)}"
        return StoredReport(
            location=f"local:{namespace}/{job_id}",
            source={"http": {"url": url, "headersSecretRef": {"name": fetch_secret}}},
            fetch_secret_data={"Authorization": f"Bearer {self.token(namespace, job_id)}"},
        )

    def delete(self, location: str) -> None:
        if not location.startswith("local:"):
            return
        namespace, _, job_id = location[len("local:") :].partition("/")
        if _SEGMENT.match(namespace) and _SEGMENT.match(job_id):
            shutil.rmtree(self.root / namespace / job_id, ignore_errors=True)


class S3Store(ReportStore):
    kind = "s3"

    def __init__(self, config: GatewayConfig) -> None:
        import boto3

        self.bucket = config.s3_bucket
        self.endpoint = config.s3_endpoint or None
        self.region = config.s3_region or None
        self.prefix = config.s3_prefix
        self._static = bool(config.s3_access_key_id and config.s3_secret_access_key)
        self._creds = (
            {"accessKeyId": config.s3_access_key_id, "secretAccessKey": config.s3_secret_access_key}
            if self._static
            else None
        )
        kwargs: dict[str, Any] = {"region_name": self.region, "endpoint_url": self.endpoint}
        if self._static:
            kwargs.update(aws_access_key_id=config.s3_access_key_id, aws_secret_access_key=config.s3_secret_access_key)
        self._client = boto3.client("s3", **kwargs)

    def key(self, namespace: str, job_id: str, filename: str) -> str:
        return f"{self.prefix}{namespace}/{job_id}/{filename}"

    def store(self, namespace: str, job_id: str, spooled: SpooledFile, fetch_secret: str) -> StoredReport:
        _check(namespace, job_id)
        key = self.key(namespace, job_id, spooled.filename)
        try:
            # upload_file streams from disk (multipart for large files); the spool file is removed afterwards.
            self._client.upload_file(str(spooled.path), self.bucket, key)
        except Exception as exc:
            raise StorageError(f"could not store the report in s3://{self.bucket}: {type(exc).__name__}") from None
        finally:
            spooled.path.unlink(missing_ok=True)
        source: dict[str, Any] = {"bucket": self.bucket, "key": key}
        if self.endpoint:
            source["endpoint"] = self.endpoint
        if self.region:
            source["region"] = self.region
        if self._creds is not None:
            source["secretRef"] = {"name": fetch_secret}
        return StoredReport(f"s3://{self.bucket}/{key}", {"s3": source}, dict(self._creds) if self._creds else None)

    def delete(self, location: str) -> None:
        prefix = f"s3://{self.bucket}/"
        if not location.startswith(prefix):
            return
        try:
            self._client.delete_object(Bucket=self.bucket, Key=location[len(prefix) :])
        except Exception as exc:
            raise StorageError(f"could not delete {location}: {type(exc).__name__}") from None


def build_store(config: GatewayConfig) -> ReportStore:
    if config.storage == "s3":
        if not config.s3_bucket:
            raise StorageError("storage s3 needs PHOENIX_GATEWAY_S3_BUCKET")
        return S3Store(config)
    if config.storage != "local":
        raise StorageError(f"unknown storage {config.storage!r}: local or s3")
    key = config.signing_key.encode() if config.signing_key else secrets.token_bytes(32)
    return LocalStore(Path(config.data_dir), config.internal_url, key)
