"""Qualys VMDR "Asset Vuln Datalist" CSV export (QID or CVE flavour): three preamble lines (report title, company,
user), then the header row ("QID","Title","Severity",... or "CVE","CVE-Description",...,"QID",...) and one row per
detection. Each row is a finding on the host named by Asset IPV4 / IPV6 / Name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, unique
from ._scan_common import float_or_none, infra_asset, join_nonempty, strip_html
from .qualys import QUALYS_SEVERITY

_PREAMBLE_LINES = 10


@register
class QualysVmdr(ReportFormat):
    id = "qualys_vmdr"
    scan_types = ("Qualys VMDR",)
    aliases = ("qualys-vmdr", "vmdr")
    default_asset_type = AssetType.INFRA
    recognises = 'Qualys VMDR CSV: an "Asset Vuln Datalist Report" preamble, then QID, Title, Severity, Asset IPV4'

    def detect(self, sniff: Sniff) -> float:
        head = sniff.text[:4096]
        if "Asset Vuln Datalist" in head.split("\n", 1)[0] and '"QID"' in head and '"Asset IPV4"' in head:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        with report.open() as f:
            reader = csv.reader(text_stream(f))
            header: list[str] | None = None
            for n, row in enumerate(reader):
                if header is None:
                    if "QID" in row and "Title" in row:
                        header = [h.strip() for h in row]
                    elif n >= _PREAMBLE_LINES:
                        break
                    continue
                if not row or all(not c.strip() for c in row):
                    continue
                yield _finding(ctx, dict(zip(header, row, strict=False)))
            if header is None:
                raise InvalidReport(f"{report.name}: no QID/Title header row: not a Qualys VMDR CSV export")


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value in ("'-", "-") else value


def _finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    asset = infra_asset(
        ctx,
        "qualys-vmdr",
        ip=_clean(row.get("Asset IPV4")) or _clean(row.get("Asset IPV6")) or None,
        hostname=_clean(row.get("Asset Name")) or None,
        os=_clean(row.get("Operating System")) or None,
    )
    qid = _clean(row.get("QID"))
    title = _clean(row.get("Title"))
    port = _clean(row.get("Port"))
    protocol = _clean(row.get("Protocol"))
    host = asset.attributes.get("ip") or asset.attributes.get("hostname", "")
    cves = unique([*cves_in(_clean(row.get("CVE")))])
    return Finding(
        asset=asset,
        name=f"QID-{qid} | {title}" if title else f"QID-{qid}",
        severity=QUALYS_SEVERITY.get(_clean(row.get("Severity")), Severity.INFO),
        description=join_nonempty(
            strip_html(row.get("Threat")),
            _clean(row.get("CVE-Description")),
            f"Result:\n{_clean(row.get('Results'))}" if _clean(row.get("Results")) else "",
        )
        or title
        or f"Qualys QID {qid}",
        remedy=strip_html(row.get("Solution")),
        score=float_or_none(_clean(row.get("CVSSv3.1 Base (nvd)")))
        or float_or_none(_clean(row.get("CVSSv2 Base (nvd)"))),
        reference_ids=cves,
        location=f"{host}:{port}/{protocol}" if port and port != "0" else host,
        details={
            "qid": qid,
            "status": _clean(row.get("Status")),
            "type": _clean(row.get("Type Detected")),
            "category": _clean(row.get("Category")),
            "assetId": _clean(row.get("Asset Id")),
        },
    )
