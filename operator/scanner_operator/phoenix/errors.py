"""Errors of the Phoenix client. Each carries a CamelCase `reason` for Kubernetes conditions and a message that
never contains the client secret or a token (messages from the server are scrubbed before they are kept)."""

from __future__ import annotations


class PhoenixError(Exception):
    """Base class. `reason` is CamelCase and safe to put into a condition."""

    reason: str = "PhoenixError"
    #: True when waiting and running the whole import again later can succeed.
    transient: bool = False

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason

    @property
    def message(self) -> str:
        return str(self)


class PhoenixAuthError(PhoenixError):
    """401/403 after one token refresh, or 401 from the token endpoint: the credentials are wrong or revoked."""

    reason = "PhoenixAuthFailed"


class PhoenixRejected(PhoenixError):
    """The server refused this request (400 and other permanent 4xx); carries the server's message."""

    reason = "PhoenixRejected"

    def __init__(self, message: str, *, status_code: int | None = None, reason: str | None = None) -> None:
        super().__init__(message, reason=reason)
        self.status_code = status_code


class PhoenixUnavailable(PhoenixError):
    """429/5xx/connection failures that persisted through every allowed retry. Nothing was accepted by this call."""

    reason = "PhoenixUnavailable"
    transient = True


class PhoenixUncertain(PhoenixError):
    """The request was sent but its answer was lost (timeout, reset, 500/502/504 on a POST).

    The server may or may not have stored it. It is not replayed: replaying an import duplicates findings.
    `batch` and `body_sha256` identify what was in flight; `batches_accepted` how many batches before it landed.
    """

    reason = "PhoenixOutcomeUnknown"
    transient = True

    def __init__(
        self,
        message: str,
        *,
        batch: int | None = None,
        body_sha256: str | None = None,
        batches_accepted: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, reason=reason)
        self.batch = batch
        self.body_sha256 = body_sha256
        self.batches_accepted = batches_accepted
