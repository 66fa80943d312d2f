"""Helpers shared by the container / dependency scanner formats (Trivy, Grype, Xray, Black Duck, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

_OS_SUFFIX = re.compile(r"\s+\([^()]*\)$")
_CVE = re.compile(r"\bCVE-\d{4}-\d{4,}\b", re.I)
_CWE_NUM = re.compile(r"(?:CWE)?[-_: ]?(\d+)$", re.I)
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")
_VERSION_SEPARATORS = re.compile(r"[,\s]+")


def split_image(ref: str) -> tuple[str | None, str, str | None, str | None]:
    """Split an image reference into (registry, repository, tag, digest).

    "gcr.io/proj/app:1.2@sha256:ab" -> ("gcr.io", "gcr.io/proj/app", "1.2", "sha256:ab").
    """
    ref = ref.strip()
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref, tag = ref.rsplit(":", 1)
    first = ref.split("/", 1)[0]
    registry = first if "/" in ref and ("." in first or ":" in first or first == "localhost") else None
    return registry, ref, tag, digest


def strip_os_suffix(target: str) -> str:
    """Trivy targets of OS packages read "image:tag (debian 10.4)"; the image is the part before the bracket."""
    return _OS_SUFFIX.sub("", target).strip()


def ecr_container_attributes(
    account: str, *, registry: str, region: str, repository: str, tags: list[str], digest: str, origin: str
) -> dict[str, str | None]:
    """CONTAINER attributes of an Amazon ECR image as AWS services describe it (registry id, region, repository,
    tags), addressed the way `docker pull` would: <registry>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>."""
    registry = registry or account
    host = f"{registry}.dkr.ecr.{region}.amazonaws.com" if region else registry
    image = f"{host}/{repository}" + (f":{tags[0]}" if tags else "")
    attrs = container_attributes(image, digest or None, origin)
    attrs["providerAccountId"] = account
    return attrs


def looks_like_image_target(target: str) -> bool:
    return bool(_OS_SUFFIX.search(target))


def container_attributes(image: str, digest: str | None = None, origin: str | None = None) -> dict[str, str | None]:
    """Phoenix CONTAINER attributes for an image reference.

    `dockerfile` is required by Phoenix but reports never name the Dockerfile; the image reference is the
    stable identity they do carry, so it stands in for it.
    """
    registry, repository, _tag, ref_digest = split_image(image)
    return {
        "dockerfile": image,
        "imageName": image,
        "repository": repository,
        "registry": registry,
        "imageDigest": digest or ref_digest,
        "origin": origin,
    }


def parse_datetime(value: Any) -> datetime | None:
    """ISO-8601-ish timestamps (with or without zone, fraction, 'Z', space separator) as aware UTC datetimes."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    text = text.replace("Z", "+00:00").replace(" ", "T", 1) if "T" not in text else text.replace("Z", "+00:00")
    # Python < 3.11 style limits: trim fractions longer than microseconds (Go writes nanoseconds).
    if "." in text:
        text = _LONG_FRACTION.sub(r"\1", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.strptime(text[:10], "%Y-%m-%d")
        except ValueError:
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def cvss_score(value: Any) -> float | None:
    """A CVSS base score as a float in 0.1-10.0, or None for missing / malformed values."""
    if value is None or isinstance(value, bool):
        return None
    if type(value) is float:
        score = value  # what float(str(value)) gives, without the round trip
    else:
        try:
            score = float(str(value).strip())
        except ValueError:
            return None
    if not 0.0 < score <= 10.0:
        return None
    return score


def remedy(package: str | None, version: str | None, fixed: Iterable[str]) -> str:
    fixes = [f for f in fixed if f]
    if not fixes:
        return "No fix available"
    if package and version:
        return f"Update {package} from {version} to {', '.join(fixes)}"
    if package:
        return f"Update {package} to {', '.join(fixes)}"
    return f"Update to {', '.join(fixes)}"


def split_versions(value: Any) -> list[str]:
    """Fixed versions as reports write them: a list, or one string separated by commas or spaces."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [str(v).strip() for v in value]
    else:
        items = [v.strip() for v in _VERSION_SEPARATORS.split(str(value))]
    out: list[str] = []
    for v in items:
        if v and v not in out:
            out.append(v)
    return out


def cves_in(text: str) -> list[str]:
    out: list[str] = []
    for m in _CVE.findall(text or ""):
        cve = m.upper()
        if cve not in out:
            out.append(cve)
    return out


def cwe_id(value: Any) -> str | None:
    """ "CWE-79", "79", 79 -> "CWE-79"; anything else -> None."""
    if value is None or isinstance(value, bool):
        return None
    m = _CWE_NUM.match(str(value).strip())
    return f"CWE-{int(m.group(1))}" if m else None


def unique(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v is None:
            continue
        s = str(v).strip()
        if s and s not in out:
            out.append(s)
    return out


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()
