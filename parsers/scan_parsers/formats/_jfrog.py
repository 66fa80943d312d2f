"""Helpers shared by the JFrog Xray formats: component ids, fixed versions, CVE records, artifact assets."""

from __future__ import annotations

from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Severity
from ..severity import label
from ._sca_common import container_attributes, cvss_score, cwe_id, text, unique

#: Package types whose component ids put the distribution first: "rpm://7:openssl:1:1.0.2k" (release, name,
#: epoch, version), "deb://debian:stretch:libx11:2:1.6.4-3", "alpine://3.18:libssl3:3.1.1-r1".
_DISTRO_TYPES = frozenset(("rpm", "deb", "debian", "alpine", "ubuntu", "centos", "rhel", "apk"))


def split_component(component_id: str) -> tuple[str, str, str]:
    """ "npm://ip:2.0.0" -> ("npm", "ip", "2.0.0"); "gav://org.yaml:snakeyaml:1.16" -> ("gav", "org.yaml:snakeyaml",
    "1.16"); distro packages drop the release and epoch."""
    scheme, _, rest = component_id.partition("://")
    if not rest:
        scheme, rest = "", component_id
    parts = rest.split(":")
    if len(parts) < 2:
        return scheme, rest, ""
    version, names = parts[-1], parts[:-1]
    if scheme in _DISTRO_TYPES:
        if len(names) >= 2 and names[-1].isdigit():
            names = names[:-1]  # rpm/deb epoch
        return scheme, names[-1], version
    return scheme, ":".join(names), version


def fixed_versions(values: Any) -> list[str]:
    """Xray writes fixed versions as ranges: "[3.1.1-r2]", "[1.2.3,)"; keep the version."""
    out: list[str] = []
    for v in values or []:
        s = text(v).strip("[]() ").split(",")[0].strip()
        if s and s not in out:
            out.append(s)
    return out


def severity(value: Any) -> Severity:
    return label(value, Severity.INFO)


def cve_facts(cves: Any) -> tuple[list[str], list[str], float | None]:
    """(CVE ids, CWE ids, best CVSS score) from Xray's cves list; scores may be numbers, "7.2" or "7.2/CVSS:3.1/..."."""
    ids: list[str] = []
    cwes: list[str] = []
    v3: float | None = None
    v2: float | None = None
    for c in cves or []:
        if not isinstance(c, dict):
            continue
        ids.append(text(c.get("cve")))
        raw_cwes = c.get("cwe") or []
        cwes.extend(x for x in (cwe_id(w) for w in (raw_cwes if isinstance(raw_cwes, list) else [raw_cwes])) if x)
        for key in ("cvss_v3_score", "cvss_v3"):
            score = cvss_score(text(c.get(key)).split("/")[0])
            v3 = max(v3 or 0.0, score) if score is not None else v3
        for key in ("cvss_v2_score", "cvss_v2"):
            score = cvss_score(text(c.get(key)).split("/")[0])
            v2 = max(v2 or 0.0, score) if score is not None else v2
    return unique(ids), unique(cwes), v3 if v3 is not None else v2


def artifact_asset(ctx: ParseContext, artifact_id: str, path: str = "", digest: str | None = None) -> Asset:
    """Docker artifacts are CONTAINER assets; anything else (builds, packages, jars) is a BUILD asset."""
    scheme, _, rest = artifact_id.partition("://")
    if scheme == "docker" and rest:
        return ctx.asset(AssetType.CONTAINER, container_attributes(rest, digest, "jfrog-xray"))
    build_file = artifact_id or path
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": build_file or "jfrog-xray-artifact", "repository": path or None, "origin": "jfrog-xray"},
        placeholder=not build_file,
    )
