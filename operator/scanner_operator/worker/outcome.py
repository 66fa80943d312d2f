"""How each way an import can end becomes an exit code, a CamelCase reason and a message for the ScanImport.

Exit codes (the operator reads them from the Job): 0 imported; 2 invalid report or input (permanent); 3 report
format not recognised (permanent); 4 Phoenix refused (credentials, 400: permanent); 75 transient (retry later);
1 unexpected failure of the worker itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from scan_parsers import InvalidReport, ReportError, UnknownScanner, UnrecognisedFormat, UnsafeReport

from ..phoenix import PhoenixError
from ..sources import SourceError
from .status import StatusWriteFailed

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
EXIT_UNRECOGNISED = 3
EXIT_REFUSED = 4
EXIT_TRANSIENT = 75  # EX_TEMPFAIL


class InvalidInput(Exception):
    """The Job's own input is unusable (spec JSON, Phoenix settings). `reason` is CamelCase."""

    def __init__(self, message: str, reason: str = "InvalidSpec") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    reason: str
    message: str

    @property
    def succeeded(self) -> bool:
        return self.exit_code == EXIT_OK

    @property
    def transient(self) -> bool:
        return self.exit_code == EXIT_TRANSIENT


def classify(exc: BaseException) -> Outcome:
    """The outcome of an import that raised `exc`. Messages come from our own error types, which are secret-free;
    anything unexpected is reported by its type only."""
    if isinstance(exc, SourceError):
        return Outcome(EXIT_INVALID if exc.permanent else EXIT_TRANSIENT, exc.reason, f"fetching the report: {exc}")
    if isinstance(exc, UnrecognisedFormat):
        return Outcome(EXIT_UNRECOGNISED, "FormatNotRecognised", str(exc))
    if isinstance(exc, UnknownScanner):
        return Outcome(EXIT_INVALID, "UnknownScanner", str(exc))
    if isinstance(exc, UnsafeReport):
        return Outcome(EXIT_INVALID, "UnsafeReport", str(exc))
    if isinstance(exc, InvalidReport | ReportError):
        return Outcome(EXIT_INVALID, "InvalidReport", str(exc))
    if isinstance(exc, PhoenixError):
        return Outcome(EXIT_TRANSIENT if exc.transient else EXIT_REFUSED, exc.reason, str(exc))
    if isinstance(exc, StatusWriteFailed):
        return Outcome(EXIT_TRANSIENT, "StatusUnavailable", f"cannot reach the ScanImport: {exc}")
    if isinstance(exc, InvalidInput):
        return Outcome(EXIT_INVALID, exc.reason, str(exc))
    if isinstance(exc, MemoryError):
        return Outcome(EXIT_FAILURE, "WorkerOutOfMemory", "the worker ran out of memory; raise spec.job.resources")
    return Outcome(EXIT_FAILURE, "WorkerFailed", f"unexpected {type(exc).__name__} in the worker")
