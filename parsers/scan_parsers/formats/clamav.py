"""ClamAV scan output (`clamscan` / `clamdscan` to a file or with `--log`, ClamAV 0.9x-1.x): one line per scanned
file, "<path>: OK", "<path>: <signature> FOUND", "<path>: <reason> ERROR" (only infected ones with `--infected`),
then a "----------- SCAN SUMMARY -----------" block (Known viruses, Engine version, Scanned files, Infected files,
Start Date, End Date).

One finding per FOUND line: a file matching a malware signature (high). OK lines are counted with ctx.skip, and so
are ERROR lines (files that could not be scanned). clamscan does not name the host, so the asset is one INFRA
placeholder; the file is the location and the signature the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import infra_asset

_RESULT = re.compile(r"^(?P<path>.+?): (?:(?P<signature>\S.*?) FOUND|OK|(?P<error>.*?) ERROR)$")
_SUMMARY = "----------- SCAN SUMMARY -----------"
_SUMMARY_KEYS = ("Known viruses:", "Engine version:", "Infected files:", "Scanned files:")


@register
class ClamAV(ReportFormat):
    id = "clamav"
    scan_types = ("ClamAV Scan",)
    aliases = ("clamscan", "clamav")
    default_asset_type = AssetType.INFRA
    recognises = "clamscan output: '<file>: OK' / '<file>: <signature> FOUND' lines and a SCAN SUMMARY block"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("text", "csv"):
            return 0.0
        lines = [line.strip() for line in sniff.text.splitlines()]
        if _SUMMARY in lines and any(line.startswith(_SUMMARY_KEYS) for line in lines):
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        summary = False
        results = 0
        with report.open() as f:
            for raw in text_stream(f):
                line = raw.strip()
                if line == _SUMMARY:
                    summary = True
                if summary or not line:
                    continue
                match = _RESULT.match(line)
                if match is None:
                    continue
                results += 1
                if match["signature"]:
                    yield _finding(ctx, match["path"], match["signature"])
                else:
                    ctx.skip("file could not be scanned" if match["error"] is not None else "file clean (OK)")
        if not summary and not results:
            raise InvalidReport(f"{report.name}: no '<file>: OK/FOUND' lines nor SCAN SUMMARY: not clamscan output")


def _finding(ctx: ParseContext, path: str, signature: str) -> Finding:
    return Finding(
        asset=infra_asset(ctx, "clamav"),
        name=signature,
        severity=Severity.HIGH,
        description=f"ClamAV found the signature {signature} in {path}.",
        remedy="Quarantine or delete the file and investigate how it got onto the host.",
        location=path,
        details={"signature": signature, "file": path},
    )
