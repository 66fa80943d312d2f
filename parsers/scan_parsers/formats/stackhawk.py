"""StackHawk HawkScan results as its webhook / `hawk scan` JSON export writes them (HawkScan 2.x):

{"service": "StackHawk", "scanCompleted": {scan: {id, application, env, hawkscanVersion, scanURL},
completedScanStats, findings: [{pluginId, pluginName, severity (High/Medium/Low), host, category, findingURL,
totalCount, paths: [{path, method, status (NEW, TRIAGED, FALSE_POSITIVE, RISK_ACCEPTED...), pathURL}]}]}}

One finding per plugin and host (HawkScan is ZAP-based and can list a plugin more than once; the entries are
merged), a WEB asset for the host, with the paths and their triage status in details. A plugin whose every path
was triaged as false positive or risk accepted in StackHawk is kept (the tool still reports it) and tagged so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity, Tag
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import web_asset
from ._web_fold import WebFolder, as_dict, join_url

_SERVICE = re.compile(rb'"service"\s*:\s*"StackHawk"')
_TRIAGED = {"FALSE_POSITIVE": "false-positive", "RISK_ACCEPTED": "risk-accepted"}


@register
class Stackhawk(ReportFormat):
    id = "stackhawk"
    scan_types = ("StackHawk HawkScan",)
    aliases = ("stackhawk", "hawkscan")
    default_asset_type = AssetType.WEB
    recognises = 'StackHawk HawkScan JSON: {"service": "StackHawk", "scanCompleted": {findings: [...]}}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or not sniff.has_paths("service", "scanCompleted"):
            return 0.0
        return 0.95 if _SERVICE.search(sniff.text.encode()) else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if not _SERVICE.search(report.read_head()) and next(iter_json(report, "service"), None) != "StackHawk":
            raise InvalidReport(f'{report.name}: no "service": "StackHawk" member: not a StackHawk scan export')
        folder = WebFolder(self.id)
        seen = False
        for item in iter_json(report, "scanCompleted.findings.item"):
            seen = True
            if not isinstance(item, dict):
                raise InvalidReport(f"{report.name}: an entry of scanCompleted.findings is not an object")
            _fold(ctx, folder, item)
        if not seen:
            doc = load_json(report)
            if not isinstance(as_dict(doc).get("scanCompleted"), dict):
                raise InvalidReport(f"{report.name}: no scanCompleted object: not a StackHawk scan export")
        for finding in folder.findings():
            statuses = set(finding.details["statuses"])
            if statuses and statuses <= set(_TRIAGED):
                finding.tags = [Tag(_TRIAGED[s]) for s in sorted(statuses)]
            yield finding


def _fold(ctx: ParseContext, folder: WebFolder, item: dict[str, Any]) -> None:
    host = text(item.get("host"))
    asset = web_asset(ctx, "stackhawk", host or None)
    name = text(item.get("pluginName")) or f"StackHawk plugin {text(item.get('pluginId'))}"
    paths = [p for p in item.get("paths") or [] if isinstance(p, dict)]
    category = text(item.get("category"))
    finding = Finding(
        asset=asset,
        name=name,
        severity=label(item.get("severity"), Severity.INFO),
        description=f"{name}{f' ({category})' if category else ''} was found on {len(paths)} path(s) of {host}.",
        remedy=f"See the finding in StackHawk: {text(item.get('findingURL'))}" if item.get("findingURL") else "",
        location=join_url(host, text(paths[0].get("path"))) if paths else host or None,
        details={"pluginId": text(item.get("pluginId")), "category": category, "statuses": []},
    )
    found = folder.add(finding, None, text(item.get("pluginId")) or name)
    urls: list[str] = found.details["urls"]
    statuses: list[str] = found.details["statuses"]
    for p in paths:
        shown = f"{text(p.get('method'))} {join_url(host, text(p.get('path')))}".strip()
        if shown and shown not in urls and len(urls) < 100:
            urls.append(shown)
        status = text(p.get("status")).upper()
        if status and status not in statuses:
            statuses.append(status)
