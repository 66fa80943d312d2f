"""AuditJS (sonatype-nexus-community/auditjs), `auditjs ossi`: npm dependencies checked against Sonatype OSS Index.

Layouts read:
- `auditjs ossi --json` (4.x): a root array of components {coordinates (purl, e.g. pkg:npm/%40next/env@12.2.2),
  description, reference, vulnerabilities[] of {id, title, description, cvssScore, cvssVector, cve, reference}};
- the console output of `auditjs ossi` (4.x, what a CI log captures): a banner, "[n/N] - <purl> - K
  vulnerabilities found!" (or "No vulnerabilities found!") per dependency, each vulnerability a block of
  "Vulnerability Title:", "ID:", "Description:" (may continue on further lines), "CVSS Score:", "CVSS Vector:",
  "CVE:", "Reference:".

One finding per vulnerability of a component. Severity comes from the CVSS score (the vector when the score is
missing). The asset is the npm project (BUILD placeholder, package.json: the report does not name it).
Components without vulnerabilities are counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import objs
from ._ossindex import coordinate_package, ossindex_finding
from ._sca_common import text

_BANNER = re.compile(r"AuditJS version:|Sonatype OSS Index results|Total dependencies audited:")
_COMPONENT = re.compile(r"^\[\d+/\d+\] - (\S+) - (.*)$")
_FIELD = re.compile(r"^\s*(Vulnerability Title|ID|Description|CVSS Score|CVSS Vector|CVE|Reference):\s*(.*)$")
_KEYS = {
    "Vulnerability Title": "title",
    "ID": "id",
    "Description": "description",
    "CVSS Score": "cvssScore",
    "CVSS Vector": "cvssVector",
    "CVE": "cve",
    "Reference": "reference",
}


@register
class AuditJs(ReportFormat):
    id = "auditjs"
    scan_types = ("AuditJS Scan",)
    aliases = ("auditjs-ossi",)
    default_asset_type = AssetType.BUILD
    recognises = "auditjs ossi --json: [{coordinates, reference, vulnerabilities[]}], or its console output"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.json_root == "array":
            if sniff.has_paths("item.coordinates", "item.vulnerabilities"):
                return 0.9 if sniff.contains("utm_source=auditjs") or sniff.contains('"pkg:npm/') else 0.6
            return 0.0
        if sniff.kind in ("text", "csv") and _BANNER.search(sniff.text):
            return 0.9 if _COMPONENT.search(sniff.text.replace("\r", "")) or "AuditJS" in sniff.text else 0.5
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "AuditJS"
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "package.json", "origin": "auditjs"}, placeholder=True)
        first = report.first_byte()
        if first == b"[":
            for comp in iter_json(report, "item"):
                if not isinstance(comp, dict) or not text(comp.get("coordinates")):
                    raise InvalidReport(f"{report.name}: a component without coordinates: not an AuditJS report")
                yield from _component(ctx, asset, text(comp["coordinates"]), objs(comp.get("vulnerabilities")))
        elif first:
            yield from _console(report, ctx, asset)


def _component(ctx: ParseContext, asset: Asset, coordinates: str, vulns: list[dict[str, Any]]) -> Iterator[Finding]:
    if not vulns:
        ctx.skip("component without vulnerabilities")
        return
    package = coordinate_package(coordinates)
    for vuln in vulns:
        yield ossindex_finding(asset, package, vuln)


def _console(report: ReportInput, ctx: ParseContext, asset: Asset) -> Iterator[Finding]:
    body = report.read_all().decode("utf-8", "replace").lstrip("\ufeff")
    if not _BANNER.search(body) and not _COMPONENT.search(body.replace("\r", "")):
        raise InvalidReport(f"{report.name}: neither AuditJS JSON nor its console output")
    coordinates = ""
    vulns: list[dict[str, Any]] = []
    last_key = ""
    for line in body.splitlines():
        comp = _COMPONENT.match(line.strip())
        if comp:
            if coordinates:
                yield from _component(ctx, asset, coordinates, vulns)
            coordinates, vulns, last_key = comp.group(1), [], ""
            continue
        if not coordinates:
            continue
        field = _FIELD.match(line)
        if field:
            key = _KEYS[field.group(1)]
            if key == "title" or not vulns:
                vulns.append({})
            vulns[-1][key] = field.group(2).strip()
            last_key = key
        elif line.strip() and vulns and last_key == "description":
            vulns[-1]["description"] += "\n" + line.strip()
    if coordinates:
        yield from _component(ctx, asset, coordinates, vulns)
