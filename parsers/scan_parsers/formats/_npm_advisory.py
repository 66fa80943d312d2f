"""npm registry advisories (the `advisories` objects of `npm audit` v6 and `yarn audit`) as findings."""

from __future__ import annotations

import re
from typing import Any

from ..model import Asset, Finding, Package
from ..severity import label
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique

_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")


def cwes_of(value: Any) -> list[str]:
    """npm writes `cwe` as null, "CWE-79" or a list of those."""
    items = value if isinstance(value, list) else [value]
    return unique(cwe_id(c) for c in items)


def advisory_finding(asset: Asset, adv: dict[str, Any]) -> Finding:
    module = text(adv.get("module_name"))
    versions = unique(f.get("version") for f in adv.get("findings") or [] if isinstance(f, dict))
    paths = unique(p for f in adv.get("findings") or [] if isinstance(f, dict) for p in f.get("paths") or [])
    patched = text(adv.get("patched_versions"))
    title = text(adv.get("title")) or f"Vulnerability in {module}"
    url = text(adv.get("url"))
    ghsa = text(adv.get("github_advisory_id")) or next(iter(_GHSA.findall(url)), "")
    version = ", ".join(versions)
    fixed = [patched] if patched and patched not in ("<0.0.0", "") else []
    recommendation = text(adv.get("recommendation"))
    if fixed and version:
        fix_text = f"Update {module} from {version} to {patched}"
    elif fixed:
        fix_text = f"Update {module} to {patched}"
    else:
        fix_text = "No fix available"
    cvss = adv.get("cvss") if isinstance(adv.get("cvss"), dict) else {}
    return Finding(
        asset=asset,
        name=f"{module}: {title}" if module else title,
        severity=label(adv.get("severity")),
        description=text(adv.get("overview")) or title,
        remedy=f"{fix_text}. {recommendation}" if recommendation and fixed else recommendation or fix_text,
        score=cvss_score(cvss.get("score")) if cvss else None,
        reference_ids=unique([*(adv.get("cves") or []), ghsa or None]),
        cwes=cwes_of(adv.get("cwe")),
        location=f"{module}@{version}" if version else module,
        package=Package(module, version or None, fixed, None, "npm"),
        published=parse_datetime(adv.get("created")),
        details={
            k: v
            for k, v in {
                "advisoryId": adv.get("id"),
                "url": url,
                "vulnerableVersions": adv.get("vulnerable_versions"),
                "paths": paths[:20],
                "references": text(adv.get("references"))[:2000],
                "cvssVector": cvss.get("vectorString") if cvss else None,
            }.items()
            if v
        },
    )
