"""Checkmarx OSA (open source analysis) export: a two-element array [vulnerabilities[], libraries[]], each
vulnerability pointing at its library by `libraryId`.

One finding per vulnerability, whatever its state (NOT_EXPLOITABLE ones are tagged). Libraries come second in the
file, so the report is loaded whole (OSA exports are small).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package, Tag
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cvss_score, parse_datetime, text, unique


@register
class CheckmarxOsa(ReportFormat):
    id = "checkmarx_osa"
    scan_types = ("Checkmarx OSA",)
    aliases = ("cxosa", "checkmarx-osa")
    default_asset_type = AssetType.BUILD
    recognises = "Checkmarx OSA JSON: [[{cveName, libraryId, severity{name}, state{name}}], [{id, name, version}]]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.item.cveName", "item.item.severity.name") and sniff.has_any_path(
            "item.item.libraryId", "item.item.state.name"
        ):
            return 0.9
        if "".join(sniff.text.split()) == "[[],[]]":
            return 0.6  # the export of a project without open-source findings
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not (isinstance(doc, list) and len(doc) == 2 and all(isinstance(x, list) for x in doc)):
            raise ValueError("expected a two-element array [vulnerabilities, libraries]")
        vulns, libraries = doc
        by_id = {text(lib.get("id")): lib for lib in libraries if isinstance(lib, dict)}
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "checkmarx-osa", "origin": "checkmarx"}, placeholder=True)
        vulnerable = {text(v.get("libraryId")) for v in vulns if isinstance(v, dict)}
        if clean := len(by_id.keys() - vulnerable):
            ctx.skip("library with no known vulnerability", clean)
        for v in vulns:
            if not isinstance(v, dict):
                raise ValueError("a vulnerability entry is not an object")
            lib_id = text(v.get("libraryId"))
            if not lib_id:
                raise ValueError(f"vulnerability {text(v.get('cveName')) or text(v.get('id'))} has no libraryId")
            lib: dict[str, Any] = by_id.get(lib_id) or {}
            name, version = text(lib.get("name")) or lib_id, text(lib.get("version"))
            cve = text(v.get("cveName"))
            state = text((v.get("state") or {}).get("name"))
            recommendation = text(v.get("recommendations"))
            yield Finding(
                asset=asset,
                name=f"{cve} in {name}:{version}" if cve else f"Vulnerability in {name}:{version}",
                severity=label((v.get("severity") or {}).get("name")),
                description=text(v.get("description")) or cve,
                remedy=recommendation
                or (
                    f"Update {name} to {text(lib.get('newestVersion'))}"
                    if lib.get("newestVersion")
                    else "No fix available"
                ),
                score=cvss_score(v.get("score")),
                reference_ids=unique(cves_in(cve) or [cve]),
                location=f"{name}@{version}" if version else name,
                package=Package(name, version or None, [], None, None),
                published=parse_datetime(v.get("publishDate")),
                tags=[Tag(state.lower(), "state")] if state else [],
                details={
                    k: val
                    for k, val in {
                        "url": v.get("url"),
                        "state": state,
                        "newestVersion": lib.get("newestVersion"),
                    }.items()
                    if val
                },
            )
