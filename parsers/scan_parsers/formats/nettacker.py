"""OWASP Nettacker JSON report (`nettacker -i <targets> -m <modules> -o report.json`, 0.x and 0.4): an array of
the events the modules logged, [{scan_id | scan_unique_id, target, module_name, date, port, event, json_event}]
(`event` is the module's one-line summary, `json_event` the same as a JSON string).

One finding per event, named by its module and port. Nettacker's modules say what an event is: `*_scan` modules
gather information (port open, service or version seen: info), `*_vuln` modules confirm a vulnerability (high),
`*_brute` modules found working credentials (critical; the event text is not copied, the password is masked).
Asset: INFRA, the target host, located at port/tcp. An empty file is a scan that logged nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._scan_common import host_of, infra_asset
from ._static_common import drop_empty, mask_secret

_PASSWORD = re.compile(r"(password\W*\s*)(\S+)", re.I)


@register
class Nettacker(ReportFormat):
    id = "nettacker"
    scan_types = ("Nettacker Scan",)
    aliases = ("nettacker", "owasp-nettacker")
    default_asset_type = AssetType.INFRA
    recognises = "OWASP Nettacker JSON: [{scan_id, target, module_name, date, port, event, json_event}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.target", "item.module_name", "item.event") and sniff.has_any_path(
            "item.scan_id", "item.scan_unique_id", "item.json_event"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if not report.read_head(64).strip():
            return  # Nettacker leaves the file empty when no module logged an event
        count = 0
        for item in iter_json(report, "item"):
            count += 1
            if not isinstance(item, dict) or "module_name" not in item or "target" not in item:
                raise InvalidReport(f"{report.name}: an event without module_name and target: not a Nettacker report")
            yield _finding(ctx, item)
        if not count and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of Nettacker events")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    module = text(item.get("module_name"))
    target = text(item.get("target"))
    port = text(item.get("port"))
    event = text(item.get("event"))
    kind = module.rsplit("_", 1)[-1].lower()
    if kind == "brute":
        severity, description = Severity.CRITICAL, _masked(event)
    elif kind == "vuln":
        severity, description = Severity.HIGH, event
    else:
        severity, description = Severity.INFO, event
    return Finding(
        asset=infra_asset(ctx, "nettacker", hostname=host_of(target)[0] if target else None),
        name=f"{module} on port {port}" if port else module or "Nettacker event",
        severity=severity,
        description=description or module,
        remedy="Change the credentials and restrict access to the service." if kind == "brute" else "",
        location=f"{port}/tcp" if port else None,
        published=parse_datetime(item.get("date")),
        details=drop_empty(
            {"module": module, "scanId": text(item.get("scan_id") or item.get("scan_unique_id")), "target": target}
        ),
    )


def _masked(event: str) -> str:
    return _PASSWORD.sub(lambda m: m.group(1) + mask_secret(m.group(2)), event)
