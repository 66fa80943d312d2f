"""Edgescan vulnerabilities API (`GET /api/v1/vulnerabilities.json`) saved to a file: a JSON array of
vulnerabilities {id, asset_id, asset_name, name, location, layer (application / network), status (open /
closed), severity 1-5, risk, threat, cvss_score, cvss_vector, cwes[], cves[], description, remediation,
date_opened, date_closed, asset_tags}, or the API's own envelope `{"vulnerabilities": [...], "total": n}`.

One finding per vulnerability. Severity from Edgescan's 1-5 scale (1 informational, 2 low, 3 medium, 4 high,
5 critical), the score from cvss_score. A closed vulnerability (status "closed" or a date_closed) is still counted,
with `active=False` and its state in `details["status"]`. The asset is the vulnerability's location: WEB for an
application-layer finding or a URL, INFRA for a network-layer host or IP; the Edgescan asset name is kept in
details. `[]` is a clean export, recognised only when the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._bounty import target_asset
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._static_common import drop_empty

_SEVERITIES = {
    "1": Severity.INFO,
    "2": Severity.LOW,
    "3": Severity.MEDIUM,
    "4": Severity.HIGH,
    "5": Severity.CRITICAL,
}


@register
class EdgescanApi(ReportFormat):
    id = "api_edgescan"
    scan_types = ("Edgescan Scan",)
    aliases = ("edgescan",)
    default_asset_type = AssetType.WEB
    recognises = "Edgescan vulnerabilities API JSON (array of {asset_id, location, layer, severity, threat, risk})"

    def detect(self, sniff: Sniff) -> float:
        prefix = "item" if sniff.json_root == "array" else "vulnerabilities.item"
        if sniff.kind == "json" and sniff.has_paths(
            f"{prefix}.asset_id", f"{prefix}.location", f"{prefix}.layer", f"{prefix}.threat"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        envelope = report.first_byte() == b"{"
        items = 0
        for item in iter_json(report, "vulnerabilities.item" if envelope else "item"):
            items += 1
            if not isinstance(item, dict) or "name" not in item or "location" not in item:
                raise InvalidReport(f"{report.name}: a vulnerability without name or location: not Edgescan")
            yield _finding(ctx, item)
        if envelope and not items:
            require_list_member(report, ("vulnerabilities",), "an Edgescan vulnerabilities export")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    location = text(item.get("location"))
    layer = text(item.get("layer")).lower()
    status = text(item.get("status")).lower()
    closed = status == "closed" or bool(item.get("date_closed"))
    name = text(item.get("name")) or f"Edgescan vulnerability {text(item.get('id'))}"
    return Finding(
        asset=target_asset(ctx, "edgescan", location, "web" if layer == "application" else "host"),
        name=name[:255],
        severity=_SEVERITIES.get(text(item.get("severity")), Severity.INFO),
        score=cvss_score(item.get("cvss_score")),
        description=text(item.get("description")) or name,
        remedy=text(item.get("remediation")),
        reference_ids=unique(item.get("cves") or []),
        cwes=unique(cwe_id(c) for c in item.get("cwes") or []),
        location=location or None,
        published=parse_datetime(text(item.get("date_opened")).removesuffix(" UTC")),
        active=not closed,
        details=drop_empty(
            {
                "vulnerabilityId": item.get("id"),
                "status": "closed" if closed else status,
                "assetId": item.get("asset_id"),
                "assetName": text(item.get("asset_name")),
                "layer": layer,
                "risk": item.get("risk"),
                "threat": item.get("threat"),
                "cvssVector": text(item.get("cvss_vector")),
                "pciComplianceStatus": text(item.get("pci_compliance_status")),
                "assetTags": [t.strip() for t in text(item.get("asset_tags")).split(",") if t.strip()],
            }
        ),
    )
