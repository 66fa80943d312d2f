"""Reading Sysdig Secure vulnerability rows, shared by sysdig_reports (the Vulnerability Reports export of Sysdig
Secure: CSV and JSON) and sysdig_cli (sysdig-cli-scanner CSV/JSON). The exports have changed column names across
Sysdig releases ("Vulnerability ID" / "Vulnerability Name" / "CVE ID", "Severity" / "Vulnerability Severity" /
"CVE Severity", ...); each spelling maps onto one canonical field here.
"""

from __future__ import annotations

from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..severity import known, label
from ._cvss import base_score
from ._sca_common import container_attributes, cvss_score, parse_datetime, remedy, split_versions, text, unique

#: canonical field -> the column names (lower case) and JSON keys Sysdig has used for it.
FIELDS: dict[str, tuple[str, ...]] = {
    "vuln": ("vulnerability id", "vulnerability name", "cve id", "vulnname", "vulnerability"),
    "severity": ("severity", "vulnerability severity", "cve severity", "vulnseverity"),
    "package": ("package name", "packagename"),
    "version": ("package version", "packageversion"),
    "type": ("package type", "packagetype"),
    "path": ("package path", "packagepath"),
    "image": ("image", "image name", "imagepullstring", "image pull string"),
    "image_id": ("image id", "imageid"),
    "os": ("os name", "osname"),
    "cvss_version": ("cvss version", "cvss score version", "vulncvssversion"),
    "cvss_score": ("cvss score", "vulncvssscore"),
    "cvss_vector": ("cvss vector", "vulncvssvector"),
    "link": ("vuln link", "cve url", "vulnlink"),
    "published": ("vuln publish date", "disclosure date", "vuln disclosure date", "vulndisclosuredate"),
    "fix_date": ("vuln fix date", "fix available date", "vulnsolutiondate"),
    "fix": ("fix version", "vulnfixversion"),
    "suggested_fix": ("package suggested fix", "packagesuggestedfix"),
    "exploit": ("public exploit", "vulnexploitable"),
    "risk_accepted": ("risk accepted", "riskaccepted"),
    "in_use": ("in use", "package in use", "packageinuse"),
    "cluster": ("k8s cluster name", "kubernetes cluster name", "k8sclustername"),
    "namespace": ("k8s namespace name", "kubernetes namespace name", "k8snamespacename"),
    "workload_type": ("k8s workload type", "kubernetes workload type", "k8sworkloadtype"),
    "workload": ("k8s workload name", "kubernetes workload name", "k8sworkloadname"),
    "container": ("k8s container name", "kubernetes container name", "k8spodcontainername"),
    "registry": ("registry name",),
    "epss": ("epss score",),
    "kev": ("cisa kev publish date",),
}
#: Sysdig's own severity words beyond the common ones ("Other": unrated by the feed).
_SYSDIG_WORDS = {"other": Severity.INFO}
_LOOKUP = {alias: field for field, aliases in FIELDS.items() for alias in aliases}


def canonical(row: dict[str, Any]) -> dict[str, str]:
    """A row (CSV columns or JSON keys, any case) as canonical fields; the first spelling present wins."""
    out: dict[str, str] = {}
    for key, value in row.items():
        field = _LOOKUP.get(str(key).strip().lower())
        if field and field not in out and value not in (None, ""):
            out[field] = text(value)
    return out


def row_finding(ctx: ParseContext, row: dict[str, str], where: str, origin: str) -> Finding:
    vid = row.get("vuln", "")
    severity_word = row.get("severity", "")
    if not vid:
        raise InvalidReport(f"{where}: no vulnerability id")
    if severity_word and not (known(severity_word) or severity_word.lower() in _SYSDIG_WORDS):
        # the column exports without an id column shift every value one place left
        raise InvalidReport(f"{where}: severity {severity_word!r} is not a severity word; are the columns shifted?")
    pkg, version = row.get("package", ""), row.get("version", "")
    fixed = split_versions(row.get("fix"))
    score = cvss_score(row.get("cvss_score")) or base_score(row.get("cvss_vector"))
    tags: list[Tag] = []
    if row.get("risk_accepted", "").lower() == "true":
        tags.append(Tag("risk-accepted", "status"))
    if row.get("exploit", "").lower() == "true":
        tags.append(Tag("public", "exploit"))
    if row.get("in_use", "").lower() == "true":
        tags.append(Tag("in-use", "package"))
    suggested = row.get("suggested_fix", "")
    fix_text = remedy(pkg, version, fixed)
    if suggested and suggested not in fixed:
        fix_text += f" (suggested: {suggested})"
    link = row.get("link", "")
    return Finding(
        asset=_asset(ctx, row, origin),
        name=f"{vid} in {pkg}" if pkg else vid,
        severity=_SYSDIG_WORDS.get(severity_word.lower()) or label(severity_word, Severity.MEDIUM),
        description=f"{vid} affects {pkg} {version}".strip() + (f" ({row['path']})." if row.get("path") else "."),
        remedy=fix_text + (f"\n{link}" if link else ""),
        score=score,
        reference_ids=unique([vid]),
        location=row.get("path") or (f"{pkg}@{version}" if pkg else None),
        package=Package(pkg, version or None, fixed, None, row.get("type") or None) if pkg else None,
        published=parse_datetime(row.get("published")),
        details={
            k: row[f]
            for k, f in (
                ("packageType", "type"),
                ("os", "os"),
                ("cvssVector", "cvss_vector"),
                ("cvssVersion", "cvss_version"),
                ("fixDate", "fix_date"),
                ("epss", "epss"),
                ("cisaKevPublished", "kev"),
                ("cluster", "cluster"),
                ("namespace", "namespace"),
                ("workload", "workload"),
                ("workloadType", "workload_type"),
                ("container", "container"),
                ("link", "link"),
            )
            if row.get(f)
        },
        tags=tags,
    )


def _asset(ctx: ParseContext, row: dict[str, str], origin: str) -> Asset:
    image = row.get("image", "")
    digest = row.get("image_id") or None
    attrs = container_attributes(image or digest or f"{origin}-unknown-image", digest, origin)
    return ctx.asset(AssetType.CONTAINER, attrs, placeholder=not (image or digest))


def has_columns(columns: set[str], *fields: str) -> bool:
    """True when the header names every canonical field in `fields` (in any of its spellings)."""
    return all(any(alias in columns for alias in FIELDS[f]) for f in fields)
