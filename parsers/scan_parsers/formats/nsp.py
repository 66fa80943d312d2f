"""Node Security Platform (`nsp check --reporter json`, nsp 2.x and 3.x; the service closed in 2018).

Layout: a root array with one record per vulnerable dependency path: {id, title, module, version,
vulnerable_versions, patched_versions, overview, recommendation, cvss_vector, cvss_score, created_at,
updated_at, publish_date, advisory (URL), path[] (root package first, vulnerable module last)}. A clean check is
an empty array.

One finding per advisory and affected module version: nsp repeats an advisory once per dependency path, and the
paths are kept in the finding's details (the record is an npm advisory, read by the shared npm advisory mapping).
Severity comes from the CVSS score (no score: MEDIUM). The asset is the root package's package.json (BUILD,
named by the first element of the paths).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._npm_advisory import advisory_finding
from ._sca_common import cves_in, cvss_score, text, unique


@register
class Nsp(ReportFormat):
    id = "nsp"
    scan_types = ("Node Security Platform Scan",)
    aliases = ("nsp-check", "node-security-platform")
    default_asset_type = AssetType.BUILD
    recognises = "nsp check --reporter json: [{id, module, version, path[], advisory (nodesecurity.io URL)}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.module", "item.path", "item.vulnerable_versions"):
            return 0.9 if sniff.contains("nodesecurity.io") or sniff.has_paths("item.cvss_score") else 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"[":
            raise InvalidReport(f"{report.name}: not a JSON array: not an nsp check report")
        ctx.meta.scanner = "nsp"
        groups: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rec in iter_json(report, "item"):
            if not isinstance(rec, dict) or not text(rec.get("module")):
                raise InvalidReport(f"{report.name}: a record without `module`: not an nsp check report")
            key = (text(rec.get("id")), text(rec["module"]), text(rec.get("version")))
            path = [text(p) for p in rec.get("path") or [] if text(p)]
            if key in groups:
                groups[key]["paths"].append(path)
            else:
                groups[key] = {"record": rec, "paths": [path]}
        for group in groups.values():
            paths: list[list[str]] = group["paths"]
            root = next((p[0] for p in paths if len(p) > 1), "")
            name = root.rsplit("@", 1)[0] if root.rfind("@") > 0 else root
            asset = ctx.asset(
                AssetType.BUILD,
                {"buildFile": f"{name}/package.json" if name else "package.json", "origin": "nsp"},
                placeholder=not name,
            )
            yield advisory_finding(asset, _as_npm_advisory(group["record"], paths))


def _as_npm_advisory(rec: dict[str, Any], paths: list[list[str]]) -> dict[str, Any]:
    """The nsp record in the shape of an npm registry advisory (the same data under npm's names)."""
    score = cvss_score(rec.get("cvss_score"))
    return {
        "id": rec.get("id"),
        "module_name": text(rec.get("module")),
        "title": text(rec.get("title")),
        "overview": text(rec.get("overview")),
        "recommendation": text(rec.get("recommendation")),
        "vulnerable_versions": text(rec.get("vulnerable_versions")),
        "patched_versions": text(rec.get("patched_versions")),
        "severity": from_cvss(score).value if score is not None else "medium",
        "cvss": {"score": score, "vectorString": text(rec.get("cvss_vector"))},
        "url": text(rec.get("advisory")),
        "created": rec.get("publish_date") or rec.get("created_at"),
        "cves": cves_in(f"{text(rec.get('title'))} {text(rec.get('overview'))}"),
        "findings": [{"version": text(rec.get("version")), "paths": unique(">".join(p[1:]) for p in paths if p)}],
    }
