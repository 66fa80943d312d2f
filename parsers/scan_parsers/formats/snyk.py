"""Snyk Open Source / Container JSON (`snyk test --json`, `snyk container test --json`): one project object with
`vulnerabilities[]`, or an array of them (`--all-projects`). Snyk Code SARIF is read too (DefectDojo's "Snyk Scan"
accepts it), though auto-detection gives that shape to the snyk_code format.

One finding per vulnerability entry: Snyk lists a vulnerability once per dependency path, and DefectDojo keeps
each. Single-project reports are read in two streaming passes (the project fields come after the array).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import container_attributes, cvss_score, cwe_id, parse_datetime, remedy, text, unique
from ._snyk_code_sarif import is_snyk_code_sarif, parse_sarif

_IMAGE_WITH_TAG = re.compile(r"^([^:/]+(?:/[^:/]+)*:[^/]+)")
_SKIP = ("vulnerabilities", "applications", "licensesPolicy", "remediation", "policy")


@register
class Snyk(ReportFormat):
    id = "snyk"
    scan_types = ("Snyk Scan",)
    aliases = ("snyk", "snyk-open-source", "snyk-container")
    default_asset_type = AssetType.BUILD
    phoenix_scan_type = "Snyk Scan"
    recognises = "snyk test --json: {vulnerabilities[], ok, dependencyCount, packageManager, projectName} or an array"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        prefix = "item." if sniff.json_root == "array" else ""
        if sniff.has_paths(f"{prefix}vulnerabilities", f"{prefix}ok", f"{prefix}dependencyCount"):
            return 0.9
        if sniff.has_paths(f"{prefix}vulnerabilities.item.isUpgradable", f"{prefix}vulnerabilities.item.upgradePath"):
            return 0.85  # a big report: the project fields after the array are beyond the sniffed head
        if is_snyk_code_sarif(sniff):
            return 0.6  # snyk_code claims this shape with 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json":
            raise ValueError("expected a JSON document")
        if "runs" in head.json_top_keys:
            yield from parse_sarif(report, ctx)
            return
        if head.json_root == "array":
            for project, kind, vuln in iter_groups(report, "item", ("vulnerabilities",), ("projectName", "path")):
                asset = _project_asset(ctx, project)  # also for clean projects: they are inventory
                if kind is not None:
                    yield _finding(asset, vuln)
            return
        if "vulnerabilities" not in head.json_top_keys:
            raise ValueError("no `vulnerabilities` array: this is not a Snyk report")
        fields: dict[str, Any] = {}
        for header, kind, _item in iter_groups(report, "", _SKIP, lists_only=False):
            if kind is None:
                fields = header
        asset = _project_asset(ctx, fields)
        for vuln in iter_json(report, "vulnerabilities.item"):
            yield _finding(asset, vuln)


def _project_asset(ctx: ParseContext, project: dict[str, Any]) -> Asset:
    name = text(project.get("projectName"))
    path = text(project.get("path"))
    if name.startswith("docker-image|") or "docker" in project:
        image = name.split("|", 1)[1] if "|" in name else path
        tagged = _IMAGE_WITH_TAG.match(path)
        if tagged and tagged.group(1).startswith(image + ":"):
            image = tagged.group(1)
        return ctx.asset(AssetType.CONTAINER, container_attributes(image or "unknown-image", origin="snyk"))
    target = text(project.get("displayTargetFile")) or text(project.get("targetFile")) or path
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": target or "unknown", "repository": name, "origin": "snyk"},
        placeholder=not target,
    )


def _listish(value: Any) -> list[Any]:
    """Some exports write lists as their Python repr ("['1.2']"); read those back, never evaluate anything else."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return []
        return parsed if isinstance(parsed, list) else []
    return []


def _dictish(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.startswith("{"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def _finding(asset: Asset, v: Any) -> Finding:
    if not isinstance(v, dict):
        raise ValueError("an entry of `vulnerabilities` is not an object")
    pkg = text(v.get("packageName")) or text(v.get("name"))
    version = text(v.get("version"))
    fixed = unique(_listish(v.get("fixedIn")))
    ids = _dictish(v.get("identifiers"))
    vid = text(v.get("id"))
    title = text(v.get("title"))
    path = [text(p) for p in _listish(v.get("from"))]
    upgrade = [text(p) for p in _listish(v.get("upgradePath")) if p and text(p) != "False"]
    fix = remedy(pkg, version, fixed)
    if upgrade:
        fix += f" (upgrade {upgrade[0]})"
    return Finding(
        asset=asset,
        name=f"{title} in {pkg}" if title and pkg else title or vid,
        severity=label(v.get("severityWithCritical") or v.get("severity")),
        description=text(v.get("description")) or title or vid,
        remedy=fix,
        score=cvss_score(v.get("cvssScore")),
        reference_ids=unique([vid, *_listish(ids.get("CVE")), *_listish(ids.get("GHSA"))]),
        cwes=unique(cwe_id(c) for c in _listish(ids.get("CWE"))),
        location=" > ".join(path) if path else f"{pkg}@{version}",
        package=Package(pkg, version or None, fixed, None, text(v.get("packageManager")) or None),
        published=parse_datetime(v.get("publicationTime")),
        details={
            k: val
            for k, val in {
                "snykId": vid,
                "cvssVector": v.get("CVSSv3"),
                "exploit": v.get("exploit"),
                "isUpgradable": v.get("isUpgradable"),
                "from": path[:20],
                "type": v.get("type"),
                "epss": _dictish(v.get("epssDetails")) or None,
            }.items()
            if val not in (None, "", [])
        },
    )
