"""Vulners agent scan results, as the Vulners API returns them (the audit report of the Vulners agents, `GET
/api/v3/agent/report` style) saved to a file: `{"result": "OK", "data": {"report": [{vulnID, title, family,
severity, severityText, agentip, agentfqdn, cumulativeFix, scanid}], "vulns": {"<vulnID>": {id, type,
description, cvss3: {cvssV3: {baseScore, vectorString}}, cvelist[], references[]}}, "indexName", "totalCount"}}`.

One finding per report entry: a bulletin (a vendor advisory such as RHSA-2018:2285, or a CVE) that applies to
one agent's host. Severity from severityText (critical, high, medium, low, info), else the 0-5 severity number;
the CVSS v3 base score and vector, the description and CVE list come from the bulletin in `vulns` when it is
there (an entry without one keeps its title as description). The asset is the agent's host (INFRA: agentip and
agentfqdn); the cumulative fix command is the remedy. A response with an empty report is a clean host; it is
recognised by the Vulners response envelope (result, data.report and data.vulns).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cvss_score, text, unique
from ._scan_common import infra_asset
from ._static_common import drop_empty

_NUMBERS = {"5": Severity.CRITICAL, "4": Severity.HIGH, "3": Severity.MEDIUM, "2": Severity.LOW, "1": Severity.INFO}


@register
class VulnersApi(ReportFormat):
    id = "api_vulners"
    scan_types = ("Vulners",)
    aliases = ("vulners",)
    default_asset_type = AssetType.INFRA
    recognises = "Vulners API response {result, data: {report: [{vulnID, agentip, severityText}], vulns: {...}}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("data.report.item.vulnID", "data.report.item.agentip"):
            return 0.9
        if sniff.has_paths("result", "data.report", "data.vulns"):
            return 0.7  # the envelope of an empty report
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        # one API response: the bulletins of `vulns` are needed for every entry of `report`
        doc = load_json(report)
        data = obj(doc).get("data")
        if not isinstance(data, dict) or not isinstance(data.get("report"), list):
            raise InvalidReport(f"{report.name}: no data.report list: not a Vulners API response")
        bulletins = obj(data.get("vulns"))
        for entry in data["report"]:
            if not isinstance(entry, dict) or "vulnID" not in entry:
                raise InvalidReport(f"{report.name}: a report entry without vulnID: not a Vulners result")
            yield _finding(ctx, entry, obj(bulletins.get(text(entry["vulnID"]))))


def _severity(entry: dict[str, Any]) -> Severity:
    if entry.get("severityText"):
        return label(entry["severityText"], Severity.INFO)
    return _NUMBERS.get(text(entry.get("severity")), Severity.INFO)


def _finding(ctx: ParseContext, entry: dict[str, Any], bulletin: dict[str, Any]) -> Finding:
    vuln_id = text(entry.get("vulnID"))
    cvss = obj(obj(bulletin.get("cvss3")).get("cvssV3"))
    fqdn = text(entry.get("agentfqdn"))
    cves = bulletin.get("cvelist")
    return Finding(
        asset=infra_asset(
            ctx,
            "vulners",
            ip=text(entry.get("agentip")) or None,
            hostname=fqdn if fqdn and fqdn != "localhost" else None,
        ),
        name=text(entry.get("title"))[:255] or vuln_id,
        severity=_severity(entry),
        score=cvss_score(cvss.get("baseScore")),
        description=text(bulletin.get("description")) or text(entry.get("title")) or vuln_id,
        remedy=text(entry.get("cumulativeFix")),
        reference_ids=unique([vuln_id, *(cves if isinstance(cves, list) else [])]),
        details=drop_empty(
            {
                "vulnId": vuln_id,
                "family": text(entry.get("family")),
                "cvssVector": text(cvss.get("vectorString")),
                "references": [text(r) for r in bulletin.get("references") or [] if r],
                "scanId": text(entry.get("scanid")),
                "agentFqdn": fqdn,
            }
        ),
    )
