"""Phoenix Security import pipeline: API client, payload mapping, safe batching, translate fallback."""

from .client import PhoenixClient, TranslateStatus
from .dryrun import DryRunWriter
from .errors import PhoenixAuthError, PhoenixError, PhoenixRejected, PhoenixUnavailable, PhoenixUncertain
from .importer import ImportSink, default_assessment_name, import_report
from .types import ImportOptions, ImportProgress, ImportResult

__all__ = [
    "DryRunWriter",
    "ImportOptions",
    "ImportProgress",
    "ImportResult",
    "ImportSink",
    "PhoenixAuthError",
    "PhoenixClient",
    "PhoenixError",
    "PhoenixRejected",
    "PhoenixUnavailable",
    "PhoenixUncertain",
    "TranslateStatus",
    "default_assessment_name",
    "import_report",
]
