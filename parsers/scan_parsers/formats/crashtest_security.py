"""Crashtest Security JSON export of a scan ("Export JSON" of a scan report, API `scans/<id>/report`):
{findings: {<scanner>: [{service_type, finding_description_slug, information, details, created_at,
cve_findings?, product?, version?}]}, descriptions: [{slug, title, description, how_to_fix, baseScore,
reference_owasp, reference_resolution, cvss*}]}, with one list per scanner (sqlinjection, xss, ssl, portscan,
fuzzer, fingerprinting, ...); an empty scan has every list empty.

One finding per entry, named and scored by the description its slug refers to (CVSS v3 base score), plus one per
known vulnerability (cve_findings) of a fingerprinted product, scored by its CVSS, as DefectDojo counts them.
Entries state their URL only in their text: the asset is the WEB host of the URL an entry names, else that of the
first URL of the report (the scan target; TLS and port findings name none). (Crashtest's JUnit-style XML export is
not read: it is refused with a message asking for the JSON export.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity, fingerprint_of
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text
from ._scan_common import float_or_none, web_asset

_URL = re.compile(r"https?://[^\s\"'<>,]+", re.I)
_SITE = re.compile(r"\bon site ([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?)(/[^\s\"']*)?", re.I)


@register
class CrashtestSecurity(ReportFormat):
    id = "crashtest_security"
    scan_types = ("Crashtest Security JSON File", "Crashtest Security XML File")
    aliases = ("crashtest",)
    default_asset_type = AssetType.WEB
    recognises = "Crashtest Security JSON: {findings: {<scanner>: [...]}, descriptions: [{slug, title, baseScore}]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if not sniff.has_paths("findings", "descriptions"):
            return 0.0
        if sniff.has_any_path("descriptions.item.slug", "descriptions.item.baseScore") or any(
            p.startswith("findings.") and p.endswith(".item.finding_description_slug") for p in sniff.json_paths
        ):
            return 0.9
        scanners = {p.split(".")[1] for p in sniff.json_paths if p.count(".") == 1 and p.startswith("findings.")}
        return 0.85 if len(scanners & {"sqlinjection", "xss", "portscan", "fingerprinting", "ssl", "xxe"}) >= 3 else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            raise InvalidReport(
                f"{report.name}: Crashtest Security's XML (JUnit) export is not read; export the scan report as JSON"
            )
        doc = load_json(report)
        if not isinstance(doc, dict) or not isinstance(doc.get("findings"), dict):
            raise InvalidReport(f"{report.name}: no findings map of scanner lists: not a Crashtest Security report")
        descriptions = {
            text(d.get("slug")): d for d in doc.get("descriptions") or [] if isinstance(d, dict) and d.get("slug")
        }
        entries = [(k, e) for k, v in doc["findings"].items() for e in (v if isinstance(v, list) else [])]
        if any(not isinstance(e, dict) or "information" not in e for _, e in entries):
            raise InvalidReport(f"{report.name}: a finding entry without information: not a Crashtest Security report")
        target = next((u for _, e in entries if (u := _url_in(text(e.get("information"))))), "")
        for scanner, entry in entries:
            yield from _findings(ctx, scanner, entry, descriptions, target)


def _url_in(information: str) -> str:
    m = _URL.search(information)
    if m:
        return m.group(0).rstrip(".")
    site = _SITE.search(information)
    return f"https://{site.group(1)}{site.group(2) or '/'}".rstrip(".") if site else ""


def _findings(
    ctx: ParseContext, scanner: str, entry: dict[str, Any], descriptions: dict[str, Any], target: str
) -> Iterator[Finding]:
    information = text(entry.get("information"))
    slug = text(entry.get("finding_description_slug")) or scanner
    info = descriptions.get(slug) or {}
    url = _url_in(information)
    asset = web_asset(ctx, "crashtest_security", url or target or None)
    score = float_or_none(info.get("baseScore"))
    yield Finding(
        asset=asset,
        name=text(info.get("title")) or slug,
        severity=from_cvss(score) if score is not None else Severity.INFO,
        score=score,
        description="\n\n".join(p for p in (information, text(info.get("description"))) if p),
        remedy=text(info.get("how_to_fix")),
        location=url or None,
        published=parse_datetime(entry.get("created_at")),
        fingerprint=fingerprint_of(["crashtest_security", asset.key, slug, information]),
        details={
            k: v
            for k, v in {
                "scanner": text(entry.get("service_type")) or scanner,
                "slug": slug,
                "reference": text(info.get("reference_resolution")) or text(info.get("reference_owasp")),
            }.items()
            if v
        },
    )
    for cve in entry.get("cve_findings") or []:
        if isinstance(cve, dict) and text(cve.get("cve_id")):
            yield _cve(asset, entry, cve)


def _cve(asset: Any, entry: dict[str, Any], cve: dict[str, Any]) -> Finding:
    cve_id = text(cve.get("cve_id")).upper()
    product = text(cve.get("product")) or text(entry.get("product"))
    version = text(cve.get("version")) or text(entry.get("version"))
    score = float_or_none(cve.get("cvss"))
    return Finding(
        asset=asset,
        name=f"{cve_id} in {product} {version}".strip(),
        severity=from_cvss(score) if score is not None else Severity.MEDIUM,
        score=score,
        description=text(cve.get("information")) or cve_id,
        remedy=f"Update {product} to a version without {cve_id}." if product else "",
        reference_ids=[cve_id],
        package=Package(name=product, version=version or None) if product else None,
        details={"cvssVector": text(cve.get("vector")), "fingerprint": text(entry.get("information"))},
    )
