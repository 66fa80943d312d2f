"""masscan JSON output (`-oJ`, masscan 1.0-1.3): a list of {ip, timestamp, ports: [{port, proto, status,
reason, ttl} | {port, proto, service: {name, banner}}]}; masscan 1.0.x also appends {"finished": 1}.

One informational finding per host, port and protocol with status open (later banner records of the same
port are repeats); closed ports and repeats are counted as skipped. INFRA asset per IP (see _open_ports).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._open_ports import OpenPorts
from ._sca_common import text
from ._web_fold import as_dict


@register
class Masscan(ReportFormat):
    id = "masscan"
    scan_types = ("Masscan Scan",)
    aliases = ("masscan",)
    default_asset_type = AssetType.INFRA
    recognises = 'masscan -oJ list: [{"ip": ..., "ports": [{"port", "proto", "status"}]}]'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.ip", "item.ports.item.port", "item.ports.item.proto"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() not in (b"[", b""):
            raise InvalidReport(f"{report.name}: not a JSON list: not a masscan -oJ report")
        ports = OpenPorts(ctx, "masscan")
        for item in iter_json(report, "item"):
            if not isinstance(item, dict):
                raise InvalidReport(f"{report.name}: an entry of the list is not an object")
            if "finished" in item and "ip" not in item:
                continue
            ip = text(item.get("ip"))
            if not ip or not isinstance(item.get("ports"), list):
                raise InvalidReport(f"{report.name}: an entry without ip and ports: not a masscan report")
            for port in item["ports"]:
                port = as_dict(port)
                status = text(port.get("status")).lower()
                if status and status != "open":
                    ctx.skip(f"port {status}")
                    continue
                service = as_dict(port.get("service"))
                found = ports.add(
                    ip=ip,
                    hostname=None,
                    port=port.get("port"),
                    protocol=text(port.get("proto")) or "tcp",
                    details={
                        "reason": text(port.get("reason")),
                        "ttl": port.get("ttl"),
                        "service": text(service.get("name")),
                    },
                )
                if found is not None:
                    yield found
