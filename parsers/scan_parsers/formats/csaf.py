"""CSAF 2.0 / 2.1 (OASIS Common Security Advisory Framework) JSON documents of any profile: security advisories
(`csaf_security_advisory`), VEX (`csaf_vex`), informational advisories and base documents, as vendors publish
them (Red Hat, Cisco, Siemens, SUSE, Microsoft, the BSI secvisogram, csaf_aggregator mirrors, ...).

Layout: `document` (csaf_version, category, title, publisher, tracking), `product_tree` (full_product_names,
nested `branches` of vendor / product_name / product_version with a `product` leaf, `relationships` that combine
two products into one, `product_groups`) and `vulnerabilities[]` (cve or ids, title, cwe, notes, product_status,
scores (2.0: cvss_v3 / cvss_v2 per product list; 2.1: metrics[].content with cvss_v4 too), remediations, threats,
references). CSAF 1.x (the CVRF-era JSON) is refused with a message: its layout differs.

One finding per vulnerability and product the vulnerability affects: product_status `known_affected`,
`first_affected` and `last_affected`, plus `under_investigation` (tagged status=under_investigation: the vendor has
not ruled it out). Products listed as `fixed`, `first_fixed`, `known_not_affected` or `recommended` are not
findings and are counted as skipped with the status; a vulnerability that lists no product status at all
(informational advisories) is skipped as such.

Asset: the product (BUILD, identified by its full product name; a product whose helper names an OCI/Docker purl
is a CONTAINER); the product's purl/CPE and version from the branches become the finding's package. Severity: the
CVSS base score of a score entry covering the product (v4, v3, then v2), else its baseSeverity, else the threat of
category impact, else the document's aggregate_severity, else medium.

Read in passes over the document (document, product_tree, then one vulnerability at a time), so large VEX files
of a whole product line stay bounded in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cvss_score, cwe_id, parse_datetime, text, unique

_SUPPORTED = ("2.0", "2.1")
_AFFECTED = ("known_affected", "first_affected", "last_affected")
_NOT_FINDINGS = {
    "fixed": "status fixed",
    "first_fixed": "status fixed",
    "known_not_affected": "status not affected",
    "recommended": "status recommended version",
}


@dataclass(slots=True)
class _Product:
    name: str
    version: str | None = None
    purl: str | None = None
    cpe: str | None = None


@register
class Csaf(ReportFormat):
    id = "csaf"
    scan_types = ("CSAF Scan",)
    aliases = ("csaf-vex", "csaf-advisory")
    default_asset_type = AssetType.BUILD
    recognises = "CSAF 2.x JSON: document{csaf_version, category, tracking}, product_tree, vulnerabilities[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("document.csaf_version", "document.category"):
            return 0.95
        if sniff.has_paths("document.tracking", "document.publisher", "document.category"):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        document = _first(report, "document")
        if not isinstance(document, dict):
            raise InvalidReport(f"{report.name}: no `document` object: not a CSAF document")
        version = text(document.get("csaf_version"))
        if version not in _SUPPORTED:
            raise InvalidReport(
                f"{report.name}: CSAF version {version or '(missing)'} is not supported; "
                f"this reader takes CSAF {' and '.join(_SUPPORTED)} documents"
            )
        tracking = document.get("tracking") or {}
        ctx.meta.scanner = text((document.get("publisher") or {}).get("name")) or "csaf"
        ctx.meta.target = text(document.get("title")) or None
        ctx.meta.scan_date = parse_datetime(tracking.get("current_release_date"))
        ctx.meta.extra["advisory"] = text(tracking.get("id"))
        tree = _first(report, "product_tree")
        products, groups = _products(tree if isinstance(tree, dict) else {})
        fallback = label(text((document.get("aggregate_severity") or {}).get("text")), Severity.MEDIUM)
        advisory = text(tracking.get("id"))
        published = tracking.get("initial_release_date")
        for vuln in iter_json(report, "vulnerabilities.item"):
            if not isinstance(vuln, dict):
                raise InvalidReport(f"{report.name}: an entry of `vulnerabilities` is not an object")
            yield from _findings(
                ctx, vuln, products=products, groups=groups, fallback=fallback, advisory=advisory, published=published
            )


def _first(report: ReportInput, prefix: str) -> Any:
    """The value at a top-level key, reading no further than it (the stream is closed right after)."""
    items = iter_json(report, prefix)
    try:
        return next(items, None)
    finally:
        items.close()  # type: ignore[attr-defined]


def _products(tree: dict[str, Any]) -> tuple[dict[str, _Product], dict[str, list[str]]]:
    products: dict[str, _Product] = {}

    def add(full: Any, version: str | None = None) -> None:
        if not isinstance(full, dict) or not full.get("product_id"):
            return
        helper = full.get("product_identification_helper") or {}
        products[text(full["product_id"])] = _Product(
            text(full.get("name")) or text(full["product_id"]),
            version,
            text(helper.get("purl")) or None,
            text(helper.get("cpe")) or None,
        )

    def walk(branches: Any, version: str | None) -> None:
        for branch in branches or []:
            if not isinstance(branch, dict):
                continue
            here = text(branch.get("name")) if branch.get("category") == "product_version" else version
            add(branch.get("product"), here or None)
            walk(branch.get("branches"), here)

    for full in tree.get("full_product_names") or []:
        add(full)
    walk(tree.get("branches"), None)
    for rel in tree.get("relationships") or []:
        if isinstance(rel, dict):
            base = products.get(text(rel.get("product_reference")))
            add(rel.get("full_product_name"), base.version if base else None)
            pid = text((rel.get("full_product_name") or {}).get("product_id"))
            if base and pid in products and not products[pid].purl:
                products[pid].purl = base.purl
    groups = {
        text(g.get("group_id")): [text(p) for p in g.get("product_ids") or []]
        for g in tree.get("product_groups") or []
        if isinstance(g, dict)
    }
    return products, groups


def _covers(entry: dict[str, Any], pid: str, groups: dict[str, list[str]]) -> bool:
    ids = [text(p) for p in entry.get("products") or entry.get("product_ids") or []]
    return pid in ids or any(pid in groups.get(text(g), []) for g in entry.get("group_ids") or [])


def _cvss(entry: dict[str, Any]) -> tuple[float | None, str]:
    content: dict[str, Any] = entry.get("content") or entry  # 2.1 metrics[].content, 2.0 scores[]
    for key in ("cvss_v4", "cvss_v3", "cvss_v2"):
        cvss = content.get(key)
        if isinstance(cvss, dict):
            return cvss_score(cvss.get("baseScore")), text(cvss.get("baseSeverity"))
    return None, ""


def _severity(
    vuln: dict[str, Any], pid: str, groups: dict[str, list[str]], fallback: Severity
) -> tuple[Severity, float | None]:
    entries = [e for e in (vuln.get("metrics") or vuln.get("scores") or []) if isinstance(e, dict)]
    for entry in entries:
        if _covers(entry, pid, groups):
            score, word = _cvss(entry)
            if score is not None:
                return from_cvss(score), score
            if word:
                return label(word), None
    for threat in vuln.get("threats") or []:
        if (
            isinstance(threat, dict)
            and threat.get("category") == "impact"
            and (not (threat.get("product_ids") or threat.get("group_ids")) or _covers(threat, pid, groups))
        ):
            return label(text(threat.get("details")), fallback), None
    return fallback, None


def _asset(ctx: ParseContext, product: _Product) -> Asset:
    if product.purl and product.purl.startswith(("pkg:oci/", "pkg:docker/")):
        image = product.purl.split("/", 1)[1].split("?", 1)[0]
        return ctx.asset(
            AssetType.CONTAINER, container_attributes(image.replace("@sha256%3A", "@sha256:"), None, "csaf")
        )
    return ctx.asset(AssetType.BUILD, {"buildFile": product.name, "origin": "csaf"})


def _findings(
    ctx: ParseContext,
    vuln: dict[str, Any],
    *,
    products: dict[str, _Product],
    groups: dict[str, list[str]],
    fallback: Severity,
    advisory: str,
    published: Any,
) -> Iterator[Finding]:
    status = vuln.get("product_status")
    if not isinstance(status, dict) or not any(
        status.get(k) for k in (*_AFFECTED, "under_investigation", *_NOT_FINDINGS)
    ):
        ctx.skip("vulnerability without product status")
        return
    for key, reason in _NOT_FINDINGS.items():
        if status.get(key):
            ctx.skip(reason, len(status[key]))
    cve = text(vuln.get("cve"))
    ids = unique([cve, *(text(i.get("text")) for i in vuln.get("ids") or [] if isinstance(i, dict))])
    vid = ids[0] if ids else text(vuln.get("title")) or "CSAF vulnerability"
    title = text(vuln.get("title"))
    notes = [n for n in vuln.get("notes") or [] if isinstance(n, dict)]
    description = next((text(n.get("text")) for n in notes if n.get("category") == "description"), "") or next(
        (text(n.get("text")) for n in notes if n.get("text")), ""
    )
    cwes: list[Any] = vuln.get("cwes") or [vuln.get("cwe")]  # 2.1 allows several
    cwe_ids = unique(cwe_id((c or {}).get("id")) for c in cwes if isinstance(c, dict))
    references = [text(r.get("url")) for r in vuln.get("references") or [] if isinstance(r, dict) and r.get("url")]
    states = [(k, text(p)) for k in (*_AFFECTED, "under_investigation") for p in status.get(k) or []]
    seen: set[str] = set()
    for state, pid in states:
        if pid in seen:
            continue
        seen.add(pid)
        product = products.get(pid, _Product(pid))
        severity, score = _severity(vuln, pid, groups, fallback)
        fixes = [r for r in vuln.get("remediations") or [] if isinstance(r, dict) and _covers(r, pid, groups)]
        remedy = "\n".join(
            p for r in fixes for p in (f"{text(r.get('category'))}: {text(r.get('details'))}", text(r.get("url"))) if p
        )
        tags = [Tag("under_investigation", "status")] if state == "under_investigation" else []
        yield Finding(
            asset=_asset(ctx, product),
            name=f"{vid}: {title}"[:255] if title and title != vid else vid,
            severity=severity,
            description=description or title or vid,
            remedy=remedy or "No remediation provided",
            score=score,
            reference_ids=ids,
            cwes=cwe_ids,
            location=product.purl or product.cpe or product.name,
            package=Package(product.name, product.version, [], product.purl)
            if product.purl or product.version
            else None,
            published=parse_datetime(vuln.get("release_date") or vuln.get("discovery_date") or published),
            details={
                k: v
                for k, v in {
                    "advisory": advisory,
                    "productId": pid,
                    "productStatus": state,
                    "cpe": product.cpe,
                    "references": references[:20],
                }.items()
                if v
            },
            tags=tags,
        )
