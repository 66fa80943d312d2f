"""scan_parsers: vulnerability-scanner reports -> one normalized model of assets and findings.

A pure library: no Kubernetes, no network, no import of scanner_operator (enforced by import-linter).
"""

from .api import ParsedReport, detect_format, open_report, parse_report, rank_formats
from .errors import InvalidReport, ReportError, UnknownScanner, UnrecognisedFormat, UnsafeReport
from .model import Asset, AssetType, Finding, Package, ParseWarning, ReportMeta, Severity, Tag
from .registry import ReportFormat, all_formats, get_format, register
from .source import Limits, ReportInput

__all__ = [
    "Asset",
    "AssetType",
    "Finding",
    "InvalidReport",
    "Limits",
    "Package",
    "ParseWarning",
    "ParsedReport",
    "ReportError",
    "ReportFormat",
    "ReportInput",
    "ReportMeta",
    "Severity",
    "Tag",
    "UnknownScanner",
    "UnrecognisedFormat",
    "UnsafeReport",
    "all_formats",
    "detect_format",
    "get_format",
    "open_report",
    "parse_report",
    "rank_formats",
    "register",
]
