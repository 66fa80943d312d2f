"""Errors of fetching a report. Each has a CamelCase `reason` for conditions and says whether a retry can help.

Messages are written for a person and never contain a secret, a token or a signed URL.
"""

from __future__ import annotations

from typing import ClassVar


class SourceError(Exception):
    """Base class. `permanent` errors need a change of spec, Secret or object; the others may pass on retry."""

    reason: str = "SourceFailed"
    permanent: ClassVar[bool] = True

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason


class SourceInvalid(SourceError, ValueError):
    """The source spec is unusable as written (missing field, bad URL, refused redirect). Also a ValueError, so
    the Job builder can treat it as any other invalid spec."""

    reason = "SourceInvalid"


class SourceNotFound(SourceError):
    """The bucket, object, key or URL does not exist (404, missing mounted key)."""

    reason = "SourceNotFound"


class SourceAccessDenied(SourceError):
    """The credentials are missing, wrong or lack permission (401, 403)."""

    reason = "SourceAccessDenied"


class SourceTooLarge(SourceError):
    """The report is larger than the configured limit."""

    reason = "SourceTooLarge"


class SourceUnavailable(SourceError):
    """The store could not be reached or answered with a server error (5xx, timeout, connection refused)."""

    reason = "SourceUnavailable"
    permanent = False
