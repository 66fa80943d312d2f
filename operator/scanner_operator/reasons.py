"""Failure reasons shared by the import Job's worker (which reports them) and the operator (which decides from
them, also on clusters whose Job status carries no exit code)."""

from __future__ import annotations

#: Reasons of failures a retry cannot fix: the ScanImport goes Stalled until its spec changes or a re-run is asked.
PERMANENT_REASONS = frozenset(
    {
        "FormatNotRecognised",
        "InvalidReport",
        "InvalidSpec",
        "PhoenixAuthFailed",
        "PhoenixCredentialsMissing",
        "PhoenixNotConfigured",
        "PhoenixRejected",
        "SourceAccessDenied",
        "SourceInvalid",
        "SourceNotFound",
        "SourceRedirectRefused",
        "SourceRejected",
        "SourceTLSUntrusted",
        "SourceTooLarge",
        "UnknownScanner",
        "UnsafeReport",
        "WorkerOutOfMemory",
    }
)
