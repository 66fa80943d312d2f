"""Microsoft Credential Scanner (CredScan) CSV, as `CredentialScanner -S <dir> -f csv` (or the Microsoft Security
Code Analysis build task) writes it:

    TimeofDiscovery,Source,Searcher,Description,Line,IsSuppressed,HashKey,SuppressJustification,MatchingScore

One finding per row: a credential the searcher (e.g. "CSCAN-GENERAL0060 General Password") found at a file and
line. Rows with IsSuppressed YES (silenced by a suppression file) are counted as skipped. In triage mode (-t) the
Description holds the matched text, i.e. the secret: it is never copied (the HashKey, CredScan's own digest of the
match, is kept as identity). Severity is high. The asset is the REPOSITORY scanned (not named: a per-tool
placeholder). A header-only file is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime
from ._static_common import SECRET_REMEDY, drop_empty, location, repository_asset

_REQUIRED = frozenset({"source", "searcher", "line", "issuppressed"})


@register
class CredScan(ReportFormat):
    id = "cred_scan"
    scan_types = ("CredScan Scan",)
    aliases = ("credscan", "credential-scanner")
    default_asset_type = AssetType.REPOSITORY
    recognises = "CSV with TimeofDiscovery, Source, Searcher, Line, IsSuppressed, HashKey columns"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "csv":
            return 0.0
        columns = sniff.csv_columns
        if columns >= _REQUIRED and ("hashkey" in columns or "timeofdiscovery" in columns):
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for row in iter_csv_columns(report, _REQUIRED, "CredScan"):
            if row.get("issuppressed", "").upper() in ("YES", "TRUE"):
                ctx.skip("suppressed")
                continue
            searcher = row.get("searcher", "")
            rule, _, what = searcher.partition(" ")
            path = row.get("source", "")
            yield Finding(
                asset=repository_asset(ctx, None, "credscan"),
                name=f"Hard-coded secret: {what.strip() or searcher or 'credential'}",
                severity=Severity.HIGH,
                description=f"CredScan searcher {searcher or 'unknown'} found a credential in {path}.",
                remedy=SECRET_REMEDY,
                location=location(path, row.get("line")) or path or None,
                published=parse_datetime(row.get("timeofdiscovery")),
                details=drop_empty(
                    {
                        "searcher": rule if what else searcher,
                        "file": path,
                        "line": row.get("line"),
                        "hashKey": row.get("hashkey"),
                        "matchingScore": row.get("matchingscore"),
                    }
                ),
            )
