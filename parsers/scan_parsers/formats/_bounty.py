"""Helpers shared by the bug-bounty and pentest platform formats (Bugcrowd, HackerOne, Cobalt, PTART, ...):
the asset a submission's target names, and the submission states that mean it is closed."""

from __future__ import annotations

import ipaddress
import re

from ..context import ParseContext
from ..model import Asset, Severity
from ._scan_common import host_of, infra_asset, is_ip, web_asset

#: A bare host name: dotted labels of letters, digits and hyphens (an optional "*." wildcard in front).
_HOST = re.compile(r"^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,62})\.)+[a-z][a-z0-9-]{0,62}\.?(:\d{1,5})?$", re.I)
#: Target kinds platforms name (Bugcrowd target categories, HackerOne asset types, PTART asset types) that are
#: web applications or APIs, and those that are hosts or networks.
WEB_KINDS = frozenset({"url", "website", "web", "api", "wildcard", "domain", "webapp", "web_application"})
INFRA_KINDS = frozenset({"ip", "ip_address", "cidr", "host", "network", "server", "iprange", "hardware", "iot"})
_CWE_LINK = re.compile(r"cwe\.mitre\.org/data/definitions/(\d+)", re.I)


def is_cidr(value: str) -> bool:
    if "/" not in value:
        return False
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return False
    return True


def is_host(value: str) -> bool:
    value = value.strip()
    return bool(value) and (is_ip(value) or bool(_HOST.match(value)))


def target_asset(ctx: ParseContext, origin: str, target: str | None, kind: str | None = None) -> Asset:
    """The asset of a submission's target: WEB for a URL (or a target the platform calls a web application, API,
    domain or wildcard), INFRA for an IP, a network range or a bare host name; a target that names neither (a
    mobile app, "Corporate website") is a per-platform WEB placeholder."""
    value = (target or "").strip()
    kind_key = (kind or "").strip().lower().replace(" ", "_").replace("-", "_")
    if not value:
        return web_asset(ctx, origin, None)
    if "://" in value:
        return web_asset(ctx, origin, value)
    if is_cidr(value):
        # a scope range has no single host: its network address stands for it
        return infra_asset(ctx, origin, ip=str(ipaddress.ip_network(value, strict=False).network_address))
    host = host_of(value)[0] if is_host(value) or "/" in value else ""
    if host and is_host(host):
        if kind_key in WEB_KINDS:
            return web_asset(ctx, origin, host.removeprefix("*."))
        return infra_asset(ctx, origin, hostname=host.removeprefix("*.").lower())
    return web_asset(ctx, origin, None)


def cwes_in_links(text: str) -> list[str]:
    """CWE ids from cwe.mitre.org links (platforms list references as links, not as "CWE-nnn")."""
    out: list[str] = []
    for m in _CWE_LINK.findall(text or ""):
        cwe = f"CWE-{int(m)}"
        if cwe not in out:
            out.append(cwe)
    return out


#: Bugcrowd priorities P1-P5 (the CSV export and the submissions API write the number).
_BUGCROWD_PRIORITIES = {
    "1": Severity.CRITICAL,
    "2": Severity.HIGH,
    "3": Severity.MEDIUM,
    "4": Severity.LOW,
    "5": Severity.INFO,
}
#: Bugcrowd submission states after which the platform no longer treats a submission as open.
BUGCROWD_CLOSED = frozenset(
    {
        "closed",
        "resolved",
        "duplicate",
        "not_applicable",
        "not_reproducible",
        "out_of_scope",
        "informational",
        "wont_fix",
    }
)


def bugcrowd_priority(value: object) -> Severity:
    key = "" if value is None else str(value).strip().upper().removeprefix("P")
    return _BUGCROWD_PRIORITIES.get(key, Severity.INFO)
