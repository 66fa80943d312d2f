"""Helpers shared by the host, web and cloud scanner formats (Nessus, Qualys, Nexpose, ZAP, Burp, Prowler, ...)."""

from __future__ import annotations

import html
import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from ..context import ParseContext
from ..model import Asset, AssetType, Severity

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|p|/li|li|/div|/tr)\b[^>]*>", re.I)
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_CWE_IN_TEXT = re.compile(r"\bCWE[-_: ]?(\d+)\b", re.I)

#: Numeric 0-4 / 1-5 scales written by several scanners, as (scale, value) -> label.
NESSUS_SEVERITY = {
    "0": Severity.INFO,
    "1": Severity.LOW,
    "2": Severity.MEDIUM,
    "3": Severity.HIGH,
    "4": Severity.CRITICAL,
}


def strip_html(value: Any) -> str:
    """Plain text from the HTML fragments scanners embed in descriptions (line breaks kept, tags dropped)."""
    if value is None:
        return ""
    text = _BREAK.sub("\n", str(value))
    text = html.unescape(_TAG.sub("", text)).replace("\r\n", "\n").replace("\xa0", " ")
    return _BLANK_LINES.sub("\n\n", text).strip()


def child_text(el: Any, tag: str) -> str:
    """Stripped text of the first child element named `tag` (use "{*}tag" in namespaced documents), or ""."""
    child = el.find(tag)
    if child is None:
        return ""
    return "".join(child.itertext()).strip()


def child_map(el: Any) -> dict[str, list[str]]:
    """Texts of all child elements by local name, in one pass (cheaper than many `find` calls)."""
    out: dict[str, list[str]] = {}
    for c in el:
        if isinstance(c.tag, str):
            text = "".join(c.itertext()).strip() if len(c) else (c.text or "").strip()
            if text:
                out.setdefault(c.tag.rsplit("}", 1)[-1], []).append(text)
    return out


def children_text(el: Any, tag: str) -> list[str]:
    return [t for t in ("".join(c.itertext()).strip() for c in el.findall(tag)) if t]


def is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return False
    return True


def host_of(url_or_host: str) -> tuple[str, int | None]:
    """The host name (or IP) and explicit port of a URL or of a bare "host[:port]"."""
    value = url_or_host.strip()
    if "://" not in value:
        value = "//" + value
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return url_or_host.strip(), None
    return (parts.hostname or url_or_host.strip()), port


def infra_asset(
    ctx: ParseContext,
    origin: str,
    *,
    ip: str | None = None,
    hostname: str | None = None,
    fqdn: str | None = None,
    os: str | None = None,
    netbios: str | None = None,
    mac: str | None = None,
) -> Asset:
    """An INFRA asset. A host name that is really an IP moves to `ip`; with no identity at all the asset is a
    placeholder named after the scanner so the findings still land somewhere stable."""
    if hostname and not ip and is_ip(hostname):
        ip, hostname = hostname, None
    if fqdn and not hostname:
        hostname = fqdn
    placeholder = not (ip or hostname or fqdn)
    return ctx.asset(
        AssetType.INFRA,
        {
            "ip": ip,
            "hostname": hostname if not placeholder else f"{origin}-unknown-host",
            "fqdn": fqdn,
            "os": os,
            "netbios": netbios,
            "macAddress": mac,
        },
        placeholder=placeholder,
    )


def web_asset(ctx: ParseContext, origin: str, url_or_host: str | None) -> Asset:
    """A WEB asset for the host of a URL: `ip` when the host is an address, else `fqdn`."""
    host = host_of(url_or_host)[0] if url_or_host else ""
    if not host:
        return ctx.asset(AssetType.WEB, {"fqdn": f"{origin}-unknown-site"}, placeholder=True)
    return ctx.asset(AssetType.WEB, {"ip": host} if is_ip(host) else {"fqdn": host.lower()})


def cwes_in(text: str) -> list[str]:
    out: list[str] = []
    for m in _CWE_IN_TEXT.findall(text or ""):
        cwe = f"CWE-{int(m)}"
        if cwe not in out:
            out.append(cwe)
    return out


def float_or_none(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        score = float(str(value).strip())
    except ValueError:
        return None
    return score if 0.0 < score <= 10.0 else None


def join_nonempty(*parts: str, sep: str = "\n\n") -> str:
    return sep.join(p for p in parts if p)
