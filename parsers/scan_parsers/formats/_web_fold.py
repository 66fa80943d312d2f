"""Folding web-scanner issues into one finding per issue type and site.

Web scanners (GitLab DAST, Invicti, WebInspect, AppScan, Wapiti, ...) write one record per affected URL; a Phoenix
finding is one issue on one WEB asset, with the URLs it was seen on kept in `details["urls"]` (capped), as the
zap, burp and acunetix formats do. Only the folded findings are held in memory, not the records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Finding, fingerprint_of
from .burp import more_severe

#: Most URLs kept per folded finding: an issue type can fire on every page of a site.
MAX_URLS = 100


class WebFolder:
    """Collects findings keyed by (asset, key); the first finding of a key is kept, later ones add their URL and
    may raise its severity. The fingerprint is (format, asset, issue key): the location is the first URL seen,
    which can change from scan to scan while the issue stays the same."""

    def __init__(self, format_id: str) -> None:
        self._format_id = format_id
        self._found: dict[tuple[str, str], Finding] = {}

    def add(self, finding: Finding, url: str | None, key: str | None = None) -> Finding:
        ident = (finding.asset.key, key if key is not None else finding.name)
        known = self._found.get(ident)
        if known is None:
            finding.details["urls"] = [url] if url else []
            finding.details["occurrences"] = 1
            if finding.location is None and url:
                finding.location = url
            if not finding.fingerprint:
                finding.fingerprint = fingerprint_of([self._format_id, *ident])
            self._found[ident] = finding
            return finding
        known.severity = more_severe(known.severity, finding.severity)
        known.details["occurrences"] += 1
        urls = known.details["urls"]
        if url and url not in urls and len(urls) < MAX_URLS:
            urls.append(url)
        return known

    def __len__(self) -> int:
        return len(self._found)

    def findings(self) -> Iterator[Finding]:
        yield from self._found.values()


def join_url(base: str, path: str) -> str:
    """`path` against a site's base URL when it is a bare path ("/login"), else `path` (or the base) as written."""
    if path and path.startswith("/") and base:
        return base.rstrip("/") + path
    return path or base


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one (optional members may be null or of another type)."""
    return value if isinstance(value, dict) else {}
