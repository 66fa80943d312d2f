"""OWASP Dependency-Check reports, XML and JSON:

- XML (`--format XML`, schemas 1.x to 4.x): <analysis> (namespace jeremylong.github.io/DependencyCheck/...) with
  projectInfo and dependencies/dependency, each with identifiers/package/id (a purl), vulnerabilities/vulnerability
  and suppressedVulnerability, relatedDependencies;
- JSON (`--format JSON`, reportSchema 1.x): {reportSchema, scanInfo, projectInfo, dependencies: [{fileName, filePath,
  packages: [{id}], vulnerabilities: [{source, name, severity, cvssv2, cvssv3, cwes, description, references}],
  suppressedVulnerabilities, relatedDependencies}]} (read as the XML's elements);
- its SARIF output is read by the sarif format.

One finding per vulnerability and per suppressed vulnerability of each dependency, as DefectDojo counts them;
suppressed ones are tagged `suppressed` so they can be told apart. The asset is the BUILD project (projectInfo
name). Severity is the vulnerability's, else CVSS v3's, else v2's (else from the score). Dependencies without
vulnerabilities are counted as skipped. Streamed dependency by dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import clear_element, iter_json, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import leading_members
from ._sca_common import cvss_score, text, unique

_CWE = re.compile(r"CWE-(\d+)", re.I)
_PURL = re.compile(r"^pkg:([^/]+)/(.+?)@([^?#]+)")


def _local(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _child(el: Any, name: str) -> Any:
    return el.find(f"{{*}}{name}") if el is not None else None


def _text(el: Any, path: str) -> str:
    """Text of a descendant by local names ("cvssV3/baseScore"), whatever the schema namespace."""
    node = el
    for part in path.split("/"):
        node = _child(node, part)
        if node is None:
            return ""
    return " ".join((node.text or "").split())


@register
class DependencyCheck(ReportFormat):
    id = "dependency_check"
    scan_types = ("Dependency Check Scan",)
    aliases = ("owasp-dependency-check", "dependency-check", "depcheck")
    default_asset_type = AssetType.BUILD
    phoenix_scan_type = "Dependency Check Scan"
    recognises = "Dependency-Check XML: <analysis> in the jeremylong.github.io/DependencyCheck namespace"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json":
            if sniff.has_any_path("reportSchema", "scanInfo.engineVersion") and sniff.has_any_path(
                "dependencies", "scanInfo.dataSource", "projectInfo.reportDate"
            ):
                return 0.9
            return 0.0
        if sniff.kind != "xml" or sniff.xml_root != "analysis":
            return 0.0
        if sniff.xml_namespace and "DependencyCheck" in sniff.xml_namespace:
            return 0.95
        return 0.7 if {"dependencies", "dependency", "projectInfo"} <= sniff.xml_tags else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"{":
            yield from self._json(report, ctx)
            return
        asset: Asset | None = None
        root_checked = False
        for _event, el in iter_xml(report, ("projectInfo", "dependency")):
            if not root_checked:
                root = el.getroottree().getroot()
                if _local(root) != "analysis":
                    raise ValueError(f"the root element is <{_local(root)}>, not <analysis>")
                root_checked = True
            if _local(el) == "projectInfo":
                name = _text(el, "name")
                asset = ctx.asset(
                    AssetType.BUILD,
                    {"buildFile": name or "dependency-check", "origin": "dependency-check"},
                    placeholder=not name,
                )
                ctx.meta.target = name or None
                continue
            if asset is None:
                asset = ctx.asset(
                    AssetType.BUILD, {"buildFile": "dependency-check", "origin": "dependency-check"}, placeholder=True
                )
            yield from _counted(ctx, _dependency_findings(asset, el))
            clear_element(el)
        if asset is None:
            # no projectInfo and no dependency at all: make sure this is still a Dependency-Check report
            if not root_checked and not any(True for _ in iter_xml(report, ("analysis",))):
                raise ValueError("no <analysis> element: this is not a Dependency-Check report")
            ctx.asset(
                AssetType.BUILD, {"buildFile": "dependency-check", "origin": "dependency-check"}, placeholder=True
            )

    def _json(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = leading_members(report, ("dependencies",))
        if "reportSchema" not in head and "scanInfo" not in head and "projectInfo" not in head:
            raise InvalidReport(f"{report.name}: JSON without reportSchema/scanInfo: not a Dependency-Check report")
        name = text((head.get("projectInfo") or {}).get("name"))
        asset = ctx.asset(
            AssetType.BUILD,
            {"buildFile": name or "dependency-check", "origin": "dependency-check"},
            placeholder=not name,
        )
        ctx.meta.target = name or None
        for dep in iter_json(report, "dependencies.item"):
            if not isinstance(dep, dict):
                raise InvalidReport(f"{report.name}: an entry of `dependencies` is not an object")
            yield from _counted(ctx, _dependency_findings(asset, _as_element(dep)))


def _counted(ctx: ParseContext, findings: Iterator[Finding]) -> Iterator[Finding]:
    n = 0
    for f in findings:
        n += 1
        yield f
    if not n:
        ctx.skip("dependency with no vulnerability")


def _as_element(dep: dict[str, Any]) -> Any:
    """A JSON dependency as the XML <dependency> element it mirrors, so both are read by one code path."""
    el = etree.Element("dependency")
    for key in ("fileName", "filePath"):
        etree.SubElement(el, key).text = text(dep.get(key))
    ids = etree.SubElement(el, "identifiers")
    for pkg in dep.get("packages") or []:
        if isinstance(pkg, dict) and pkg.get("id"):
            etree.SubElement(etree.SubElement(ids, "package"), "id").text = text(pkg["id"])
    related = etree.SubElement(el, "relatedDependencies")
    for r in dep.get("relatedDependencies") or []:
        if isinstance(r, dict):
            node = etree.SubElement(related, "relatedDependency")
            for key in ("fileName", "filePath"):
                etree.SubElement(node, key).text = text(r.get(key))
    vulns = dep.get("vulnerabilities") or []
    suppressed = dep.get("suppressedVulnerabilities") or []
    if vulns or suppressed:
        holder = etree.SubElement(el, "vulnerabilities")
        for tag, items in (("vulnerability", vulns), ("suppressedVulnerability", suppressed)):
            for v in items:
                if isinstance(v, dict):
                    holder.append(_vuln_element(tag, v))
    return el


def _vuln_element(tag: str, v: dict[str, Any]) -> Any:
    node = etree.Element(tag, source=text(v.get("source")))
    for key in ("name", "severity", "description", "notes"):
        etree.SubElement(node, key).text = text(v.get(key))
    v3 = v.get("cvssv3") or {}
    v2 = v.get("cvssv2") or {}
    if isinstance(v3, dict) and v3:
        c = etree.SubElement(node, "cvssV3")
        etree.SubElement(c, "baseScore").text = text(v3.get("baseScore"))
        etree.SubElement(c, "baseSeverity").text = text(v3.get("baseSeverity"))
    if isinstance(v2, dict) and v2:
        c = etree.SubElement(node, "cvssV2")
        etree.SubElement(c, "score").text = text(v2.get("score"))
        etree.SubElement(c, "severity").text = text(v2.get("severity"))
    cwes = etree.SubElement(node, "cwes")
    for cwe in v.get("cwes") or []:
        etree.SubElement(cwes, "cwe").text = text(cwe)
    refs = etree.SubElement(node, "references")
    for r in v.get("references") or []:
        if isinstance(r, dict):
            etree.SubElement(etree.SubElement(refs, "reference"), "url").text = text(r.get("url"))
    return node


def _package(dep: Any) -> Package:
    file_name = _text(dep, "fileName")
    purls = [
        " ".join((p.text or "").split())
        for ids in dep.iter("{*}identifiers")
        for pkg in ids.findall("{*}package")
        for p in pkg.findall("{*}id")
    ]
    for purl in purls:
        m = _PURL.match(purl)
        if m:
            return Package(m.group(2).replace("/", ":"), m.group(3), [], purl, m.group(1))
    return Package(file_name, None, [], None, None)


def _dependency_findings(asset: Asset, dep: Any) -> Iterator[Finding]:
    vulns = _child(dep, "vulnerabilities")
    if vulns is None:
        return
    package = _package(dep)
    file_path = _text(dep, "filePath")
    file_name = _text(dep, "fileName")
    related = [
        _text(r, "filePath") or _text(r, "fileName")
        for rd in dep.findall("{*}relatedDependencies")
        for r in rd.findall("{*}relatedDependency")
    ]
    for vuln in vulns:
        kind = _local(vuln)
        if kind not in ("vulnerability", "suppressedVulnerability"):
            continue
        yield _finding(asset, vuln, package, file_name, file_path, related, suppressed=kind != "vulnerability")


def _severity_and_score(vuln: Any) -> tuple[Severity, float | None]:
    score = (
        cvss_score(_text(vuln, "cvssV3/baseScore"))
        or cvss_score(_text(vuln, "cvssV2/score"))
        or cvss_score(_text(vuln, "cvssScore"))
    )
    word = _text(vuln, "severity") or _text(vuln, "cvssV3/baseSeverity") or _text(vuln, "cvssV2/severity")
    if word:
        return label(word), score
    return (from_cvss(score) if score is not None else Severity.MEDIUM), score


def _finding(  # noqa: PLR0917 - a private builder called from one place
    asset: Asset, vuln: Any, package: Package, file_name: str, file_path: str, related: list[str], suppressed: bool
) -> Finding:
    name = _text(vuln, "name")
    severity, score = _severity_and_score(vuln)
    cwe_texts = [_text(vuln, "cwe")] + [" ".join((c.text or "").split()) for c in vuln.iter("{*}cwe")]
    cwes = unique(f"CWE-{int(m.group(1))}" for t in cwe_texts for m in _CWE.finditer(t) if int(m.group(1)) > 0)
    refs = [_text(r, "url") for r in vuln.iter("{*}reference")]
    ids = unique([name] if re.match(r"^(CVE|GHSA)-", name, re.I) else [])
    ids += [i for i in unique(re.findall(r"CVE-\d{4}-\d{4,}", " ".join(refs))) if i not in ids][:5]
    component = package.name if package.version is None else f"{package.name}@{package.version}"
    notes = _text(vuln, "notes")
    return Finding(
        asset=asset,
        name=f"{name} in {file_name}" if name else f"Vulnerability in {file_name}",
        severity=severity,
        description=_text(vuln, "description") or name,
        remedy=f"Update {component} to a version that is not affected by {name}".strip(),
        score=score,
        reference_ids=ids,
        cwes=cwes,
        location=file_path or file_name,
        package=package,
        tags=[Tag("suppressed", "dependency-check")] if suppressed else [],
        details={
            k: v
            for k, v in {
                "source": vuln.get("source"),
                "suppressed": suppressed or None,
                "notes": notes,
                "references": unique(refs)[:20],
                "relatedDependencies": related[:20],
            }.items()
            if v
        },
    )
