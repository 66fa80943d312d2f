"""Red Hat Satellite 6 (Katello) errata list, the JSON of `GET /katello/api/errata` (also `hammer --output json
erratum list` pages saved from the API): {total, subtotal, page, per_page, results[] of {errata_id, title, type
(security / bugfix / enhancement), severity (Critical / Important / Moderate / Low / None), issued, updated,
description, solution, summary, cves[] of {cve_id, href}, bugs[], packages[], hosts_applicable_count}}.

One finding per erratum listed: the API lists the errata applicable to the content hosts the query covered.
Severity: Red Hat's erratum severity (Critical critical, Important high, Moderate medium, Low low, None info).
The list does not name the hosts (only how many are applicable), so the asset is one INFRA placeholder for the
hosts managed by the Satellite; the packages and CVEs are in the finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text, unique

_SEVERITIES = {
    "critical": Severity.CRITICAL,
    "important": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
    "none": Severity.INFO,
    "": Severity.INFO,
}


@register
class RedHatSatellite(ReportFormat):
    id = "redhatsatellite"
    scan_types = ("Red Hat Satellite",)
    aliases = ("satellite", "katello")
    default_asset_type = AssetType.INFRA
    recognises = "Katello /katello/api/errata JSON: {total, page, results[] of {errata_id, severity, cves, packages}}"

    def detect(self, sniff: Sniff) -> float:
        if (
            sniff.json_root == "object"
            and sniff.has_paths("results.item.errata_id")
            and sniff.has_any_path(
                "results.item.pulp_id", "results.item.hosts_applicable_count", "results.item.packages"
            )
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset: Asset | None = None
        n = 0
        for erratum in iter_json(report, "results.item"):
            n += 1
            if not isinstance(erratum, dict) or not (erratum.get("errata_id") or erratum.get("pulp_id")):
                raise InvalidReport(f"{report.name}: a result has no errata_id: not a Red Hat Satellite errata list")
            if asset is None:
                asset = ctx.asset(AssetType.INFRA, {"hostname": "redhat-satellite-hosts"}, placeholder=True)
            yield _finding(asset, erratum)
        if n == 0:
            require_list_member(report, ("results",), "a Red Hat Satellite errata list")


def _finding(asset: Asset, erratum: dict[str, Any]) -> Finding:
    errata_id = text(erratum.get("errata_id")) or text(erratum.get("pulp_id"))
    cves = unique(c.get("cve_id") for c in erratum.get("cves") or [] if isinstance(c, dict))
    severity = text(erratum.get("severity")).lower()
    title = text(erratum.get("title")) or text(erratum.get("name"))
    packages = [text(p) for p in erratum.get("packages") or [] if text(p)]
    return Finding(
        asset=asset,
        name=f"{errata_id}: {title}" if title else errata_id,
        severity=_SEVERITIES.get(severity, label(severity)),
        description="\n\n".join(p for p in (text(erratum.get("summary")), text(erratum.get("description"))) if p),
        remedy=text(erratum.get("solution")) or f"Apply erratum {errata_id}.",
        reference_ids=[errata_id, *cves],
        published=parse_datetime(erratum.get("issued")),
        location=errata_id,
        details={
            k: v
            for k, v in {
                "type": text(erratum.get("type")),
                "packages": packages[:100],
                "hostsApplicable": erratum.get("hosts_applicable_count"),
                "bugs": [text(b.get("bug_id")) for b in erratum.get("bugs") or [] if isinstance(b, dict)],
                "rebootSuggested": erratum.get("reboot_suggested"),
            }.items()
            if v not in (None, "", [])
        },
    )
