"""OWASP Dependency-Check XML report (schemas 1.x to 4.x): analysis/dependencies/dependency with
vulnerabilities/vulnerability and suppressedVulnerability.

One finding per vulnerability and per suppressed vulnerability of each dependency, as DefectDojo counts them;
suppressed ones are tagged `suppressed` so they can be told apart. Streamed dependency by dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, unique

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
        if sniff.kind != "xml" or sniff.xml_root != "analysis":
            return 0.0
        if sniff.xml_namespace and "DependencyCheck" in sniff.xml_namespace:
            return 0.95
        return 0.7 if {"dependencies", "dependency", "projectInfo"} <= sniff.xml_tags else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
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
            yield from _dependency_findings(asset, el)
            clear_element(el)
        if asset is None:
            # no projectInfo and no dependency at all: make sure this is still a Dependency-Check report
            if not root_checked and not any(True for _ in iter_xml(report, ("analysis",))):
                raise ValueError("no <analysis> element: this is not a Dependency-Check report")
            ctx.asset(
                AssetType.BUILD, {"buildFile": "dependency-check", "origin": "dependency-check"}, placeholder=True
            )


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
