"""DevAudit (OSS Index DevAudit) JSON output: vulnerable packages of an npm, NuGet, Composer, ... project.

Layout (DevAudit 3.x `--output json`): a root object {"Packages Audited", "Vulnerabilities Found", "Packages"[]
of {Package {pm, group, name, version, vendor}, Vulnerabilities[] of {id, title, description, cvssScore,
cvssVector, cwe, reference}}}. DevAudit writes absent values as the string "None"; `reference` may list several
URLs separated by commas.

One finding per vulnerability of a package. Severity comes from the CVSS score (the vector when the score is
missing, else MEDIUM). The asset is the audited project (BUILD placeholder named after the package manager: the
report does not name the project). Packages without vulnerabilities are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj, objs
from ._ossindex import ossindex_finding
from ._sca_common import text

_MANIFESTS = {"npm": "package.json", "nuget": "packages.config", "composer": "composer.json", "bower": "bower.json"}


def _value(value: Any) -> str:
    v = text(value)
    return "" if v in ("None", "null") else v


@register
class OssindexDevaudit(ReportFormat):
    id = "ossindex_devaudit"
    scan_types = ("OssIndex Devaudit SCA Scan Importer",)
    aliases = ("devaudit", "ossindex-devaudit")
    default_asset_type = AssetType.BUILD
    recognises = (
        'DevAudit JSON: {"Packages Audited", "Vulnerabilities Found", "Packages"[] of {Package, Vulnerabilities}}'
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        if {"Packages Audited", "Vulnerabilities Found"} <= keys:
            return 0.9
        if sniff.has_paths("Packages.item.Package.pm", "Packages.item.Vulnerabilities"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)  # the packages of one project: small
        if not isinstance(data, dict) or not ({"Packages", "Packages Audited"} & data.keys()):
            raise InvalidReport(f"{report.name}: no `Packages` list: not a DevAudit report")
        packages = data.get("Packages")
        if packages is not None and not isinstance(packages, list):
            raise InvalidReport(f"{report.name}: `Packages` is not a list")
        ctx.meta.scanner = "DevAudit"
        for entry in objs(packages):
            pkg = obj(entry.get("Package"))
            if not _value(pkg.get("name")):
                raise InvalidReport(f"{report.name}: a package without a name: not a DevAudit report")
            pm, group, name, version = (_value(pkg.get(k)) for k in ("pm", "group", "name", "version"))
            full = f"{group}/{name}" if group else name
            package = Package(
                full, version or None, [], f"pkg:{pm}/{full}@{version}" if pm and version else None, pm or None
            )
            manifest = _MANIFESTS.get(pm.lower(), f"{pm} project" if pm else "project")
            asset = ctx.asset(AssetType.BUILD, {"buildFile": manifest, "origin": "devaudit"}, placeholder=True)
            vulns = objs(entry.get("Vulnerabilities"))
            if not vulns:
                ctx.skip("package without vulnerabilities")
            for vuln in vulns:
                vuln = {k: _value(v) if isinstance(v, str) else v for k, v in vuln.items()}
                refs = [r.strip() for r in text(vuln.get("reference")).split(",") if r.strip()]
                vuln["reference"] = next((r for r in refs if "ossindex" in r), refs[0] if refs else "")
                vuln["externalReferences"] = refs
                yield ossindex_finding(asset, package, vuln, f"{manifest}: {full}@{version}" if version else full)
