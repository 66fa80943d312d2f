"""Open-port findings of the port scanners (naabu, masscan): one informational finding per host, port and
protocol, on the INFRA asset of the host, named and located like the nmap format's ("Open port 443/tcp")."""

from __future__ import annotations

from typing import Any

from ..context import ParseContext
from ..model import Finding, Severity, Tag
from ._scan_common import infra_asset


class OpenPorts:
    """Findings of distinct (host, port, protocol): port scanners report a port again on every probe or banner."""

    def __init__(self, ctx: ParseContext, origin: str) -> None:
        self._ctx = ctx
        self._origin = origin
        self._seen: set[tuple[str, str, str]] = set()

    def add(
        self,
        *,
        ip: str | None,
        hostname: str | None,
        port: Any,
        protocol: str = "tcp",
        service: str = "",
        details: dict[str, Any] | None = None,
    ) -> Finding | None:
        """The finding of a newly seen open port, or None (counted as skipped) for one already reported."""
        proto = (protocol or "tcp").lower()
        key = (ip or hostname or "", str(port), proto)
        asset = infra_asset(self._ctx, self._origin, ip=ip or None, hostname=hostname or None)
        if key in self._seen:
            self._ctx.skip("port reported again")
            return None
        self._seen.add(key)
        where = f"{port}/{proto}"
        host = hostname or ip or "the host"
        return Finding(
            asset=asset,
            name=f"Open port {where}" + (f": {service}" if service else ""),
            severity=Severity.INFO,
            description=f"{self._origin} found port {where} open on {host}" + (f" ({service})." if service else "."),
            remedy="Close the port or restrict access to it if the service does not need to be reachable.",
            location=where,
            details={
                k: v for k, v in {"port": port, "protocol": proto, **(details or {})}.items() if v not in (None, "")
            },
            tags=[Tag(service, "service")] if service else [],
        )
