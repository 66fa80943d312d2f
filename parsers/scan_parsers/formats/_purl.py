"""Package URLs (purl, https://github.com/package-url/purl-spec) as SCA reports write them: pkg:type/ns/name@version."""

from __future__ import annotations

import re
from urllib.parse import unquote

_PURL = re.compile(r"^pkg:([A-Za-z][A-Za-z0-9.+-]*)/([^?#]+?)(?:@([^?#]+))?(?:[?#].*)?$")


def purl_parts(purl: str | None) -> tuple[str, str, str] | None:
    """(type, name with its namespace, version) of a purl; None when the text is not one.

    "pkg:npm/%40babel/core@7.1.0?x=y" -> ("npm", "@babel/core", "7.1.0")."""
    m = _PURL.match((purl or "").strip())
    if not m:
        return None
    return m.group(1).lower(), unquote(m.group(2)), unquote(m.group(3) or "")


def purl_type(purl: str | None) -> str | None:
    """The ecosystem a purl names ("npm", "maven", "pypi", ...), or None."""
    parts = purl_parts(purl)
    return parts[0] if parts else None
