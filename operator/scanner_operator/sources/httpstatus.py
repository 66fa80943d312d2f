"""HTTP answers and transport failures -> source errors, shared by the kinds that speak HTTP with httpx."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx

from .errors import SourceAccessDenied, SourceError, SourceNotFound, SourceUnavailable

TIMEOUT = httpx.Timeout(30.0, read=60.0)


def raise_for_status(status: int, where: str, denied_hint: str, code: str | None = None) -> None:
    """Nothing for 2xx; otherwise the error a person can act on. `where` must already be secret-free."""
    if 200 <= status < 300:
        return
    detail = f"HTTP {status}" + (f" {code}" if code else "")
    if status in {404, 410}:
        raise SourceNotFound(f"{where} does not exist ({detail})")
    if status in {401, 403}:
        raise SourceAccessDenied(f"{where} refused access ({detail}); {denied_hint}")
    if status in {408, 425, 429} or status >= 500:
        raise SourceUnavailable(f"{where} is unavailable ({detail})")
    raise SourceError(f"{where} answered {detail}", reason="SourceRejected")


def transport_error(exc: httpx.HTTPError, where: str) -> SourceError:
    """Untrusted certificates are permanent (a CA must be configured); everything else may pass on retry."""
    if isinstance(exc.__context__, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return SourceError(f"the TLS certificate of {where} is not trusted", reason="SourceTLSUntrusted")
    return SourceUnavailable(f"cannot reach {where} ({type(exc).__name__})")


def guarded(chunks: Iterator[bytes], where: str) -> Iterator[bytes]:
    """A download stream whose breakage is a transient error."""
    try:
        yield from chunks
    except httpx.HTTPError as exc:
        raise SourceUnavailable(f"the download of {where} broke off ({type(exc).__name__})") from None
