"""Meterian (`meterian-cli --report-json=<file>`): the JSON report of a Meterian project scan.

Layout: a root object {url (the project page, with pid and branch), timestamp, scores {security, stability,
licensing}, reports {security {score, reports[] of {language, reports[] of {dependency {name, version},
advices[] of {id, library {name, language}, description, severity, cvss, cve, cwe, versionRange, links[] of
{type, url}, type}, hierarchy[], safeVersions {latestPatch, latestMinor, latestMajor}, transitive}}},
stability, licensing}}. Only `reports.security` holds vulnerabilities; stability (outdated versions) and
licensing are not security findings and are not read.

One finding per advice of a dependency version in a language (Meterian's grouping: the same advisory on two
versions of a library is two findings). Severity is the advice's (the CVSS score when missing). The asset is the
Meterian project (BUILD, named by the project id and branch of `url`). A report whose security section is missing
or misplaced is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj, objs
from ._sca_common import cves_in, cvss_score, cwe_id, parse_datetime, text, unique

_ECOSYSTEMS = {"nodejs": "npm", "java": "maven", "python": "pypi", "ruby": "gem", "dotnet": "nuget", "php": "composer"}


@register
class Meterian(ReportFormat):
    id = "meterian"
    scan_types = ("Meterian Scan",)
    aliases = ("meterian-cli",)
    default_asset_type = AssetType.BUILD
    recognises = "Meterian JSON: url (meterian.com project), scores, reports.security.reports[].reports[].advices[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("reports.security.reports.item.reports.item.advices"):
            return 0.95
        if {"url", "scores"} <= set(sniff.json_top_keys) and sniff.contains("meterian.com"):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)  # one project's advices: small
        security = obj(obj(data.get("reports")).get("security")) if isinstance(data, dict) else {}
        if not isinstance(security.get("reports"), list):
            raise InvalidReport(f"{report.name}: no `reports.security.reports` list: not a Meterian report")
        ctx.meta.scanner = "Meterian"
        ctx.meta.scan_date = parse_datetime(data.get("timestamp"))
        asset = _asset(ctx, text(data.get("url")))
        for lang in objs(security["reports"]):
            language = text(lang.get("language"))
            if not objs(lang.get("reports")):
                ctx.skip("language scanned with no dependency report")
            for dep_report in objs(lang.get("reports")):
                advices = objs(dep_report.get("advices"))
                if not advices:
                    ctx.skip("dependency without advices")
                for advice in advices:
                    yield _finding(asset, language, dep_report, advice)


def _asset(ctx: ParseContext, url: str) -> Asset:
    query = parse_qs(urlsplit(url).query) if url else {}
    pid = (query.get("pid") or [""])[0]
    branch = (query.get("branch") or [""])[0]
    ctx.meta.target = url or None
    name = f"meterian project {pid}" + (f" ({branch})" if branch else "") if pid else ""
    return ctx.asset(
        AssetType.BUILD, {"buildFile": name or "meterian project", "origin": "meterian"}, placeholder=not pid
    )


def _finding(asset: Asset, language: str, dep_report: dict[str, Any], advice: dict[str, Any]) -> Finding:
    dep = obj(dep_report.get("dependency"))
    name, version = text(dep.get("name")), text(dep.get("version"))
    score = cvss_score(advice.get("cvss"))
    word = text(advice.get("severity"))
    severity = label(word) if word else from_cvss(score) if score is not None else Severity.MEDIUM
    links = objs(advice.get("links"))
    cves = unique([*cves_in(text(advice.get("cve"))), *(c for link in links for c in cves_in(text(link.get("url"))))])
    safe = obj(dep_report.get("safeVersions"))
    fixed = unique(safe.get(k) for k in ("latestPatch", "latestMinor", "latestMajor"))
    description = text(advice.get("description"))
    ecosystem = _ECOSYSTEMS.get(language, language) or None
    return Finding(
        asset=asset,
        name=f"{name} {version}: " + (f"{cves[0]} " if cves else "") + (description or text(advice.get("id")))[:200],
        severity=severity,
        description=description or text(advice.get("id")),
        remedy=f"Upgrade {name} from {version} to {fixed[0]}" if fixed else f"No safe version of {name} is known",
        score=score,
        reference_ids=unique([*cves, advice.get("id")]),
        cwes=unique([cwe_id(advice.get("cwe"))]),
        location=" > ".join(text(h) for h in dep_report.get("hierarchy") or [] if text(h)) or f"{name}@{version}",
        package=Package(name, version or None, fixed, None, ecosystem),
        details={
            k: v
            for k, v in {
                "language": language,
                "versionRange": text(advice.get("versionRange")),
                "links": [text(link.get("url")) for link in links][:20],
                "transitive": dep_report.get("transitive"),
            }.items()
            if v not in (None, "", [])
        },
    )
