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
    PERMANENT_REASONS,
    ExitCode,
    InvalidInput,
    StatusWriteFailed,
    classify,
)

CASES: list[tuple[BaseException, int, str]] = [
    (SourceInvalid("bad"), ExitCode.INVALID, "SourceInvalid"),
    (SourceNotFound("gone"), ExitCode.INVALID, "SourceNotFound"),
    (SourceAccessDenied("no"), ExitCode.INVALID, "SourceAccessDenied"),
    (SourceTooLarge("big"), ExitCode.INVALID, "SourceTooLarge"),
    (SourceError("418", reason="SourceRejected"), ExitCode.INVALID, "SourceRejected"),
    (SourceError("tls", reason="SourceTLSUntrusted"), ExitCode.INVALID, "SourceTLSUntrusted"),
    (SourceInvalid("loop", reason="SourceRedirectRefused"), ExitCode.INVALID, "SourceRedirectRefused"),
    (SourceUnavailable("down"), ExitCode.TRANSIENT, "SourceUnavailable"),
    (UnrecognisedFormat("what is this"), ExitCode.UNRECOGNISED, "FormatNotRecognised"),
    (UnknownScanner("nope"), ExitCode.INVALID, "UnknownScanner"),
    (UnsafeReport("entity bomb"), ExitCode.INVALID, "UnsafeReport"),
    (InvalidReport("truncated"), ExitCode.INVALID, "InvalidReport"),
    (InvalidInput("bad json"), ExitCode.INVALID, "InvalidSpec"),
    (InvalidInput("no url", "PhoenixNotConfigured"), ExitCode.INVALID, "PhoenixNotConfigured"),
    (InvalidInput("no creds", "PhoenixCredentialsMissing"), ExitCode.INVALID, "PhoenixCredentialsMissing"),
    (PhoenixAuthError("401"), ExitCode.REFUSED, "PhoenixAuthFailed"),
    (PhoenixRejected("400"), ExitCode.REFUSED, "PhoenixRejected"),
    (PhoenixUnavailable("503"), ExitCode.TRANSIENT, "PhoenixUnavailable"),
    (PhoenixUncertain("lost"), ExitCode.TRANSIENT, "PhoenixOutcomeUnknown"),
    (StatusWriteFailed("api down"), ExitCode.TRANSIENT, "StatusUnavailable"),
    (MemoryError(), ExitCode.FAILURE, "WorkerOutOfMemory"),
    (KeyError("token=abc"), ExitCode.FAILURE, "WorkerFailed"),
]


@pytest.mark.parametrize(("exc", "code", "reason"), CASES, ids=[c[2] + "-" + str(c[1]) for c in CASES])
def test_classify(exc: BaseException, code: int, reason: str) -> None:
    outcome = classify(exc)
    assert (outcome.exit_code, outcome.reason) == (code, reason)
    permanent = code in {ExitCode.INVALID, ExitCode.UNRECOGNISED, ExitCode.REFUSED} or reason == "WorkerOutOfMemory"
    assert (reason in PERMANENT_REASONS) == permanent


def test_unexpected_errors_are_reported_by_type_only() -> None:
    assert "abc" not in classify(KeyError("token=abc")).message
