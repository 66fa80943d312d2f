"""Retire.js (`retire --outputformat json`): JavaScript libraries with known vulnerabilities.

Layouts read: retire 2.x to 5.x, a root object {version, start, data[], messages[], errors[], time}; retire 1.x, a
root array of the same `data` items. Each data item is {file, results[] of {component, version, detection, parent,
vulnerabilities[] of {info[], below, atOrAbove, severity, cwe[], identifiers {summary, CVE[], issue, bug, githubID,
retid, PR}}}}; node-module results (`--node`) may carry no `file`.

One finding per vulnerability of a library in a file. Retire.js's repository sometimes lists one flaw under two
CVE ids with the same summary (jQuery's htmlPrefilter XSS, CVE-2020-11022 and CVE-2020-11023): those fold into
one finding that carries both ids. Severity is the vulnerability's (low, medium, high, critical). The asset is
the scanned file that contains the library (BUILD, like a lock file), or the node project's package.json.
Libraries without vulnerabilities are not in the output (retire lists only vulnerable ones unless --verbose; the
verbose entries without vulnerabilities are counted as skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj, objs
from ._sca_common import cwe_id, text, unique

_EMPTY_KEYS = {"version", "start", "data", "messages", "errors", "time"}


@register
class RetireJs(ReportFormat):
    id = "retirejs"
    scan_types = ("Retire.js Scan",)
    aliases = ("retire", "retire.js", "retire-js")
    default_asset_type = AssetType.BUILD
    recognises = "retire --outputformat json: data[] of {file, results[] of {component, version, vulnerabilities}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        for prefix in ("data.item", "item"):
            if sniff.has_paths(f"{prefix}.results.item.component") and sniff.has_any_path(
                f"{prefix}.results.item.vulnerabilities", f"{prefix}.results.item.detection", f"{prefix}.file"
            ):
                return 0.9
        if sniff.json_root == "object" and {"data", "start", "messages", "errors"} <= set(sniff.json_top_keys):
            return 0.7 if set(sniff.json_top_keys) <= _EMPTY_KEYS else 0.3
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "retire.js"
        array = report.first_byte() == b"["
        any_item = False
        for item in iter_json(report, "item" if array else "data.item"):
            any_item = True
            if not isinstance(item, dict) or not isinstance(item.get("results"), list):
                raise InvalidReport(f"{report.name}: a data item without a `results` list: not a Retire.js report")
            yield from _item(ctx, item)
        if not any_item and not array:
            require_list_member(report, ("data",), "a Retire.js report")


def _item(ctx: ParseContext, item: dict[str, Any]) -> Iterator[Finding]:
    file = text(item.get("file"))
    asset = ctx.asset(
        AssetType.BUILD, {"buildFile": file or "package.json", "origin": "retire.js"}, placeholder=not file
    )
    for result in objs(item.get("results")):
        vulns = objs(result.get("vulnerabilities"))
        if not vulns:
            ctx.skip("library without vulnerabilities")
            continue
        groups: dict[str, list[dict[str, Any]]] = {}
        for vuln in vulns:
            ids = obj(vuln.get("identifiers"))
            key = text(ids.get("summary")) or "|".join(unique(ids.get("CVE") or [])) or text(vuln.get("below"))
            groups.setdefault(key, []).append(vuln)
        for summary, same in groups.items():
            yield _finding(asset, file, result, summary, same)


def _finding(asset: Any, file: str, result: dict[str, Any], summary: str, vulns: list[dict[str, Any]]) -> Finding:
    component, version = text(result.get("component")), text(result.get("version"))
    idents = [obj(v.get("identifiers")) for v in vulns]
    cves = unique(c for i in idents for c in (i.get("CVE") or []))
    ghsa = unique(i.get("githubID") for i in idents)
    fixed = unique(v.get("below") for v in vulns)
    severity = max((label(v.get("severity")) for v in vulns), key=lambda s: s.score)
    info = unique(u for v in vulns for u in (v.get("info") or []))
    title = summary or (cves[0] if cves else "known vulnerability")
    lib = f"{component} {version}".strip()
    return Finding(
        asset=asset,
        name=f"{lib}: {title}"[:255],
        severity=severity,
        description=f"{lib} in {file or 'the project'} has a known vulnerability: {title}."
        + (f" Affected: below {', '.join(fixed)}." if fixed else ""),
        remedy=f"Upgrade {component} to {fixed[0]} or later." if fixed else f"Upgrade or remove {component}.",
        reference_ids=unique([*cves, *ghsa]),
        cwes=unique(cwe_id(c) for v in vulns for c in (v.get("cwe") or [])),
        location=f"{file}: {component}@{version}" if file else f"{component}@{version}",
        package=Package(component, version or None, fixed, None, "npm") if component else None,
        details={
            k: v
            for k, v in {
                "references": info[:20],
                "detection": text(result.get("detection")),
                "issues": unique(i.get(k) for i in idents for k in ("issue", "bug", "PR", "retid")),
                "atOrAbove": unique(v.get("atOrAbove") for v in vulns),
            }.items()
            if v
        },
    )
