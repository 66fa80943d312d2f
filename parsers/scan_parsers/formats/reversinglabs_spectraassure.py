"""ReversingLabs Spectra Assure (rl-secure / rl-scanner) analysis report in its JSON form, `report.rl.json`
(`rl-secure report --format rl-json`, also in the rl-scanner container's reports): {catalogue, duration, report:
{info: {file, statistics, detections, ...}, metadata: {assessments, components: {<uuid>: component},
vulnerabilities: {<CVE>: {cvss: {baseScore, version}, exploit, sources, violations}}, violations, licenses, ...}}}.
A component is {name, path, hashes: [[algorithm, value]], identity: {product, version, purl, cpe,
vulnerabilities: {active: [CVE], triaged: [CVE]}}}.

One finding per vulnerability of a component: components with the same name but different contents (sha256) are
different components, so their vulnerabilities are separate findings. A vulnerability triaged in the portal is
counted but inactive; components with no vulnerability are counted as skipped. Severity is from the CVSS base
score the report gives for the CVE. The policy assessments and violations summarise these records and are not
findings of their own. The asset is the BUILD artifact analysed (the package file's name, with its sha256).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._purl import purl_type
from ._sca_common import cvss_score, text
from ._static_common import drop_empty


@register
class ReversingLabsSpectraAssure(ReportFormat):
    id = "reversinglabs_spectraassure"
    scan_types = ("ReversingLabs Spectra Assure",)
    aliases = ("spectra-assure", "rl-secure", "rl-scanner")
    default_asset_type = AssetType.BUILD
    recognises = (
        "rl-secure report.rl.json: {report: {info: {file, statistics}, metadata: {components, vulnerabilities}}}"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("report.info.file.identity", "report.info.statistics") and sniff.has_any_path(
            "report.info.inhibitors", "report.metadata.assessments", "report.metadata.components", "catalogue"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        body = doc.get("report") if isinstance(doc, dict) else None
        metadata = body.get("metadata") if isinstance(body, dict) else None
        if not isinstance(body, dict) or not isinstance(metadata, dict):
            raise InvalidReport(f"{report.name}: no report.metadata object: not a Spectra Assure rl-json report")
        components = metadata.get("components", {})
        cves = metadata.get("vulnerabilities") or {}
        components = {} if components is None else components
        if not isinstance(components, dict) or not isinstance(cves, dict):
            raise InvalidReport(f"{report.name}: report.metadata.components is not an object keyed by component id")
        asset = _artifact(ctx, body.get("info"), report.inner_name)
        for uuid, component in components.items():
            if not isinstance(component, dict):
                raise InvalidReport(f"{report.name}: component {uuid} is not an object")
            identity = _obj(component.get("identity"))
            found = _obj(identity.get("vulnerabilities"))
            active, triaged = found.get("active") or [], found.get("triaged") or []
            if not active and not triaged:
                ctx.skip("component with no vulnerability")
                continue
            for cve in [*active, *triaged]:
                yield _finding(asset, uuid, component, text(cve), _obj(cves.get(cve)), triaged=cve not in active)


def _artifact(ctx: ParseContext, info: Any, file_name: str) -> Asset:
    file = _obj(_obj(info).get("file"))
    name = text(file.get("name"))
    ctx.meta.target = name or None
    digest = _hash(file, "sha256")
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": name or file_name, "sha256": digest or None, "origin": "spectra-assure"},
        placeholder=not name,
    )


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _hash(component: dict[str, Any], algorithm: str) -> str:
    for pair in component.get("hashes") or []:
        if isinstance(pair, list) and len(pair) == 2 and pair[0] == algorithm:
            return text(pair[1])
    return ""


def _finding(
    asset: Asset,
    uuid: str,
    component: dict[str, Any],
    cve: str,
    record: dict[str, Any],
    *,
    triaged: bool,
) -> Finding:
    identity = _obj(component.get("identity"))
    cvss = _obj(record.get("cvss"))
    score = cvss_score(cvss.get("baseScore"))
    product = text(identity.get("product")) or text(component.get("name"))
    version = text(identity.get("version"))
    path = text(component.get("path")) or text(component.get("name"))
    purl = text(identity.get("purl"))
    details = drop_empty(
        {
            "component": uuid,
            "sha256": _hash(component, "sha256"),
            "exploit": record.get("exploit"),
            "sources": record.get("sources"),
            "policies": record.get("violations"),
            "cpe": identity.get("cpe"),
        }
    )
    if triaged:
        details["status"] = "triaged"
    return Finding(
        asset=asset,
        name=f"{cve} in {product} {version}".strip(),
        severity=from_cvss(score) if score is not None else Severity.MEDIUM,
        description=text(record.get("name")) or f"{cve} affects {product} {version} ({path}).",
        remedy=f"Update {product} to a version without {cve}"
        + ("; a fix is available." if "FIXABLE" in (record.get("exploit") or []) else "."),
        score=score,
        reference_ids=[cve],
        location=f"{path} ({details['sha256'][:12]})" if details.get("sha256") else path,
        package=Package(product, version or None, [], purl or None, purl_type(purl)),
        details=details,
        active=not triaged,
    )
