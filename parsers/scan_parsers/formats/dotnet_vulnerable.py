"""`dotnet list package --vulnerable [--include-transitive] --format json` (.NET SDK 7.0.200+): NuGet packages
with known vulnerabilities, per project and target framework.

Layout (report `version` 1): {version, parameters, sources[], problems[], projects[] of {path, frameworks[] of
{framework, topLevelPackages[], transitivePackages[] of {id, requestedVersion, resolvedVersion,
vulnerabilities[] of {severity, advisoryurl}}}}}. A project without vulnerable packages has no `frameworks`.

One finding per advisory of a package in a project; a package that is vulnerable in several target frameworks of
the project is one finding (the frameworks are kept in the details). Severity is the advisory's (Low, Moderate,
High, Critical). The asset is the project file (BUILD, its path). The same layout without `--vulnerable`
(--outdated, --deprecated) holds no vulnerabilities and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import objs
from ._sca_common import text, unique

_GHSA = re.compile(r"GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}", re.I)
_PARAMETERS = re.compile(r'"parameters"\s*:\s*"([^"]*)"')


@register
class DotnetVulnerable(ReportFormat):
    id = "dotnet_vulnerable"
    scan_types = ("Dotnet Vulnerable Packages Scan",)
    aliases = ("dotnet-list-package", "dotnet-vulnerable")
    default_asset_type = AssetType.BUILD
    recognises = "dotnet list package --vulnerable --format json: projects[].frameworks[].topLevelPackages[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "projects" not in sniff.json_top_keys:
            return 0.0
        params = _PARAMETERS.search(sniff.text)
        if params and "--vulnerable" in params.group(1):
            return 0.95
        if sniff.has_any_path(
            "projects.item.frameworks.item.topLevelPackages.item.vulnerabilities",
            "projects.item.frameworks.item.transitivePackages.item.vulnerabilities",
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)  # the packages of one solution: small
        if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
            raise InvalidReport(f"{report.name}: no `projects` list: not `dotnet list package` JSON output")
        params = text(data.get("parameters"))
        if params and "--vulnerable" not in params:
            raise InvalidReport(
                f"{report.name}: `dotnet list package {params}` lists no vulnerabilities; run it with --vulnerable"
            )
        ctx.meta.scanner = "dotnet list package"
        for problem in objs(data.get("problems")):
            ctx.warn("dotnet-problem", f"{text(problem.get('project'))}: {text(problem.get('text'))}".strip(": "))
        for project in objs(data["projects"]):
            path = text(project.get("path"))
            asset = ctx.asset(
                AssetType.BUILD, {"buildFile": path or "project", "origin": "dotnet"}, placeholder=not path
            )
            frameworks = objs(project.get("frameworks"))
            if not frameworks:
                ctx.skip("project without vulnerable packages")
            yield from _project(asset, path, frameworks)


def _project(asset: Asset, path: str, frameworks: list[dict[str, Any]]) -> Iterator[Finding]:
    found: dict[tuple[str, str, str], tuple[dict[str, Any], dict[str, Any], list[str], bool]] = {}
    for fw in frameworks:
        name = text(fw.get("framework"))
        for kind in ("topLevelPackages", "transitivePackages"):
            for pkg in objs(fw.get(kind)):
                version = text(pkg.get("resolvedVersion")) or text(pkg.get("requestedVersion"))
                for vuln in objs(pkg.get("vulnerabilities")):
                    key = (text(pkg.get("id")), version, text(vuln.get("advisoryurl")))
                    if key not in found:
                        found[key] = (pkg, vuln, [], kind == "transitivePackages")
                    if name and name not in found[key][2]:
                        found[key][2].append(name)
    for (pid, version, url), (pkg, vuln, names, transitive) in found.items():
        advisory = next(iter(_GHSA.findall(url)), "") or url.rsplit("/", 1)[-1]
        yield Finding(
            asset=asset,
            name=f"{pid} {version}: {advisory}" if advisory else f"{pid} {version}: vulnerable package",
            severity=label(vuln.get("severity")),
            description=f"{'Transitive' if transitive else 'Top-level'} NuGet package {pid} {version} of "
            f"{path or 'the project'} ({', '.join(names) or 'all frameworks'}) has a known vulnerability"
            + (f": {url}" if url else "."),
            remedy=f"Update {pid} from {version} to a version that fixes {advisory or 'the advisory'}.",
            reference_ids=unique([advisory]),
            location=f"{path}: {pid}@{version}" if path else f"{pid}@{version}",
            package=Package(pid, version or None, [], f"pkg:nuget/{pid}@{version}" if version else None, "nuget"),
            details={
                k: v
                for k, v in {
                    "advisoryUrl": url,
                    "frameworks": names,
                    "requestedVersion": text(pkg.get("requestedVersion")),
                    "transitive": transitive,
                }.items()
                if v
            },
        )
