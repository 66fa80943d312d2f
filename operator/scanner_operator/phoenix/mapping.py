"""scan_parsers' model -> the JSON of `POST /v1/import/assets` (phoenix-api.md §3).

Rules: required attributes of the asset type are always present (derived from the report when the parser had no
natural value, and then said so in a warning); severity is the documented string "1.0".."10.0"; reference ids
and CWEs are normalised and de-duplicated; empty arrays, empty strings, None and unknown dates are omitted;
name/description/remedy are never empty.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from scan_parsers import Asset, Finding, Tag

#: key in a finding's `details` that carries scan_parsers' stable fingerprint (lets Phoenix users and the fake
#: server recognise a finding across runs and count deliveries)
FINGERPRINT_KEY = "findingFingerprint"

NO_DESCRIPTION = "No description available"
NO_REMEDY = "No remedy available"

_CWE = re.compile(r"^\s*(?:cwe)?\s*[-_: ]?\s*(\d+)\s*$", re.I)
_CVE = re.compile(r"^cve-\d{4}-\d{4,}$", re.I)
_GHSA = re.compile(r"^ghsa(-[0-9a-z]{4}){3}$", re.I)
_SNAKE = re.compile(r"_([a-z0-9])")
_PROVIDERS = ("AWS", "AZURE", "GCP")

#: attribute names (after camelCase) a parser may use for a host or a name, in order of preference
_NAME_KEYS = ("name", "hostname", "fqdn", "host", "ip", "url", "target")

Warn = Callable[[str], None]


def severity_string(score: float) -> str:
    """Phoenix's import scale as the documented string form, clamped to [1.0, 10.0]."""
    if math.isnan(score):
        score = 5.0
    return f"{min(10.0, max(1.0, score)):.1f}"


def normalize_cwe(value: object) -> str | None:
    m = _CWE.match(str(value))
    return f"CWE-{int(m.group(1))}" if m else None


def normalize_references(refs: Iterable[str], cwes: Iterable[str]) -> tuple[list[str], list[str]]:
    """De-duplicated reference ids (CVE upper case, GHSA lower-case body) and CWE ids as "CWE-<n>".

    CWE ids found among the references move to the CWE list (the vendor normaliser does the same); values of the
    CWE list that are not CWE ids are dropped.
    """
    out_refs: list[str] = []
    out_cwes: list[str] = []
    for c in cwes:
        n = normalize_cwe(c)
        if n is not None and n not in out_cwes:
            out_cwes.append(n)
    for r in refs:
        r = str(r).strip()
        if not r:
            continue
        if r.lower().startswith("cwe"):
            n = normalize_cwe(r)
            if n is not None:
                if n not in out_cwes:
                    out_cwes.append(n)
                continue
        if _CVE.match(r):
            r = r.upper()
        elif _GHSA.match(r):
            r = "GHSA" + r[4:].lower()
        if r not in out_refs:
            out_refs.append(r)
    return out_refs, out_cwes


def camel(key: str) -> str:
    return _SNAKE.sub(lambda m: m.group(1).upper(), key)


def asset_attributes(asset: Asset, asset_type: str, fallback: str, warn: Warn) -> dict[str, str]:
    """The asset's attributes for `asset_type`, with the type's required attributes always present.

    `fallback` is a stable identity from the report (its target, else its file name), used only when the asset
    itself offers nothing suitable.
    """
    attrs = {camel(k): str(v).strip() for k, v in asset.attributes.items() if v is not None and str(v).strip()}

    def first(*keys: str) -> str | None:
        for k in keys:
            if attrs.get(k):
                return attrs[k]
        return None

    def derive(key: str, *candidates: str) -> None:
        value = first(*candidates)
        if value is None:
            value = fallback
            warn(f"{asset_type} assets without {' or '.join(candidates) or 'identity'}: {key} set to {fallback!r}")
        attrs[key] = value

    if asset_type == "INFRA":
        if not first("ip", "hostname", "fqdn"):
            derive("hostname", *_NAME_KEYS, "repository", "imageName")
    elif asset_type == "WEB":
        if not first("ip", "fqdn"):
            host = _host_of(first("url", "hostname", "host", "name", "target"))
            if host:
                attrs["fqdn"] = host
            else:
                derive("fqdn")
    elif asset_type == "CLOUD":
        provider = (attrs.get("providerType") or "").upper()
        if provider not in _PROVIDERS:
            guessed = _guess_provider(attrs)
            provider = guessed or "AWS"
            if guessed is None:
                warn("CLOUD assets without a provider type: providerType set to 'AWS'")
        attrs["providerType"] = provider
        if not attrs.get("providerAccountId"):
            derive(
                "providerAccountId", "accountId", "providerAccountName", "providerResourceId", "providerAssetId", "name"
            )
        if provider == "AZURE" and not attrs.get("region"):
            attrs["region"] = attrs.get("location", "") or "global"
            if attrs["region"] == "global":
                warn("AZURE assets without a region: region set to 'global'")
    elif asset_type == "CONTAINER":
        if not attrs.get("dockerfile"):
            # the image is the container's identity; "Dockerfile" alone would merge every image into one asset
            derive("dockerfile", "imageName", "repository", "baseImageName", "name", "target")
    elif asset_type == "REPOSITORY":
        if not attrs.get("repository"):
            derive("repository", "origin", "url", "name", "target", "buildFile", "scannerSource")
    elif asset_type == "BUILD":
        if not attrs.get("buildFile"):
            derive("buildFile", "file", "repository", "name", "target", "scannerSource")
    elif asset_type == "CODE" and not attrs.get("scannerSource"):
        derive("scannerSource", "file", "repository", "name", "target", "buildFile")
    return attrs


def _guess_provider(attrs: dict[str, str]) -> str | None:
    text = " ".join(attrs.values()).lower()
    if "arn:aws" in text or "aws" in text:
        return "AWS"
    if "azure" in text or "/subscriptions/" in text:
        return "AZURE"
    if "gcp" in text or "google" in text or "projects/" in text:
        return "GCP"
    return None


def _host_of(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip()
    if "://" in v:
        v = v.split("://", 1)[1]
    v = v.split("/", 1)[0].split("?", 1)[0]
    if v.startswith("[") and "]" in v:
        return v[1 : v.index("]")] or None
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v or None


def tag_payloads(tags: Iterable[Tag | tuple[str | None, str]]) -> list[dict[str, str]]:
    """Tags as Phoenix wants them: non-empty value, key only when there is one, no duplicates."""
    out: list[dict[str, str]] = []
    for t in tags:
        key, value = (t.key, t.value) if isinstance(t, Tag) else t
        value = str(value).strip() if value is not None else ""
        if not value:
            continue
        item = {"key": str(key), "value": value} if key else {"value": value}
        if item not in out:
            out.append(item)
    return out


def published(dt: datetime | None) -> str | None:
    """UTC "YYYY-mm-dd HH:MM:SS" (the vendor importer's form); None when unknown (never "")."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def finding_payload(
    f: Finding, asset_type: str, attrs: dict[str, str], scanner_tags: list[dict[str, str]]
) -> dict[str, Any]:
    name = f.name.strip() or (f.reference_ids[0] if f.reference_ids else "") or f.location or "Unnamed finding"
    out: dict[str, Any] = {
        "name": name,
        "description": f.description.strip() or NO_DESCRIPTION,
        "remedy": f.remedy.strip() or _remedy(f),
        "severity": severity_string(f.effective_score),
    }
    location = (f.location or "").strip()
    if not location and f.package is not None and f.package.name:
        location = f"{f.package.name}@{f.package.version}" if f.package.version else f.package.name
    if not location and asset_type == "CODE":
        location = attrs["scannerSource"]  # required for CODE findings
    if location:
        out["location"] = location
    refs, cwes = normalize_references(f.reference_ids, f.cwes)
    if refs:
        out["referenceIds"] = refs
    if cwes:
        out["cwes"] = cwes
    when = published(f.published)
    if when:
        out["publishedDateTime"] = when
    details = {k: v for k, v in f.details.items() if v is not None and v not in ("", [], {})}
    if f.fingerprint:
        details[FINGERPRINT_KEY] = f.fingerprint
    if details:
        out["details"] = details
    tags = tag_payloads([*f.tags, *((t.get("key"), t["value"]) for t in scanner_tags)])
    if tags:
        out["tags"] = tags
    if f.package is not None and f.package.name:
        pkg: dict[str, Any] = {"name": f.package.name}
        if f.package.version:
            pkg["version"] = f.package.version
        fixes = list(dict.fromkeys(v for v in f.package.fixed_versions if v))
        if fixes:
            pkg["fixVersions"] = fixes
        out["packages"] = [pkg]
    return out


def _remedy(f: Finding) -> str:
    p = f.package
    if p is not None and p.name:
        fixes = list(dict.fromkeys(v for v in p.fixed_versions if v))
        if fixes:
            return f"Update {p.name} from {p.version or 'the installed version'} to {', '.join(fixes)}"
        return "No fix available"
    return NO_REMEDY
