"""Burp Suite (Professional / Enterprise) XML issues export ("Report selected issues" > XML, every Burp 1.x and
2.x/2020+ release): <issues burpVersion=... exportTime=...> with one <issue> per issue instance (serialNumber,
type, name, host ip=..., path, location, severity, confidence, issueBackground, remediationBackground, issueDetail,
issueDetailItems, references, vulnerabilityClassifications, base64 requestresponse pairs, collaborator events).

Burp writes one <issue> per location; DefectDojo folds them into one finding per issue type, keeping the paths as
endpoints. A Phoenix finding belongs to one asset, so we fold per issue type and host, keep the paths (capped) in
details and the most severe instance's severity. Requests and responses are not copied: they can be megabytes of
base64 per issue. The export is streamed issue by issue. Hosts are WEB assets. Severity: High, Medium, Low,
Information.

Not findings (counted as skipped): issues whose severity is "False positive" (a user's verdict in Burp).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import cwes_in, join_nonempty, strip_html, web_asset

#: Most paths kept per folded finding; an issue type on thousands of URLs must not bloat the finding.
MAX_PATHS = 100
_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
_URL = re.compile(r"""href=["']([^"']+)["']""", re.I)


#: Children holding HTTP traffic (base64, possibly megabytes) or nested lists: never read as text.
_SKIPPED = frozenset({"requestresponse", "collaboratorEvent", "infiltratorEvent", "issueDetailItems"})


def _issue_fields(el: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in el:
        if isinstance(c.tag, str) and c.tag not in _SKIPPED:
            text = "".join(c.itertext()).strip()
            if text:
                out.setdefault(c.tag, []).append(text)
    return out


def burp_severity(value: str) -> Severity:
    """Burp's words: High, Medium, Low, Information (and False positive, which we treat as info)."""
    return label(value, default=Severity.INFO)


def is_false_positive(value: str) -> bool:
    return value.strip().lower().replace("_", " ") == "false positive"


def more_severe(a: Severity, b: Severity) -> Severity:
    return a if _SEVERITY_ORDER.index(a) >= _SEVERITY_ORDER.index(b) else b


@register
class Burp(ReportFormat):
    id = "burp"
    scan_types = ("Burp Scan",)
    aliases = ("burp", "burp-xml", "burpsuite")
    default_asset_type = AssetType.WEB
    phoenix_scan_type = "Burp Scan"
    recognises = "Burp Suite XML issues export: <issues burpVersion=...> root with <issue> elements"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "issues":
            return 0.0
        if "burpVersion" in sniff.xml_root_attrs:
            return 0.9
        if {"issue", "serialNumber", "confidence", "host"} <= sniff.xml_tags:
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folded: dict[tuple[str, str], Finding] = {}
        root_seen = False
        for event, el in iter_xml(report, ("issues", "issue"), events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "issues":
                root_seen = root_seen or event == "start"
                continue
            if event != "end":
                continue
            if not root_seen:
                raise InvalidReport(f"{report.name}: <issue> outside an <issues> root: not a Burp issues export")
            self._fold(ctx, folded, el)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <issues> root element: not a Burp Suite XML issues export")
        yield from folded.values()

    def _fold(self, ctx: ParseContext, folded: dict[tuple[str, str], Finding], el: Any) -> None:
        fields = _issue_fields(el)

        def first(name: str) -> str:
            return fields.get(name, [""])[0]

        host_el = el.find("host")
        host = first("host") or (host_el.get("ip", "") if host_el is not None else "")
        asset = web_asset(ctx, "burp", host or None)
        issue_type = first("type") or first("name")
        path = first("location") or first("path")
        if is_false_positive(first("severity")):
            ctx.skip("severity False positive")
            return
        severity = burp_severity(first("severity"))
        key = (asset.key, issue_type)
        known = folded.get(key)
        if known is not None:
            known.severity = more_severe(known.severity, severity)
            paths = known.details.setdefault("paths", [])
            if path and path not in paths and len(paths) < MAX_PATHS:
                paths.append(path)
            return
        references_html = first("references")
        detail_items = ["".join(i.itertext()) for i in el.iterfind("issueDetailItems/issueDetailItem")]
        folded[key] = Finding(
            asset=asset,
            name=first("name") or f"Burp issue type {issue_type}",
            severity=severity,
            description=join_nonempty(
                strip_html(first("issueBackground")),
                strip_html(first("issueDetail")),
                "\n".join(strip_html(i) for i in detail_items[:20]),
            )
            or first("name"),
            remedy=join_nonempty(strip_html(first("remediationBackground")), strip_html(first("remediationDetail"))),
            cwes=cwes_in(first("vulnerabilityClassifications")),
            location=(host.rstrip("/") + path) if host and path.startswith("/") else (path or host or None),
            details={
                "type": issue_type,
                "confidence": first("confidence"),
                "ip": host_el.get("ip") if host_el is not None else None,
                "paths": [path] if path else [],
                "references": _URL.findall(references_html)[:20],
            },
        )
