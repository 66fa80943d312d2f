"""How each way an import can end becomes an exit code, a CamelCase reason and a message for the ScanImport.

The exit codes and what the operator makes of them are in `scanner_operator.contract`.
"""

from __future__ import annotations

from dataclasses import dataclass

from scan_parsers import InvalidReport, ReportError, UnknownScanner, UnrecognisedFormat, UnsafeReport

from ..contract import ExitCode
from ..phoenix import PhoenixError
from ..sources import SourceError
from .status import StatusWriteFailed


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
        return self.exit_code == ExitCode.OK

    @property
    def transient(self) -> bool:
        return self.exit_code == ExitCode.TRANSIENT


def classify(exc: BaseException) -> Outcome:
    """The outcome of an import that raised `exc`. Messages come from our own error types, which are secret-free;
    anything unexpected is reported by its type only."""
    if isinstance(exc, SourceError):
        return Outcome(
            ExitCode.INVALID if exc.permanent else ExitCode.TRANSIENT, exc.reason, f"fetching the report: {exc}"
        )
    if isinstance(exc, UnrecognisedFormat):
        return Outcome(ExitCode.UNRECOGNISED, "FormatNotRecognised", str(exc))
    if isinstance(exc, UnknownScanner):
        return Outcome(ExitCode.INVALID, "UnknownScanner", str(exc))
    if isinstance(exc, UnsafeReport):
        return Outcome(ExitCode.INVALID, "UnsafeReport", str(exc))
    if isinstance(exc, InvalidReport | ReportError):
        return Outcome(ExitCode.INVALID, "InvalidReport", str(exc))
    if isinstance(exc, PhoenixError):
        return Outcome(ExitCode.TRANSIENT if exc.transient else ExitCode.REFUSED, exc.reason, str(exc))
    if isinstance(exc, StatusWriteFailed):
        return Outcome(ExitCode.TRANSIENT, "StatusUnavailable", f"cannot reach the ScanImport: {exc}")
    if isinstance(exc, InvalidInput):
        return Outcome(ExitCode.INVALID, exc.reason, str(exc))
    if isinstance(exc, MemoryError):
        return Outcome(ExitCode.FAILURE, "WorkerOutOfMemory", "the worker ran out of memory; raise spec.job.resources")
    return Outcome(ExitCode.FAILURE, "WorkerFailed", f"unexpected {type(exc).__name__} in the worker")
