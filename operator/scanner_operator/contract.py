"""The contract between the import Job's worker and the operator, imported by both sides (and by the CLI, whose
commands end with the same codes).

The worker tells the operator how an import ended in two ways: the process exit code (on the Job's Pod, and in the
Job's Failed condition on the local Job runner) and `status.lastResult` (`LAST_RESULT_FIELDS`) written into the
ScanImport. The operator trusts the reason in lastResult when it belongs to the current attempt, and falls back
to the exit code when the worker could not write it.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    #: an unexpected failure of the worker itself (a bug, out of memory): retried
    FAILURE = 1
    #: the report or the Job's input is unusable: permanent
    INVALID = 2
    #: the report's format was not recognised: permanent
    UNRECOGNISED = 3
    #: Phoenix (or, for the CLI, the remote service) refused: credentials, a 400; permanent
    REFUSED = 4
    #: EX_TEMPFAIL: something that may work later (Phoenix 5xx, the store unreachable): retried
    TRANSIENT = 75


#: Exit codes a retry cannot fix; a Job's podFailurePolicy and the operator both stop on them.
PERMANENT_EXIT_CODES = frozenset({ExitCode.INVALID, ExitCode.UNRECOGNISED, ExitCode.REFUSED})

#: The reason the operator reports for an exit code when the worker's own reason did not reach the ScanImport.
REASON_OF_EXIT_CODE = {
    ExitCode.FAILURE: "JobFailed",
    ExitCode.INVALID: "InvalidReport",
    ExitCode.UNRECOGNISED: "FormatNotRecognised",
    ExitCode.REFUSED: "PhoenixRefused",
    ExitCode.TRANSIENT: "TransientFailure",
}

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

#: The longest `lastResult.message` the worker writes (the status is shared with everyone reading the object).
MAX_RESULT_MESSAGE = 4096


def last_result(generation: int, succeeded: bool, reason: str, message: str, completed_at: str) -> dict[str, Any]:
    """`status.lastResult` as the worker writes it when it ends, for the generation it ran for."""
    return {
        "generation": generation,
        "outcome": "Succeeded" if succeeded else "Failed",
        "reason": reason,
        "message": message[:MAX_RESULT_MESSAGE],
        "completedAt": completed_at,
    }


#: The live status fields the worker writes while it runs (besides lastResult).
PROGRESS_FIELDS = (
    "progress",
    "currentStep",
    "recentLogs",
    "scanner",
    "source",
    "assessmentName",
    "assetsImported",
    "findingsImported",
    "severityCounts",
    "phoenixRequests",
)
