"""CycloneDX SBOMs with vulnerabilities, JSON (1.4+) and XML (1.4+ native `vulnerabilities`, and the 1.0
vulnerability extension of spec 1.2/1.3 (`v:vulnerability` inside each component), as Grype and Trivy write them).

One finding per vulnerability and affected component (a vulnerability affecting two packages is two findings).
An SBOM without vulnerabilities is a valid, empty report. Vulnerabilities whose VEX analysis says
`not_affected` / `false_positive` are kept, tagged with that state (as DefectDojo keeps them, flagged).

JSON is read in passes that stay bounded in memory: metadata, then components (bom-ref -> package), then the
vulnerabilities one at a time. XML is streamed with iterparse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ijson
from lxml import etree

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import clear_element, iter_json, iter_xml, json_backend
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cves_in, cvss_score, cwe_id, parse_datetime, text, unique

_PREFERRED_METHODS = ("CVSSV4", "CVSSV31", "CVSSV3")


@register
class CycloneDX(ReportFormat):
    id = "cyclonedx"
    scan_types = ("CycloneDX Scan",)
    aliases = ("cyclonedx", "sbom", "cdx")
    standard = "CycloneDX"
    default_asset_type = AssetType.BUILD
    phoenix_scan_type = "CycloneDX Scan"
    recognises = "CycloneDX BOM: JSON with bomFormat CycloneDX, or XML <bom> in the cyclonedx.org namespace"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.has_paths("bomFormat", "specVersion") and '"CycloneDX"' in sniff.text:
            return 0.9
        if (
            sniff.kind == "xml"
            and sniff.xml_root == "bom"
            and "cyclonedx.org/schema/bom" in (sniff.xml_namespace or "")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        first = report.first_byte()
        if first == b"<":
            yield from _parse_xml(report, ctx)
        elif first == b"{":
            yield from _parse_json(report, ctx)
        else:
            raise ValueError("neither JSON nor XML: not a CycloneDX BOM")


# ---------------------------------------------------------------- shared


class _Vuln:
    """The format-neutral facts of one vulnerability entry."""

    def __init__(self) -> None:
        self.id = ""
        self.source = ""
        self.refs: list[str] = []
        self.ratings: list[tuple[str, float | None, str]] = []  # (severity, score, method)
        self.cwes: list[str] = []
        self.description = ""
        self.detail = ""
        self.recommendation = ""
        self.advisories: list[str] = []
        self.published: Any = None
        self.state = ""
        self.affects: list[str] = []


def _severity_and_score(ratings: list[tuple[str, float | None, str]]) -> tuple[Severity, float | None]:
    def rank(r: tuple[str, float | None, str]) -> int:
        method = r[2].upper().replace(".", "")
        return _PREFERRED_METHODS.index(method) if method in _PREFERRED_METHODS else len(_PREFERRED_METHODS)

    ordered = sorted(ratings, key=rank)
    score = next((s for _, s, _ in ordered if s is not None), None)
    word = next((w for w, _, _ in ordered if w and w.lower() not in ("unknown", "none")), "")
    if word:
        return label(word), score
    if score is not None:
        return from_cvss(score), score
    return Severity.MEDIUM, None  # no rating at all: Phoenix's "unknown" level


def _bom_asset(ctx: ParseContext, meta_component: dict[str, str], file_name: str) -> Asset:
    name = meta_component.get("name", "")
    version = meta_component.get("version", "")
    if meta_component.get("type") == "container" and name:
        digest = version if version.startswith("sha256:") else None
        image = name if digest or not version or ":" in name.rsplit("/", 1)[-1] else f"{name}:{version}"
        return ctx.asset(AssetType.CONTAINER, container_attributes(image, digest, "cyclonedx"))
    if name:
        build = f"{name}@{version}" if version and not version.startswith("sha256:") else name
        return ctx.asset(AssetType.BUILD, {"buildFile": build, "origin": "cyclonedx"})
    return ctx.asset(AssetType.BUILD, {"buildFile": file_name, "origin": "cyclonedx"}, placeholder=True)


def _findings(asset: Asset, v: _Vuln, components: dict[str, dict[str, str]]) -> Iterator[Finding]:
    severity, score = _severity_and_score(v.ratings)
    refs = unique([v.id, *v.refs])
    if not any(r.upper().startswith("CVE-") for r in refs):
        refs = unique([*refs, *cves_in(v.description)])
    for ref in v.affects or [""]:
        comp = components.get(ref) or _component_from_purl(ref)
        pkg_name = comp.get("name", "")
        version = comp.get("version", "")
        package = Package(pkg_name, version or None, [], comp.get("purl") or None) if pkg_name else None
        yield Finding(
            asset=asset,
            name=v.id or (v.description[:80] if v.description else "CycloneDX vulnerability"),
            severity=severity,
            description=v.description or v.detail or v.id,
            remedy=v.recommendation
            or (f"Update {pkg_name} from {version} to a version that fixes {v.id}" if pkg_name else "No fix available"),
            score=score,
            reference_ids=refs,
            cwes=v.cwes,
            location=f"{pkg_name}@{version}" if pkg_name else (ref or None),
            package=package,
            published=parse_datetime(v.published),
            details={
                k: val
                for k, val in {
                    "source": v.source,
                    "detail": v.detail,
                    "advisories": v.advisories[:5],
                    "analysisState": v.state,
                    "ref": ref,
                }.items()
                if val
            },
            tags=[Tag(v.state, "analysis")] if v.state else [],
        )


def _component_from_purl(ref: str) -> dict[str, str]:
    """Refs that are purls but name no listed component: pkg:npm/%40scope/name@1.2?x=y -> name, version."""
    if not ref.startswith("pkg:"):
        return {}
    body = ref.split("?", 1)[0].split("#", 1)[0]
    path, _, version = body.partition("@")
    name = path.split("/", 1)[-1].replace("%40", "@")
    return {"name": name, "version": version, "purl": ref}


# ---------------------------------------------------------------- JSON


def _first(report: ReportInput, prefix: str) -> Any:
    with report.open() as f:
        try:
            return next(json_backend(report).items(f, prefix, use_float=True), None)
        except ijson.common.JSONError:
            return None  # the main pass reports the error with context


def _parse_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    if _first(report, "bomFormat") != "CycloneDX":
        raise ValueError('no "bomFormat": "CycloneDX": not a CycloneDX JSON BOM')
    metadata = _first(report, "metadata") or {}
    ctx.meta.scan_date = parse_datetime(metadata.get("timestamp"))
    meta_comp = metadata.get("component") or {}
    asset = _bom_asset(ctx, {k: text(v) for k, v in meta_comp.items() if isinstance(v, str)}, report.inner_name)
    components: dict[str, dict[str, str]] = {}
    listed = 0
    for comp in iter_json(report, "components.item"):
        listed += 1
        _collect_json_component(comp, components)
    vulnerabilities = 0
    for raw in iter_json(report, "vulnerabilities.item"):
        vulnerabilities += 1
        yield from _findings(asset, _json_vuln(raw), components)
    if not vulnerabilities:
        _account_for_inventory(ctx, listed)


def _collect_json_component(comp: Any, out: dict[str, dict[str, str]]) -> None:
    if not isinstance(comp, dict):
        return
    facts = {"name": text(comp.get("name")), "version": text(comp.get("version")), "purl": text(comp.get("purl"))}
    if comp.get("group"):
        facts["name"] = f"{text(comp.get('group'))}:{facts['name']}"
    for key in (text(comp.get("bom-ref")), facts["purl"]):
        if key:
            out[key] = facts
    for child in comp.get("components") or []:
        _collect_json_component(child, out)


def _account_for_inventory(ctx: ParseContext, components: int) -> None:
    """A BOM without vulnerabilities is an inventory (or a clean scan): its components are records, not findings."""
    if components:
        ctx.skip("component with no vulnerability listed (the BOM has no vulnerabilities section)", components)


def _json_vuln(raw: dict[str, Any]) -> _Vuln:
    v = _Vuln()
    v.id = text(raw.get("id"))
    v.source = text((raw.get("source") or {}).get("name"))
    v.refs = [text(r.get("id")) for r in raw.get("references") or [] if isinstance(r, dict)]
    for r in raw.get("ratings") or []:
        if isinstance(r, dict):
            v.ratings.append((text(r.get("severity")), cvss_score(r.get("score")), text(r.get("method"))))
    v.cwes = unique(cwe_id(c) for c in raw.get("cwes") or [])
    v.description = text(raw.get("description"))
    v.detail = text(raw.get("detail"))
    v.recommendation = text(raw.get("recommendation"))
    v.advisories = [text(a.get("url")) for a in raw.get("advisories") or [] if isinstance(a, dict) and a.get("url")]
    v.published = raw.get("published") or raw.get("created")
    v.state = text((raw.get("analysis") or {}).get("state"))
    v.affects = unique(a.get("ref") for a in raw.get("affects") or [] if isinstance(a, dict))
    return v


# ---------------------------------------------------------------- XML


def _local(el: Any) -> str:
    return etree.QName(el.tag).localname if isinstance(el.tag, str) else ""


def _child(el: Any, name: str) -> Any:
    for c in el:
        if _local(c) == name:
            return c
    return None


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name] if el is not None else []


def _ctext(el: Any, name: str) -> str:
    c = _child(el, name) if el is not None else None
    return (c.text or "").strip() if c is not None else ""


def _xml_component(el: Any) -> dict[str, str]:
    facts = {"name": _ctext(el, "name"), "version": _ctext(el, "version"), "purl": _ctext(el, "purl")}
    if _ctext(el, "group"):
        facts["name"] = f"{_ctext(el, 'group')}:{facts['name']}"
    facts["type"] = el.get("type", "")
    return facts


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    components: dict[str, dict[str, str]] = {}
    asset: Asset | None = None
    seen_bom = False
    vulnerabilities = listed = 0
    for event, el in iter_xml(report, ("bom", "component", "vulnerability", "metadata"), events=("start", "end")):
        name = _local(el)
        if event == "start":
            if name == "bom":
                seen_bom = True
            continue
        if name == "metadata":
            ctx.meta.scan_date = parse_datetime(_ctext(el, "timestamp"))
            meta_comp = _child(el, "component")
            asset = _bom_asset(ctx, _xml_component(meta_comp) if meta_comp is not None else {}, report.inner_name)
        elif name == "component":
            listed += 1
            facts = _xml_component(el)
            for key in (el.get("bom-ref", ""), facts["purl"]):
                if key:
                    components[key] = facts
            parent = el.getparent()
            if parent is not None and _local(parent) != "metadata":
                clear_element(el)  # its facts are kept; the subtree (licenses, hashes, ...) is not needed
        elif name == "vulnerability":
            if asset is None:
                asset = _bom_asset(ctx, {}, report.inner_name)
            v = _xml_vuln(el)
            if not v.affects:
                # extension schema: the vulnerability sits inside its component's <v:vulnerabilities>
                holder = el.getparent().getparent() if el.getparent() is not None else None
                if holder is not None and _local(holder) == "component":
                    facts = _xml_component(holder)
                    key = el.get("ref") or holder.get("bom-ref") or facts["purl"] or facts["name"]
                    components.setdefault(key, facts)
                    v.affects = [key]
                elif el.get("ref"):
                    v.affects = [el.get("ref")]
            vulnerabilities += 1
            yield from _findings(asset, v, components)
            clear_element(el)
    if not seen_bom:
        raise ValueError("the XML root is not a CycloneDX <bom>")
    if not vulnerabilities:
        _account_for_inventory(ctx, listed)
    if asset is None:
        _bom_asset(ctx, {}, report.inner_name)


def _xml_vuln(el: Any) -> _Vuln:
    v = _Vuln()
    v.id = _ctext(el, "id")
    source = _child(el, "source")
    v.source = (source.get("name") or _ctext(source, "name")) if source is not None else ""
    v.refs = [_ctext(r, "id") for r in _children(_child(el, "references"), "reference")]
    for r in _children(_child(el, "ratings"), "rating"):
        score_el = _child(r, "score")
        score = cvss_score(_ctext(score_el, "base")) if score_el is not None and len(score_el) else None
        if score is None and score_el is not None:
            score = cvss_score((score_el.text or "").strip())
        v.ratings.append((_ctext(r, "severity"), score, _ctext(r, "method")))
    v.cwes = unique(cwe_id((c.text or "").strip()) for c in _children(_child(el, "cwes"), "cwe"))
    v.description = _ctext(el, "description")
    v.detail = _ctext(el, "detail")
    recs = [(c.text or "").strip() for c in _children(_child(el, "recommendations"), "recommendation")]
    v.recommendation = _ctext(el, "recommendation") or "; ".join(r for r in recs if r)
    for adv in _children(_child(el, "advisories"), "advisory"):
        url = _ctext(adv, "url") or (adv.text or "").strip()
        if url:
            v.advisories.append(url)
    v.published = _ctext(el, "published") or _ctext(el, "created") or None
    v.state = _ctext(_child(el, "analysis"), "state")
    v.affects = unique(_ctext(t, "ref") for t in _children(_child(el, "affects"), "target"))
    return v
