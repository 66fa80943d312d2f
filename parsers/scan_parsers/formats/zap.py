"""OWASP ZAP (Zed Attack Proxy) reports, the "traditional" report templates in every version that wrote them:

- XML (`-x`, "Traditional XML Report", also with requests and responses in 2.16+): <OWASPZAPReport version=...>
  <site name= host= port= ssl=><alerts><alertitem> with pluginid, alert/name, riskcode, confidence, riskdesc, desc,
  instances/instance (uri, method, param, attack, evidence), count, solution, otherinfo, reference, cweid, wascid.
  Reports before the instances list (ZAP 2.4 and older) carry uri/param/attack/evidence on the alert item itself.
- JSON (`-J`, "Traditional JSON Report"): {"@programName": "ZAP", "@version", "site": [{"@name", "alerts": [...]}]};
  the ZAP 2.7 and older JSON report, converted from the XML, writes `site` (and a lone alert) as an object
  instead of a list.

One finding per alert item and site, as DefectDojo does; the instances (URI, method, parameter) are kept in
details, capped, without the request/response headers and bodies ZAP 2.16+ may embed. Sites are WEB assets (host of
the site name). Severity: riskcode 0-3 (informational, low, medium, high).

Not findings (counted as skipped): alerts with confidence 0, which is ZAP's "False Positive" (set by a user in ZAP),
and sites without alerts. Both shapes stream (the old object-shaped JSON is small and read whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_xml, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cwe_id
from ._scan_common import join_nonempty, strip_html, web_asset

#: ZAP risk codes: 0 informational, 1 low, 2 medium, 3 high.
ZAP_RISK = {"0": Severity.INFO, "1": Severity.LOW, "2": Severity.MEDIUM, "3": Severity.HIGH}
_CONFIDENCE = {"0": "False Positive", "1": "Low", "2": "Medium", "3": "High", "4": "Confirmed"}
#: Most instances kept per finding: an alert can fire on every page of a site.
MAX_INSTANCES = 50
_INSTANCE_FIELDS = ("uri", "method", "param", "attack", "evidence")
_URL = re.compile(r"https?://[^\s<>\"']+")


@register
class Zap(ReportFormat):
    id = "zap"
    scan_types = ("ZAP Scan",)
    aliases = ("zap", "owasp-zap", "zaproxy")
    default_asset_type = AssetType.WEB
    phoenix_scan_type = "ZAP Scan"
    recognises = "OWASP ZAP traditional XML (OWASPZAPReport root) or JSON (@programName/site[].alerts[]) report"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml":
            return 0.9 if sniff.xml_root == "OWASPZAPReport" else 0.0
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("scan.type", "scan.scanned_resources", "remediations"):
            return 0.0  # GitLab's DAST report embeds ZAP's output beside its own schema: it is gitlab_dast's
        if sniff.has_paths("site.item.@name") and sniff.has_any_path(
            "site.item.alerts.item.pluginid", "@programName", "@version"
        ):
            return 0.9
        if sniff.has_paths("site.@name") and sniff.has_any_path(
            "site.alerts.pluginid", "site.alerts.item.pluginid", "@version"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_json(report, ctx)


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    root_seen = False
    site: Asset | None = None
    alerts = 0
    for event, el in iter_xml(report, ("OWASPZAPReport", "site", "alertitem"), events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "OWASPZAPReport":
            root_seen = True
        elif tag == "site" and event == "start":
            site = web_asset(ctx, "zap", el.get("name") or el.get("host"))
            alerts = 0
        elif tag == "site":
            if not alerts:
                ctx.skip("site without alerts")
        elif tag == "alertitem" and event == "end":
            if not root_seen or site is None:
                raise InvalidReport(f"{report.name}: <alertitem> outside an OWASPZAPReport <site>")
            alerts += 1
            finding = _finding(ctx, site, _xml_alert(el))
            if finding is not None:
                yield finding
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no OWASPZAPReport root element: not a ZAP XML report")


def _xml_alert(el: Any) -> dict[str, Any]:
    alert: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "instances":
            alert["instances"] = [
                {c.tag: (c.text or "").strip() for c in inst if isinstance(c.tag, str) and c.tag in _INSTANCE_FIELDS}
                for inst in child.iterfind("instance")
            ]
        else:
            alert[child.tag] = "".join(child.itertext()).strip()
    return alert


def _own_instance(alert: Mapping[str, Any]) -> list[dict[str, Any]]:
    """ZAP 2.4 and older: no instances list; the alert item is itself one instance."""
    own = {k: alert[k] for k in _INSTANCE_FIELDS if alert.get(k)}
    return [own] if own else []


_SITE_OBJECT = re.compile(rb'"site"\s*:\s*\{')


def _parse_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    head = report.read_head()
    if b'"site"' not in head:
        raise InvalidReport(f"{report.name}: no site member: not a ZAP JSON report")
    first = head.find(b'"site"')
    if _SITE_OBJECT.match(head, first):
        yield from _parse_old_json(report, ctx)
        return
    alerts = 0
    for header, array, alert in iter_groups(report, "site.item", ["alerts"], header_keys=("@name",)):
        site = web_asset(ctx, "zap", str(header.get("@name") or header.get("@host") or "") or None)
        if array is None:
            if not alerts:
                ctx.skip("site without alerts")
            alerts = 0
            continue
        if not isinstance(alert, dict):
            raise InvalidReport(f"{report.name}: an entry of site[].alerts is not an object")
        alerts += 1
        finding = _finding(ctx, site, alert)
        if finding is not None:
            yield finding


def _parse_old_json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    """ZAP 2.7 and older: `site` (and a site's only alert, and an alert's only instance) is an object."""
    doc = load_json(report)
    sites = doc.get("site") if isinstance(doc, dict) else None
    for site_doc in sites if isinstance(sites, list) else [sites]:
        if not isinstance(site_doc, dict):
            raise InvalidReport(f"{report.name}: `site` is not an object: not a ZAP JSON report")
        site = web_asset(ctx, "zap", str(site_doc.get("@name") or site_doc.get("@host") or "") or None)
        alerts = site_doc.get("alerts") or []
        alerts = alerts if isinstance(alerts, list) else [alerts]
        if not alerts:
            ctx.skip("site without alerts")
        for alert in alerts:
            if not isinstance(alert, dict):
                raise InvalidReport(f"{report.name}: an entry of site.alerts is not an object")
            if isinstance(alert.get("instances"), dict):
                alert = {**alert, "instances": [alert["instances"]]}
            finding = _finding(ctx, site, alert)
            if finding is not None:
                yield finding


def _finding(ctx: ParseContext, site: Asset, alert: Mapping[str, Any]) -> Finding | None:
    if str(alert.get("confidence", "")).strip() == "0":
        ctx.skip("confidence 0 (marked False Positive in ZAP)")
        return None
    instances = [i for i in alert.get("instances") or [] if isinstance(i, dict)] or _own_instance(alert)
    kept = [{k: str(i[k]) for k in _INSTANCE_FIELDS if i.get(k)} for i in instances[:MAX_INSTANCES]]
    name = str(alert.get("alert") or alert.get("name") or f"ZAP plugin {alert.get('pluginid')}")
    raw_cwe = str(alert.get("cweid") or "").strip()
    cwe = cwe_id(raw_cwe) if raw_cwe.isdigit() and int(raw_cwe) > 0 else None  # ZAP writes -1 or 0 for "none"
    wasc = str(alert.get("wascid") or "")
    return Finding(
        asset=site,
        name=name,
        severity=ZAP_RISK.get(str(alert.get("riskcode", "")).strip(), Severity.INFO),
        description=join_nonempty(_text(alert.get("desc")), _text(alert.get("otherinfo"))) or name,
        remedy=_text(alert.get("solution")),
        cwes=[cwe] if cwe else [],
        location=kept[0].get("uri") if kept else None,
        details={
            "pluginId": str(alert.get("pluginid") or ""),
            "confidence": _CONFIDENCE.get(str(alert.get("confidence", "")).strip(), alert.get("confidence")),
            "wascId": wasc if wasc and wasc not in {"-1", "0"} else None,
            "count": str(alert.get("count") or len(instances)),
            "instances": kept,
            "references": _URL.findall(strip_html(alert.get("reference")))[:20],
        },
    )


def _text(value: Any) -> str:
    """Plain text of an HTML field, without the indentation pretty-printed XML leaves on every line."""
    return "\n".join(line.strip() for line in strip_html(value).split("\n"))
