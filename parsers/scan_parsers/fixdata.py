"""fix_data: repair what real reports get wrong in individual findings, and say so as warnings.

Container-level repairs (BOMs, stray encodings, CSV column drift, truncated trailing records) happen in
`readers`; this module repairs field values once a finding is built.
"""

from __future__ import annotations

import re

from .context import ParseContext
from .model import Finding

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CWE = re.compile(r"^(?:cwe)?[-_: ]?(\d+)$", re.I)
_CACHE_SIZE = 4096


def normalize_cwe(value: object) -> str | None:
    m = _CWE.match(str(value).strip())
    return f"CWE-{int(m.group(1))}" if m else None


class FindingFixer:
    def __init__(self, ctx: ParseContext) -> None:
        self._ctx = ctx
        self._seen: set[str] = set()
        # Findings of one rule or plugin repeat their name, remedy and CWE list: repair each value once.
        self._clean_cache: dict[tuple[str, str], str] = {}
        self._cwe_cache: dict[tuple[str, ...], list[str]] = {}

    def _warn_once(self, code: str, message: str) -> None:
        if code not in self._seen:
            self._seen.add(code)
            self._ctx.warn(code, message)

    def _cached_clean(self, text: str, field: str) -> str:
        key = (text, field)
        out = self._clean_cache.get(key)
        if out is None:
            if len(self._clean_cache) >= _CACHE_SIZE:
                self._clean_cache.clear()
            out = self._clean_cache[key] = self._clean(text, field)
        return out

    def _clean(self, text: str, field: str) -> str:
        if _CONTROL.search(text):
            self._warn_once(f"control-characters-{field}", f"removed control characters from finding {field}s")
            text = _CONTROL.sub("", text)
        if "\ufffd" in text:
            self._warn_once("undecodable-bytes", "replaced bytes that were not valid UTF-8")
        return text.strip()

    def __call__(self, f: Finding) -> Finding:
        f.name = self._cached_clean(f.name, "name")
        f.description = self._clean(f.description, "description")
        f.remedy = self._cached_clean(f.remedy, "remedy")
        if f.score is not None and not 1.0 <= f.score <= 10.0:
            self._warn_once("score-out-of-range", "severity scores outside 1.0-10.0 were clamped")
            f.score = min(10.0, max(1.0, f.score))
        if f.cwes:
            key = tuple(map(str, f.cwes))
            known = self._cwe_cache.get(key)
            if known is None:
                if len(self._cwe_cache) >= _CACHE_SIZE:
                    self._cwe_cache.clear()
                known = self._cwe_cache[key] = self._fixed_cwes(key)
            f.cwes = list(known)
        if f.reference_ids:
            refs = []
            for r in f.reference_ids:
                r = str(r).strip()
                if not r:
                    continue
                n = normalize_cwe(r) if r.lower().startswith("cwe") else None
                if n is not None:
                    if n not in f.cwes:
                        f.cwes.append(n)
                elif (upper := r.upper()).startswith(("CVE-", "GHSA-")):
                    r = upper if upper.startswith("CVE-") else "GHSA-" + r[5:].lower()
                    if r not in refs:
                        refs.append(r)
                elif r not in refs:
                    refs.append(r)
            f.reference_ids = refs
        if not f.name:
            f.name = f.reference_ids[0] if f.reference_ids else (f.location or "Unnamed finding")
            self._warn_once("empty-name", "findings without a name were named after their reference id or location")
        return f

    def _fixed_cwes(self, cwes: tuple[str, ...]) -> list[str]:
        fixed: list[str] = []
        for c in cwes:
            n = normalize_cwe(c)
            if n is None:
                self._warn_once("bad-cwe", f"dropped CWE values that are not CWE ids (e.g. {c[:40]!r})")
            elif n not in fixed:
                fixed.append(n)
        return fixed
