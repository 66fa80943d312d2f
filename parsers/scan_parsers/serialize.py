"""The normalized model as plain JSON-ready dicts (for `phoenix-scanner parse` and for users' own tooling)."""

from __future__ import annotations

from typing import Any

from .model import Asset, Finding, ParseWarning, Severity


def asset_to_dict(asset: Asset) -> dict[str, Any]:
    out: dict[str, Any] = {"type": asset.type.value, "attributes": dict(asset.attributes)}
    if asset.tags:
        out["tags"] = [{"key": t.key, "value": t.value} if t.key else {"value": t.value} for t in asset.tags]
    if asset.placeholder:
        out["placeholder"] = True
    return out


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "asset": f.asset.key,
        "name": f.name,
        "severity": f.severity.value,
        "score": f.effective_score,
        "description": f.description,
        "remedy": f.remedy,
        "fingerprint": f.fingerprint,
    }
    if not f.active:
        out["active"] = False
    if f.reference_ids:
        out["referenceIds"] = list(f.reference_ids)
    if f.cwes:
        out["cwes"] = list(f.cwes)
    if f.location:
        out["location"] = f.location
    if f.package is not None:
        pkg: dict[str, Any] = {"name": f.package.name}
        for key, value in (
            ("version", f.package.version),
            ("purl", f.package.purl),
            ("ecosystem", f.package.ecosystem),
        ):
            if value:
                pkg[key] = value
        if f.package.fixed_versions:
            pkg["fixedVersions"] = list(f.package.fixed_versions)
        out["package"] = pkg
    if f.published is not None:
        out["published"] = f.published.isoformat()
    if f.details:
        out["details"] = f.details
    if f.tags:
        out["tags"] = [{"key": t.key, "value": t.value} if t.key else {"value": t.value} for t in f.tags]
    return out


def warning_to_dict(w: ParseWarning) -> dict[str, str]:
    return {"code": w.code, "message": w.message}


def empty_severity_counts() -> dict[str, int]:
    return {s.value: 0 for s in Severity}
