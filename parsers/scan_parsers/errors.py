"""The library's own error types. Every failure of parsing or detection surfaces as one of these."""

from __future__ import annotations


class ReportError(Exception):
    """Base class: something is wrong with a report. The message is meant for a person: one line, so it fits a
    condition message, an event and a CLI error."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InvalidReport(ReportError):
    """The report cannot be read as the chosen format (corrupt, truncated, wrong shape)."""


class UnsafeReport(InvalidReport):
    """The report was refused for safety: XML entity expansion, zip bomb, oversize input."""


class UnrecognisedFormat(ReportError):
    """Auto-detection found no format (or no single best one) for the report."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        self.candidates = candidates or []
        if self.candidates:
            message = f"{message}; closest candidates: {', '.join(self.candidates)}"
        super().__init__(message)


class UnknownScanner(ReportError):
    """The scanner named by the user is not a known format id, alias or scan-type name."""
