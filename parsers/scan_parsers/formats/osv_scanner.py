"""osv-scanner JSON (`osv-scanner --format json`, v1 and v2, `scan source` and `scan image`): {results: [{source:
{path, type: lockfile|sbom|git|docker|...}, packages: [{package: {name, version, ecosystem, commit?}, vulnerabilities:
[<OSV records: id, aliases, summary, details, affected, severity, database_specific>], groups: [{ids, max_severity}],
licenses?}]}], experimental_config?, image_metadata?}. An empty file or {"results": []} is a clean scan.

One finding per vulnerability of each package of each source (as DefectDojo counts them); the source file
(lockfile, SBOM, image) is the BUILD asset. Severity is the database's own word (database_specific.severity), else
from the base score of the record's CVSS vector, else medium. Packages listed without vulnerabilities
(`--all-packages`) are counted as skipped. Streamed source by source.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._cvss import base_score
from ._sca_common import cwe_id, parse_datetime, remedy, text, unique


@register
class OsvScanner(ReportFormat):
    id = "osv_scanner"
    scan_types = ("OSV Scan",)
    aliases = ("osv", "osv-scanner")
    default_asset_type = AssetType.BUILD
    recognises = "osv-scanner JSON: results[].source.path with packages[].package{name, version, ecosystem}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("results.item.source.path", "results.item.packages.item.package"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if not report.read_head(4096).strip():
            ctx.warn("empty-report", "the report file is empty; osv-scanner found nothing to report")
            return
        results = 0
        for result in iter_json(report, "results.item"):
            results += 1
            if not isinstance(result, dict):
                raise InvalidReport(f"{report.name}: an entry of `results` is not an object")
            source = result.get("source") or {}
            path = text(source.get("path")) or "unknown"
            asset = ctx.asset(
                AssetType.BUILD, {"buildFile": path, "origin": "osv-scanner"}, placeholder=path == "unknown"
            )
            for pkg in result.get("packages") or []:
                vulns = pkg.get("vulnerabilities") or []
                for vuln in vulns:
                    yield _finding(asset, pkg.get("package") or {}, vuln, path)
                if not vulns:
                    ctx.skip("package without vulnerabilities")
        if not results:
            require_list_member(report, ("results",), "an osv-scanner report")


def _fixed_versions(vuln: dict[str, Any], name: str) -> list[str]:
    out: list[str] = []
    for affected in vuln.get("affected") or []:
        if text((affected.get("package") or {}).get("name")) not in ("", name):
            continue
        for rng in affected.get("ranges") or []:
            out += [text(e["fixed"]) for e in rng.get("events") or [] if e.get("fixed")]
    return unique(out)


def _score(vuln: dict[str, Any]) -> float | None:
    for sev in vuln.get("severity") or []:
        score = base_score(text(sev.get("score")))
        if score:
            return score
    return None


def _finding(asset: Asset, pkg: dict[str, Any], vuln: dict[str, Any], path: str) -> Finding:
    name, version, ecosystem = text(pkg.get("name")), text(pkg.get("version")), text(pkg.get("ecosystem"))
    vid = text(vuln.get("id"))
    db = vuln.get("database_specific") or {}
    score = _score(vuln)
    if db.get("severity"):
        severity = label(db.get("severity"))
    elif score is not None:
        severity = from_cvss(score)
    else:
        severity = Severity.MEDIUM
    fixed = _fixed_versions(vuln, name)
    summary = text(vuln.get("summary"))
    return Finding(
        asset=asset,
        name=f"{vid}: {summary}"[:255] if summary else vid,
        severity=severity,
        description=text(vuln.get("details")) or summary or vid,
        remedy=remedy(name, version, fixed),
        score=score,
        reference_ids=unique([vid, *(vuln.get("aliases") or [])]),
        cwes=unique(cwe_id(c) for c in db.get("cwe_ids") or []),
        location=f"{path}: {name}@{version}",
        package=Package(name, version or None, fixed, None, ecosystem or None),
        published=parse_datetime(vuln.get("published")),
        details={
            "ecosystem": ecosystem,
            "references": [text(r.get("url")) for r in vuln.get("references") or []][:20],
            "modified": vuln.get("modified"),
        },
    )
