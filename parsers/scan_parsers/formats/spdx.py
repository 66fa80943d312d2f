"""SPDX 2.x SBOMs in their JSON serialization (SPDX 2.2 and 2.3, as syft, Trivy, the GitHub dependency graph,
Microsoft's sbom-tool and others write them): {spdxVersion, SPDXID, name, documentNamespace, creationInfo,
packages: [{SPDXID, name, versionInfo, externalRefs: [{referenceCategory, referenceType, referenceLocator}]}],
files?, relationships?}.

SPDX 2 has no vulnerability section: what a writer knows of a package's vulnerabilities it records as SECURITY
external references (`advisory`, `fix`, `url`). One finding per `advisory` reference of a package, named after the
identifier in its locator (CVE, GHSA, OSV ...; else the URL); the package's `fix` and `url` references go into the
remedy and the references. The document carries no severity: findings are medium. Packages without an advisory are
counted as skipped, the way DefectDojo counts this format.

Decision on SBOMs that carry no vulnerability information at all (no package has a SECURITY advisory, fix or url
reference): they are refused as InvalidReport saying what the file is. Such a document lists components, not
findings: importing it as an empty scan would close every open finding of the asset, although nothing was checked
(a vulnerability scanner run on the SBOM, e.g. `grype sbom:file.spdx.json`, gives the findings). SPDX 3.0 JSON-LD
(`@graph`) is recognised as SPDX and refused the same way, naming the version. The asset is the BUILD the document
describes (its name). Packages are streamed.

`standard` is SPDX: the format claims every SPDX JSON document; a tool's own format outranks it only on evidence
that names the tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, json_backend
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import leading_members, trailing_members
from ._purl import purl_type
from ._sca_common import text, unique
from ._static_common import drop_empty

_ID = re.compile(r"\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z]{2,10}-\d{4}-\d+)\b", re.IGNORECASE)
_HEADER = ("spdxVersion", "name", "documentNamespace", "SPDXID", "creationInfo")


@register
class Spdx(ReportFormat):
    id = "spdx"
    scan_types = ("SPDX Scan",)
    aliases = ("spdx-json",)
    standard = "SPDX"
    default_asset_type = AssetType.BUILD
    recognises = "SPDX JSON document: {spdxVersion: SPDX-2.x, SPDXID, packages[] with externalRefs}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.json_string("spdxVersion").upper().startswith("SPDX-"):
            return 0.9
        if sniff.json_string("SPDXID") == "SPDXRef-DOCUMENT" and sniff.has_any_path("packages", "documentNamespace"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not an SPDX JSON document (expected a JSON object)")
        header = leading_members(report, ("packages", "files", "relationships", "@graph"))
        if not all(k in header for k in ("spdxVersion", "name")):
            header.update(trailing_members(report, _HEADER) or _scalars(report, ("spdxVersion", "name", "@context")))
        version = text(header.get("spdxVersion"))
        if version.upper().startswith("SPDX-3") or "@graph" in header or "@context" in header:
            raise InvalidReport(
                f"{report.name}: an {version or 'SPDX 3'} JSON-LD document; only SPDX 2.x JSON is read"
                " (export the SBOM as SPDX 2.3 JSON)"
            )
        if not version.upper().startswith("SPDX-2"):
            raise InvalidReport(f"{report.name}: no spdxVersion SPDX-2.x: not an SPDX 2 JSON document")
        name = text(header.get("name"))
        ctx.meta.target = name or None
        asset = ctx.asset(
            AssetType.BUILD, {"buildFile": name or report.inner_name, "origin": "spdx"}, placeholder=not name
        )
        security = 0
        for package in iter_json(report, "packages.item"):
            if not isinstance(package, dict):
                raise InvalidReport(f"{report.name}: an entry of `packages` is not an object")
            refs = [r for r in package.get("externalRefs") or [] if isinstance(r, dict)]
            found = {t: _locators(refs, t) for t in ("advisory", "fix", "url")}
            if any(found.values()):
                security += 1
            if not found["advisory"]:
                ctx.skip("package with no advisory reference")
                continue
            for advisory in found["advisory"]:
                yield _finding(asset, package, refs, advisory, found)
        if not security:
            raise InvalidReport(
                f"{report.name}: an SPDX {version} SBOM of {name or 'a package set'} with no vulnerability information"
                " (no SECURITY advisory references): it lists components, not findings; scan it with a vulnerability"
                " scanner and import that report"
            )


def _scalars(report: ReportInput, keys: tuple[str, ...]) -> dict[str, Any]:
    """The root's string members among `keys`, in one streaming pass (when they follow the packages)."""
    out: dict[str, Any] = {}
    with report.open() as f:
        for prefix, event, value in json_backend(report).parse(f):
            if event == "string" and prefix in keys:
                out[prefix] = value
    return out


def _canonical(identifier: str) -> str:
    """CVE ids upper case, GHSA ids with their lower-case body, as the advisory databases write them."""
    up = identifier.upper()
    return "GHSA-" + identifier[5:].lower() if up.startswith("GHSA-") else up


def _locators(refs: list[dict[str, Any]], kind: str) -> list[str]:
    return unique(
        r.get("referenceLocator")
        for r in refs
        if text(r.get("referenceCategory")).upper().replace("_", "-") == "SECURITY"
        and text(r.get("referenceType")).lower() == kind
    )


def _finding(
    asset: Asset, package: dict[str, Any], refs: list[dict[str, Any]], advisory: str, found: dict[str, list[str]]
) -> Finding:
    name, version = text(package.get("name")), text(package.get("versionInfo"))
    ids = unique(_canonical(m.group(1)) for m in _ID.finditer(advisory))
    purl = next((text(r.get("referenceLocator")) for r in refs if text(r.get("referenceType")).lower() == "purl"), "")
    related = [u for u in found["url"] if not ids or any(i in u.upper() for i in ids) or len(found["advisory"]) == 1]
    fixes = found["fix"]
    return Finding(
        asset=asset,
        name=f"{ids[0]} in {name}" if ids else f"Advisory for {name} {version}: {advisory}",
        severity=Severity.MEDIUM,
        description=f"The SBOM records an advisory for {name} {version}: {advisory}",
        remedy=("Apply the fix: " + ", ".join(fixes)) if fixes else f"Update {name} past {version} per the advisory.",
        reference_ids=unique([*ids, *(_canonical(m.group(1)) for u in related for m in _ID.finditer(u)), advisory]),
        location=f"{name}@{version}",
        package=Package(name, version or None, [], purl or None, purl_type(purl)),
        details=drop_empty({"spdxId": package.get("SPDXID"), "advisory": advisory, "urls": related, "fixes": fixes}),
    )
