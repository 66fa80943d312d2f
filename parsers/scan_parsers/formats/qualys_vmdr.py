"""Qualys VMDR CSV exports of detections per asset ("Asset Vuln Datalist" and the other VMDR report templates and
the Vulnerabilities tab download): a preamble (report title row, company row, user row; the count varies by
template and version), then the header row and one row per detection. The header comes in two flavours, found by
its columns wherever the preamble ends: the QID flavour ("QID","Title","Severity","KB Severity","Type Detected",
...,"Status","Asset Id","Asset Name","Asset IPV4","Asset IPV6",...) and the CVE flavour, which adds "CVE",
"CVE-Description","CVSSv2 Base (nvd)","CVSSv3.1 Base (nvd)" in front (one row per CVE of a detection). The
CVE, CVSS, QDS/TruRisk, MITRE and tag columns are optional.

One finding per row, on the INFRA host named by Asset IPV4 / IPV6 / Name (OS from Operating System); the name is
the QID and title. Severity: Qualys 1-5 to info/low/medium/high/critical. Detections whose Status is
FIXED are inactive findings (counted; left out of a Phoenix import, which closes them there).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding, Severity
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, unique
from ._scan_common import float_or_none, infra_asset, join_nonempty, strip_html
from .qualys import QUALYS_SEVERITY, csv_rows_after_preamble, head_has_header


@register
class QualysVmdr(ReportFormat):
    id = "qualys_vmdr"
    scan_types = ("Qualys VMDR",)
    aliases = ("qualys-vmdr", "vmdr")
    default_asset_type = AssetType.INFRA
    recognises = 'Qualys VMDR CSV: an "Asset Vuln Datalist Report" preamble, then QID, Title, Severity, Asset IPV4'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind in ("csv", "text") and head_has_header(sniff.text.lstrip("\ufeff"), _is_header):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        for header, cells in csv_rows_after_preamble(report, _is_header, "a Qualys VMDR CSV export"):
            row = dict(zip(header, cells, strict=False))
            finding = _finding(ctx, row)
            if _clean(row.get("Status")).upper() == "FIXED":
                # Fixed since an earlier scan: an inactive finding, never imported as open.
                finding.active = False
                finding.details["status"] = "detection status FIXED"
            yield finding


def _is_header(cells: set[str]) -> bool:
    """The VMDR detection header: QID, title and severity, and the Asset columns (IP, name or id)."""
    return (
        {"QID", "SEVERITY"} <= cells
        and bool(cells & {"TITLE", "VULNERABILITY TITLE"})
        and bool(cells & {"ASSET IPV4", "ASSET IPV6", "ASSET NAME", "ASSET ID"})
    )


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
    title = _clean(row.get("Title")) or _clean(row.get("Vulnerability Title"))
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
