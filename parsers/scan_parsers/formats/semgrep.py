"""Semgrep JSON, two shapes:

* the CLI report (`semgrep --json`, `semgrep scan/ci --json`, every 0.x and 1.x release): {results: [{check_id,
  path, start{line, col}, end, extra: {message, severity, metadata, fix, lines, fingerprint, is_ignored,
  sca_info?}}], errors, paths, version?, skipped_rules?, interfile_languages_used?} -> CODE findings; a clean
  scan is {"results": [], "errors": [], ...};
* the Supply Chain deployment API (`/deployments/{id}/ssc-vulns`): {vulns: [{title, advisory, matchedDependency,
  dependencyFileLocation, repositoryName, triage{status}, ...}], hasMore, cursor} -> dependency findings on the
  manifest.

Both are folded per title, file and line, as DefectDojo does (semgrep repeats a match per rule mode / deployment).
Severity: ERROR high, WARNING medium, INFO low, INVENTORY info; newer releases' CRITICAL / HIGH / MEDIUM / LOW as
named. Not findings, counted with ctx.skip: CLI results semgrep marks ignored (`extra.is_ignored`, a nosemgrep
comment kept with --disable-nosem). Supply-chain vulns triaged IGNORED, or CLOSED / FIXED (no longer found), are
inactive findings: counted, never imported as open.
The Semgrep AppSec Platform's findings API (`findings[]` with rule_name/state) is not read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, remedy, text, unique
from ._static_common import code_asset, drop_empty, location

_CWE = re.compile(r"CWE[-_ ]?(\d+)", re.I)
_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}", re.I)
# semgrep's own levels; newer releases also write CRITICAL/HIGH/MEDIUM/LOW
_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "info": Severity.LOW, "inventory": Severity.INFO}


def _level(value: Any) -> Severity:
    word = text(value).lower()
    return _LEVELS.get(word) or label(word, Severity.MEDIUM)


def _cwes(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return unique(f"CWE-{int(m.group(1))}" for v in items for m in [_CWE.search(text(v))] if m)


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [text(v) for v in value if text(v)]
    return [text(value)] if text(value) else []


@register
class Semgrep(ReportFormat):
    id = "semgrep"
    scan_types = ("Semgrep JSON Report",)
    aliases = ("semgrep",)
    default_asset_type = AssetType.CODE
    recognises = "semgrep --json (results[] of check_id/path/start/extra) or the Supply Chain API's vulns[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("results.item.check_id", "results.item.extra", "results.item.start.line"):
            return 0.9
        if sniff.has_paths("vulns.item.advisory.ruleId", "vulns.item.matchedDependency"):
            return 0.9
        # a clean scan by a recent semgrep: no results, but semgrep's own bookkeeping keys
        if sniff.has_paths("results", "errors", "paths.scanned") and sniff.has_any_path(
            "skipped_rules", "interfile_languages_used"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" or head.json_root != "object":
            raise ValueError("a semgrep report is a JSON object with results[] or vulns[]")
        supply_chain = "vulns" in head.json_top_keys and "results" not in head.json_top_keys
        items = iter_json(report, "vulns.item" if supply_chain else "results.item")
        seen: set[tuple[str, str, str]] = set()
        count = 0
        for item in items:
            count += 1
            if not isinstance(item, dict):
                raise ValueError("a semgrep result is not an object")
            extra = item.get("extra")
            if isinstance(extra, dict) and extra.get("is_ignored") is True:
                ctx.skip("ignored (nosemgrep)")
                continue
            finding = _dependency(ctx, item) if supply_chain else _match(ctx, item)
            key = (finding.name, text(finding.details.get("path")), text(finding.details.get("line")))
            if key in seen:
                ctx.skip("the same rule at the same place again")
                continue
            seen.add(key)
            closed = _triaged_away(item)
            if closed:
                # Triaged in Semgrep: an inactive finding, never imported as open.
                finding.active = False
                finding.details["status"] = closed
            yield finding
        if not count:
            require_list_member(report, ("vulns",) if supply_chain else ("results",), "a semgrep report")


def _triaged_away(item: dict[str, Any]) -> str:
    triage = item.get("triage")
    status = text(triage.get("status") if isinstance(triage, dict) else None).upper()
    if status in {"IGNORED", "CLOSED", "FIXED"}:
        return f"triaged {status.lower()}"
    return ""


def _match(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    if "check_id" not in item:
        raise ValueError("a semgrep result has no check_id")
    check_id = text(item["check_id"])
    extra = item.get("extra") or {}
    meta = extra.get("metadata") or {}
    path = text(item.get("path"))
    line = (item.get("start") or {}).get("line")
    message = text(extra.get("message"))
    lines = text(extra.get("lines"))
    fix = text(extra.get("fix"))
    refs = _strings(meta.get("references")) + _strings(meta.get("source-rule-url"))
    return Finding(
        asset=code_asset(ctx, None, "semgrep"),
        name=check_id,
        severity=_level(extra.get("severity")),
        description=(message or check_id) + (f"\n\nCode:\n{lines}" if lines and lines != "requires login" else ""),
        remedy=f"Suggested fix: {fix}" if fix else (f"See {refs[0]}" if refs else "Review the code semgrep flagged."),
        cwes=_cwes(meta.get("cwe")),
        reference_ids=unique(cves_in(" ".join(refs))),
        location=location(path, line) or path,
        details=drop_empty(
            {
                "path": path,
                "line": line,
                "endLine": (item.get("end") or {}).get("line"),
                "owasp": _strings(meta.get("owasp")),
                "confidence": text(meta.get("confidence")),
                "references": refs[:10],
            }
        ),
    )


def _dependency(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    advisory = item.get("advisory") or {}
    if not isinstance(advisory, dict) or not (item.get("title") or advisory.get("title")):
        raise ValueError("a semgrep supply-chain vulnerability has no title/advisory")
    title = text(item.get("title")) or text(advisory.get("title"))
    refs = advisory.get("references") or {}
    dep = item.get("matchedDependency") or {}
    safe = text((item.get("closestSafeDependency") or {}).get("versionSpecifier"))
    where = item.get("dependencyFileLocation") or {}
    path = text(where.get("path"))
    line = text(where.get("startLine"))
    name, version = text(dep.get("name")), text(dep.get("versionSpecifier"))
    urls = _strings(refs.get("urls"))
    ghsas = unique("GHSA" + m.group(0)[4:].lower() for u in urls for m in [_GHSA.search(u)] if m)
    asset = ctx.asset(
        AssetType.BUILD,
        {
            "buildFile": path or "semgrep-supply-chain",
            "repository": text(item.get("repositoryName")),
            "origin": "semgrep",
        },
        placeholder=not path,
    )
    fixed = [safe] if safe else []
    return Finding(
        asset=asset,
        name=title,
        severity=label(advisory.get("severity"), Severity.MEDIUM),
        description=text(advisory.get("description")) or title,
        remedy=remedy(name, version, fixed),
        reference_ids=unique([*_strings(refs.get("cveIds")), *ghsas]),
        cwes=_cwes(refs.get("cweIds")),
        location=location(path, line if line not in ("", "0") else None) or f"{name}@{version}",
        package=Package(
            name=name, version=version or None, fixed_versions=fixed, ecosystem=text(advisory.get("ecosystem")) or None
        )
        if name
        else None,
        published=parse_datetime(advisory.get("announcedAt")),
        details=drop_empty(
            {
                "path": path,
                "line": line,
                "ruleId": text(advisory.get("ruleId")),
                "reachability": text(advisory.get("reachability")),
                "exposure": text(item.get("exposureType")),
                "transitivity": text(item.get("transitivity")),
                "triage": text((item.get("triage") or {}).get("status")),
                "references": urls[:10],
            }
        ),
    )
