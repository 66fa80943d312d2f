"""Where a ScanImport's report comes from: one module per kind, registered by its key in `spec.source`."""

from . import azure_blob, configmap, gcs, http, s3, secret  # noqa: F401  (registers the kinds)
from .base import DEFAULT_MOUNT_ROOT, MOUNT_ROOT_ENV, Fetched, JobInputs, Source, mount_root, relocate_mount
from .errors import (
    SourceAccessDenied,
    SourceError,
    SourceInvalid,
    SourceNotFound,
    SourceTooLarge,
    SourceUnavailable,
)
from .registry import get_source, register, source_kinds

__all__ = [
    "DEFAULT_MOUNT_ROOT",
    "MOUNT_ROOT_ENV",
    "Fetched",
    "JobInputs",
    "Source",
    "SourceAccessDenied",
    "SourceError",
    "SourceInvalid",
    "SourceNotFound",
    "SourceTooLarge",
    "SourceUnavailable",
    "get_source",
    "mount_root",
    "register",
    "relocate_mount",
    "source_kinds",
]
