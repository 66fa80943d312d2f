"""Every failure maps to the documented exit code, and permanent reasons are listed for the operator."""

from __future__ import annotations

import pytest

from scan_parsers import InvalidReport, UnknownScanner, UnrecognisedFormat, UnsafeReport
from scanner_operator.phoenix import PhoenixAuthError, PhoenixRejected, PhoenixUnavailable, PhoenixUncertain
from scanner_operator.sources import (
    SourceAccessDenied,
    SourceError,
    SourceInvalid,
    SourceNotFound,
    SourceTooLarge,
    SourceUnavailable,
)
from scanner_operator.worker import (
    EXIT_FAILURE,
    EXIT_INVALID,
    EXIT_REFUSED,
    EXIT_TRANSIENT,
    EXIT_UNRECOGNISED,
    PERMANENT_REASONS,
    InvalidInput,
    StatusWriteFailed,
    classify,
)

CASES: list[tuple[BaseException, int, str]] = [
    (SourceInvalid("bad"), EXIT_INVALID, "SourceInvalid"),
    (SourceNotFound("gone"), EXIT_INVALID, "SourceNotFound"),
    (SourceAccessDenied("no"), EXIT_INVALID, "SourceAccessDenied"),
    (SourceTooLarge("big"), EXIT_INVALID, "SourceTooLarge"),
    (SourceError("418", reason="SourceRejected"), EXIT_INVALID, "SourceRejected"),
    (SourceError("tls", reason="SourceTLSUntrusted"), EXIT_INVALID, "SourceTLSUntrusted"),
    (SourceInvalid("loop", reason="SourceRedirectRefused"), EXIT_INVALID, "SourceRedirectRefused"),
    (SourceUnavailable("down"), EXIT_TRANSIENT, "SourceUnavailable"),
    (UnrecognisedFormat("what is this"), EXIT_UNRECOGNISED, "FormatNotRecognised"),
    (UnknownScanner("nope"), EXIT_INVALID, "UnknownScanner"),
    (UnsafeReport("entity bomb"), EXIT_INVALID, "UnsafeReport"),
    (InvalidReport("truncated"), EXIT_INVALID, "InvalidReport"),
    (InvalidInput("bad json"), EXIT_INVALID, "InvalidSpec"),
    (InvalidInput("no url", "PhoenixNotConfigured"), EXIT_INVALID, "PhoenixNotConfigured"),
    (InvalidInput("no creds", "PhoenixCredentialsMissing"), EXIT_INVALID, "PhoenixCredentialsMissing"),
    (PhoenixAuthError("401"), EXIT_REFUSED, "PhoenixAuthFailed"),
    (PhoenixRejected("400"), EXIT_REFUSED, "PhoenixRejected"),
    (PhoenixUnavailable("503"), EXIT_TRANSIENT, "PhoenixUnavailable"),
    (PhoenixUncertain("lost"), EXIT_TRANSIENT, "PhoenixOutcomeUnknown"),
    (StatusWriteFailed("api down"), EXIT_TRANSIENT, "StatusUnavailable"),
    (MemoryError(), EXIT_FAILURE, "WorkerOutOfMemory"),
    (KeyError("token=abc"), EXIT_FAILURE, "WorkerFailed"),
]


@pytest.mark.parametrize(("exc", "code", "reason"), CASES, ids=[c[2] + "-" + str(c[1]) for c in CASES])
def test_classify(exc: BaseException, code: int, reason: str) -> None:
    outcome = classify(exc)
    assert (outcome.exit_code, outcome.reason) == (code, reason)
    permanent = code in {EXIT_INVALID, EXIT_UNRECOGNISED, EXIT_REFUSED} or reason == "WorkerOutOfMemory"
    assert (reason in PERMANENT_REASONS) == permanent


def test_unexpected_errors_are_reported_by_type_only() -> None:
    assert "abc" not in classify(KeyError("token=abc")).message
