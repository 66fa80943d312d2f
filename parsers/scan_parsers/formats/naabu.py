"""naabu (ProjectDiscovery port scanner) JSON Lines output (`-json` / `-j`, naabu 2.x): one line per open port,
{ip, host?, port, protocol, tls, timestamp}; older releases wrote {host, ip, port}.

One informational finding per host, port and protocol (naabu repeats ports across probes and retries; the
repeats are counted as skipped), on the INFRA asset of the IP and host name (see _open_ports).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json_lines
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._open_ports import OpenPorts
from ._sca_common import text

_NAABU_KEYS = frozenset({"ip", "host", "port", "protocol", "tls", "timestamp", "cdn", "cdn-name"})


@register
class Naabu(ReportFormat):
    id = "naabu"
    scan_types = ("Naabu Scan",)
    aliases = ("naabu",)
    default_asset_type = AssetType.INFRA
    recognises = 'naabu JSON Lines: {"ip": ..., "port": N, "protocol": "tcp", "tls": false} per line'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("jsonl", "json") or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        # naabu's result members; a newer naabu may add a member or two (other tools' port records have many more)
        if {"ip", "port"} <= keys and len(keys - _NAABU_KEYS) <= 2:
            return 0.8 if "protocol" in keys or "tls" in keys else 0.55
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ports = OpenPorts(ctx, "naabu")
        for n, item in enumerate(iter_json_lines(report), 1):
            if not isinstance(item, dict) or "port" not in item or not (item.get("ip") or item.get("host")):
                raise InvalidReport(f"{report.name}: line {n} is not a naabu result ({{ip, port}})")
            found = ports.add(
                ip=text(item.get("ip")),
                hostname=text(item.get("host")) if text(item.get("host")) != text(item.get("ip")) else None,
                port=item.get("port"),
                protocol=text(item.get("protocol")) or "tcp",
                details={"tls": item.get("tls") or None},
            )
            if found is not None:
                yield found
