"""Sonatype OSS Index component reports as its clients write them (nancy, auditjs, DevAudit): a component
coordinate (a purl) with `vulnerabilities` of {id, title, description, cvssScore, cvssVector, cve, cwe, reference,
externalReferences}. The clients spell the keys differently (nancy: "ID"/"Id", "CvssScore"; auditjs: camel case),
so the vulnerability is read with case-insensitive keys."""

from __future__ import annotations

import re
from typing import Any

from ..model import Asset, Finding, Package, Severity
from ..severity import from_cvss
from ._cvss import base_score
from ._purl import purl_parts
from ._sca_common import cves_in, cvss_score, cwe_id, text, unique
from ._scan_common import cwes_in

_SPACES = re.compile(r"\s+")


def folded(record: dict[str, Any]) -> dict[str, Any]:
    """The record with lower-case keys (the first spelling of a key wins)."""
    out: dict[str, Any] = {}
    for k, v in record.items():
        out.setdefault(str(k).lower(), v)
    return out


def coordinate_package(coordinates: str) -> Package:
    """A Package for an OSS Index coordinate: "pkg:npm/%40next/env@12.2.2" -> @next/env 12.2.2 (npm)."""
    parts = purl_parts(coordinates)
    if parts is None:
        name, _, version = coordinates.rpartition("@") if "@" in coordinates[1:] else (coordinates, "", "")
        return Package(name or coordinates, version or None, [], None, None)
    return Package(parts[1], parts[2] or None, [], coordinates.split("?", 1)[0], parts[0])


def ossindex_finding(asset: Asset, package: Package, vuln: dict[str, Any], location: str | None = None) -> Finding:
    v = folded(vuln)
    vid = text(v.get("id"))
    title = _SPACES.sub(" ", text(v.get("title"))) or vid or "OSS Index vulnerability"
    score = cvss_score(v.get("cvssscore"))
    vector = text(v.get("cvssvector"))
    if score is None:
        score = base_score(vector)
    severity = from_cvss(score) if score is not None else Severity.MEDIUM
    cves = unique([*cves_in(text(v.get("cve"))), *cves_in(title)])
    coordinate = f"{package.name}@{package.version}" if package.version else package.name
    reference = text(v.get("reference"))
    refs_out = [text(r) for r in v.get("externalreferences") or [] if text(r)]
    return Finding(
        asset=asset,
        name=f"{title} in {package.name}"[:255],
        severity=severity,
        description=text(v.get("description")) or title,
        remedy=f"Upgrade {package.name} from {package.version or 'this version'} to a version that is not affected"
        + (f" (see {reference})." if reference else "."),
        score=score,
        reference_ids=unique([*cves, vid]),
        cwes=unique([cwe_id(v.get("cwe")), *cwes_in(title)]),
        location=location or coordinate,
        package=package,
        details={
            k: val
            for k, val in {
                "ossIndexId": vid,
                "cvssVector": vector,
                "reference": reference,
                "references": refs_out[:20],
            }.items()
            if val
        },
    )
