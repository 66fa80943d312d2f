"""The GitLab security report schema (gl-*-report.json) shared by GitLab's SAST, dependency, container and secret
scanners: {version, vulnerabilities[], remediations[], scan: {type, scanner}}. The scan type tells the formats apart;
reports of schema 2.x have no `scan`, so the shape of the vulnerabilities' `location` decides there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cwe_id, parse_datetime, remedy, text, unique

SAST = "sast"
DEPENDENCY = "dependency_scanning"
CONTAINER = "container_scanning"
SECRET = "secret_detection"  # noqa: S105 - a scan type, not a password

_SCAN_TYPES = (
    "sast|dependency_scanning|container_scanning|secret_detection|dast|api_fuzzing|coverage_fuzzing|"
    "cluster_image_scanning|cluster_image|browser_based"
)
_TYPE_VALUE = re.compile(rf'"(?:type|category)"\s*:\s*"({_SCAN_TYPES})"')
#: Checkmarx One exports SAST results in this schema; they belong to the checkmarx_one format.
CHECKMARX_MARKER = re.compile(r'"(?:id|name)"\s*:\s*"(?:CxOne[-\w]*|Checkmarx[-\w]*)"')
_LOC = "vulnerabilities.item.location."


def is_gitlab_shape(s: Sniff) -> bool:
    keys = set(s.json_top_keys)
    return (
        s.kind == "json"
        and s.json_root == "object"
        and "vulnerabilities" in keys
        and bool(keys & {"version", "schema"})
        and bool(keys & {"remediations", "scan", "dependency_files"} or s.has_paths("vulnerabilities.item.identifiers"))
    )


def classify(s: Sniff) -> tuple[str | None, float]:
    """(scan type, confidence) of a GitLab security report, or (None, 0.0) when the sniff is not one."""
    if not is_gitlab_shape(s) or CHECKMARX_MARKER.search(s.text):
        return None, 0.0
    found = _TYPE_VALUE.search(s.text)
    if found:
        return found.group(1), 0.95
    if s.has_any_path(_LOC + "image", _LOC + "operating_system"):
        return CONTAINER, 0.8
    if s.has_any_path("vulnerabilities.item.raw_source_code_extract", _LOC + "commit"):
        return SECRET, 0.8
    if s.has_any_path(_LOC + "hostname", _LOC + "crash_type"):
        return None, 0.0  # DAST / fuzzing (`method` alone is no sign: SAST locations name Java methods too)
    if s.has_paths(_LOC + "start_line"):
        return SAST, 0.75  # schema-2 SAST entries may carry an empty `dependency` too; lines mean source code
    if s.has_paths(_LOC + "dependency") or "dependency_files" in s.json_top_keys:
        return DEPENDENCY, 0.8
    if s.has_paths(_LOC + "file"):
        return SAST, 0.75
    if set(s.json_top_keys) == {"version", "vulnerabilities", "remediations"}:
        return SAST, 0.55  # an empty schema-2 report, as GitLab's SAST analyzers wrote them
    return None, 0.0


def check_report(report: ReportInput, expected: str) -> None:
    head = sniff(report)
    if head.kind != "json" or head.json_root != "object" or "vulnerabilities" not in head.json_top_keys:
        raise ValueError("no `vulnerabilities` array: this is not a GitLab security report")
    kind, _ = classify(head)
    if kind is not None and kind != expected:
        raise ValueError(f"this GitLab report is of scan type {kind!r}, not {expected!r}")


def iter_vulnerabilities(report: ReportInput) -> Iterator[dict[str, Any]]:
    for vuln in iter_json(report, "vulnerabilities.item"):
        if not isinstance(vuln, dict):
            raise ValueError("an entry of `vulnerabilities` is not an object")
        yield vuln


def _identifiers(vuln: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(reference ids, CWEs, the other identifiers as "type:value") of a vulnerability."""
    refs: list[str] = []
    cwes: list[str] = []
    other: list[str] = []
    for ident in vuln.get("identifiers") or []:
        if not isinstance(ident, dict):
            continue
        kind = text(ident.get("type")).lower()
        value = text(ident.get("value")) or text(ident.get("name"))
        if kind == "cwe":
            cwe = cwe_id(value)
            if cwe:
                cwes.append(cwe)
        elif kind in ("cve", "ghsa", "osvdb", "rhsa", "usn", "elsa", "dsa", "alas"):
            refs.append(value.upper() if kind in ("cve", "ghsa") else value)
        elif value:
            other.append(f"{kind}:{value}")
    return unique(refs), unique(cwes), other


def _severity(vuln: dict[str, Any]) -> Severity:
    return label(vuln.get("severity"), Severity.INFO)


def finding(asset: Asset, vuln: dict[str, Any], location: str, package: Package | None = None) -> Finding:
    refs, cwes, other = _identifiers(vuln)
    name = text(vuln.get("name")) or text(vuln.get("message")) or (refs[0] if refs else "") or text(vuln.get("cve"))
    solution = text(vuln.get("solution"))
    if not solution and package is not None:
        solution = remedy(package.name, package.version, package.fixed_versions)
    return Finding(
        asset=asset,
        name=(name or "GitLab finding")[:255],
        severity=_severity(vuln),
        description=text(vuln.get("description")) or text(vuln.get("message")) or name or "No description",
        remedy=solution or "No remediation provided",
        reference_ids=refs,
        cwes=cwes,
        location=location,
        package=package,
        published=parse_datetime(vuln.get("discovered_at")),
        details={
            k: v
            for k, v in {
                "id": vuln.get("id"),
                "identifiers": other[:20],
                "confidence": vuln.get("confidence"),
                "scanner": text((vuln.get("scanner") or {}).get("name")),
                "links": [text(x.get("url")) for x in vuln.get("links") or [] if isinstance(x, dict)][:20],
            }.items()
            if v
        },
    )


def code_finding(ctx: ParseContext, vuln: dict[str, Any], origin: str) -> Finding:
    """A SAST or secret-detection finding: the scanned file is the CODE asset."""
    loc = vuln.get("location") or {}
    path = text(loc.get("file"))
    line = text(loc.get("start_line"))
    asset = ctx.asset(
        AssetType.CODE, {"scannerSource": path or "gitlab-project", "origin": origin}, placeholder=not path
    )
    out = finding(asset, vuln, f"{path}:{line}" if path and line else path or "unknown")
    for key in ("class", "method", "end_line"):
        if loc.get(key):
            out.details[key] = loc[key]
    return out


def package_of(loc: dict[str, Any], ecosystem: str | None = None) -> Package | None:
    dep = loc.get("dependency") or {}
    name = text((dep.get("package") or {}).get("name"))
    if not name:
        return None
    return Package(name, text(dep.get("version")) or None, [], None, ecosystem)


def container_asset(ctx: ParseContext, loc: dict[str, Any]) -> Asset:
    image = text(loc.get("image"))
    return ctx.asset(
        AssetType.CONTAINER,
        container_attributes(image or "unknown-image", origin="gitlab"),
        placeholder=not image,
    )
