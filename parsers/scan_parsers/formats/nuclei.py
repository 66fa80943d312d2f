"""Nuclei JSON output, every version: JSON Lines (`-json` before v2.9, `-jsonl` since; one result per line) and
the JSON array of `-json-export` / `-je`. A result is {template-id (v2: templateID), info: {name, severity,
classification: {cve-id, cwe-id, cvss-score}, remediation, reference}, type (http, dns, ssl, network, javascript,
...), host, port, scheme, url, matched-at (v2: matched), matcher-name (v2: matcher_name), matcher-status,
extracted-results, ip, timestamp}; unknown members are ignored.

One finding per template, type, matcher name and host, as DefectDojo folds them: the host is the host name of
`matched-at` (else of host / url / ip), so http://a, https://a:8443/x and a:443 are one host. Further matched-at
locations of the same finding are kept in details. Every finding is on a WEB asset (that host name or IP).
Severity: info.severity (info, low, medium, high, critical; unknown is info).

Not findings (counted as skipped): results with `matcher-status: false`, which `-ms` / `-matcher-status` writes for
templates that did not match. Empty scans: an empty file, `[]` or `null`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, iter_json_lines
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, parse_datetime, text, unique
from ._scan_common import float_or_none, host_of, web_asset


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@register
class Nuclei(ReportFormat):
    id = "nuclei"
    scan_types = ("Nuclei Scan",)
    aliases = ("nuclei",)
    default_asset_type = AssetType.WEB
    recognises = "Nuclei -json/-jsonl output: results with template-id, info.severity, host, matched-at"

    def detect(self, sniff: Sniff) -> float:
        prefix = "item." if sniff.json_root == "array" else ""
        has_template = sniff.has_any_path(f"{prefix}template-id", f"{prefix}templateID")
        located = sniff.has_any_path(f"{prefix}host", f"{prefix}matched-at", f"{prefix}url")
        if has_template and located and sniff.has_paths(f"{prefix}info.severity"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        items = iter_json(report, "item") if report.first_byte() == b"[" else iter_json_lines(report)
        folded: dict[tuple[str, str, str, str], Finding] = {}
        for item in items:
            if item is None:
                continue  # `null`: what -je writes for a scan without results
            if not isinstance(item, dict) or not isinstance(item.get("info"), dict):
                raise InvalidReport(f"{report.name}: a result without an info object: not Nuclei JSON output")
            if item.get("matcher-status") is False:
                ctx.skip("matcher-status false (template did not match)")
                continue
            template = text(item.get("template-id") or item.get("templateID"))
            matched = text(item.get("matched-at") or item.get("matched"))
            located = matched or text(item.get("host") or item.get("url") or item.get("ip"))
            host = host_of(located)[0].lower() if located else ""
            matcher = text(item.get("matcher-name") or item.get("matcher_name"))
            key = (template, text(item.get("type")), matcher, host)
            if key in folded:
                locations = folded[key].details.setdefault("matchedAt", [])
                if matched and matched not in locations:
                    locations.append(matched)
                continue
            folded[key] = _finding(ctx, item, template, host, matched)
        yield from folded.values()


def _finding(ctx: ParseContext, item: dict[str, Any], template: str, host: str, matched: str) -> Finding:
    info = item["info"]
    cls = info.get("classification") or {}
    name = text(info.get("name")) or template
    matcher = text(item.get("matcher-name") or item.get("matcher_name"))
    refs = [r for r in _as_list(info.get("reference")) if r]
    details: dict[str, Any] = {"templateId": template, "type": text(item.get("type"))}
    if matcher:
        details["matcher"] = matcher
    if matched:
        details["matchedAt"] = [matched]
    extracted = _as_list(item.get("extracted-results"))
    if extracted:
        details["extractedResults"] = [str(e) for e in extracted[:20]]
    if refs:
        details["references"] = [str(r) for r in refs[:20]]
    description = text(info.get("description"))
    if extracted:
        description = f"{description}\n\nExtracted: {', '.join(str(e) for e in extracted[:20])}".strip()
    return Finding(
        asset=web_asset(ctx, "nuclei", host or matched or None),
        name=f"{name} ({matcher})" if matcher else name,
        severity=label(info.get("severity"), Severity.INFO),
        description=description or name,
        remedy=text(info.get("remediation")),
        score=float_or_none(cls.get("cvss-score")),
        reference_ids=unique(str(c).upper() for c in _as_list(cls.get("cve-id"))),
        cwes=unique(cwe_id(c) for c in _as_list(cls.get("cwe-id"))),
        location=matched or host or None,
        published=parse_datetime(item.get("timestamp")),
        details=details,
        tags=[],
    )
