"""Findings of content-discovery tools (ffuf, dirsearch, gobuster, wfuzz): each path the brute force found on a
site is one finding, informational (the tool found it exists, not that it is vulnerable), on the WEB asset of
the site, located at the URL, named after the path so that the same path found again is the same finding."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..context import ParseContext
from ..model import Finding, Severity
from ._scan_common import web_asset


def path_of(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.netloc:
        return url if url.startswith("/") else f"/{url}"  # gobuster writes bare words ("admin") without -e
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def discovered(
    ctx: ParseContext,
    origin: str,
    url: str,
    *,
    status: object = None,
    size: object = None,
    redirect: str = "",
    content_type: str = "",
    site: str | None = None,
) -> Finding:
    path = path_of(url)
    facts = [f"HTTP {status}" if status not in (None, "") else "", f"{size} bytes" if size not in (None, "") else ""]
    if redirect:
        facts.append(f"redirects to {redirect}")
    if content_type:
        facts.append(content_type)
    summary = ", ".join(f for f in facts if f)
    return Finding(
        asset=web_asset(ctx, origin, site or (url if "://" in url else None)),
        name=f"Discovered path {path}"[:255],
        severity=Severity.INFO,
        description=f"{origin} found {url}" + (f" ({summary})." if summary else "."),
        remedy="Check that the resource is meant to be public; remove it or restrict access otherwise.",
        location=url or None,
        details={
            k: v
            for k, v in {"status": status, "size": size, "redirect": redirect, "contentType": content_type}.items()
            if v not in (None, "")
        },
    )
