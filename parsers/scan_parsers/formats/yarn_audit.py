"""`yarn audit --json` (yarn 1: JSON lines of auditAdvisory/auditSummary, or the npm 6 shape from the bulk
advisory endpoint) and `yarn npm audit --json` (yarn 2+: JSON lines of {value, children}).

One finding per advisory and module (yarn 1 repeats an advisory once per dependency path); one per line in yarn 2+.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package
from ..readers import iter_json_lines, iter_json_members
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._npm_advisory import advisory_finding
from ._sca_common import cves_in, text, unique
from .npm_audit import looks_like_yarn_registry_audit

_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}")
_YARN1_TYPES = re.compile(r'"type"\s*:\s*"audit(?:Advisory|Summary|Action)"')


@register
class YarnAudit(ReportFormat):
    id = "yarn_audit"
    scan_types = ("Yarn Audit Scan",)
    aliases = ("yarn-audit", "yarn")
    default_asset_type = AssetType.BUILD
    recognises = (
        "yarn audit --json lines ({type: auditAdvisory|auditSummary, data}), or yarn 2+ `yarn npm audit --json` "
        "lines ({value, children: {ID, Severity, Vulnerable Versions}})"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("json", "jsonl") or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        # yarn's NDJSON events are {type, data}; a later yarn may add a member or two, never many
        if {"type", "data"} <= keys and len(keys) <= 4:
            if _YARN1_TYPES.search(sniff.text):
                return 0.9
            return 0.6 if "yarnpkg" in sniff.text else 0.0  # yarn's own error output, no audit ran
        if {"value", "children"} <= keys and sniff.has_paths("children.Severity", "children.Vulnerable Versions"):
            return 0.9
        if {"advisories", "actions", "muted", "metadata"} <= keys and looks_like_yarn_registry_audit(sniff):
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind not in ("json", "jsonl") or head.json_root != "object":
            raise ValueError("expected yarn audit JSON lines or an object with `advisories`")
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "yarn.lock", "origin": "yarn"}, placeholder=True)
        if "advisories" in head.json_top_keys:
            seen: set[tuple[str, str]] = set()
            for _key, adv in iter_json_members(report, "advisories"):
                identity = (text(adv.get("id")), text(adv.get("module_name")))
                if identity not in seen:
                    seen.add(identity)
                    yield advisory_finding(asset, adv)
            return
        yield from self._lines(report, asset)

    def _lines(self, report: ReportInput, asset: Asset) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        errors: list[str] = []
        for doc in iter_json_lines(report):
            if not isinstance(doc, dict):
                raise ValueError("a line is not a JSON object")
            if "children" in doc:
                yield _berry_finding(asset, doc)
                continue
            kind = text(doc.get("type"))
            if kind == "error":
                errors.append(text(doc.get("data")))
            elif kind == "auditAdvisory":
                adv = (doc.get("data") or {}).get("advisory") or {}
                identity = (text(adv.get("id")), text(adv.get("module_name")))
                if identity not in seen:
                    seen.add(identity)
                    yield advisory_finding(asset, adv)
            elif "type" not in doc:
                raise ValueError("a line has neither `type` nor `children`: not yarn audit output")
        if errors and not seen:
            raise ValueError(f"yarn audit failed: {errors[0][:200]}")


def _berry_finding(asset: Asset, doc: dict[str, Any]) -> Finding:
    """One line of yarn 2+ `yarn npm audit --json`: {value: package, children: {ID, Issue, URL, Severity, ...}}."""
    package = text(doc.get("value"))
    c = doc.get("children") or {}
    issue = text(c.get("Issue")) or "Vulnerability"
    url = text(c.get("URL"))
    versions = unique(c.get("Tree Versions") or [])
    version = ", ".join(versions)
    return Finding(
        asset=asset,
        name=f"{package}: {issue}"[:255],
        severity=label(c.get("Severity")),
        description=issue + (f"\n\nVulnerable versions: {text(c.get('Vulnerable Versions'))}" if c else ""),
        remedy=f"Update {package} to a version outside {text(c.get('Vulnerable Versions'))}",
        reference_ids=unique([*cves_in(url), *_GHSA.findall(url)]),
        location=f"{package}@{version}" if version else package,
        package=Package(package, version or None, [], None, "npm"),
        details={
            k: v
            for k, v in {"id": c.get("ID"), "url": url, "dependents": (c.get("Dependents") or [])[:20]}.items()
            if v
        },
    )
