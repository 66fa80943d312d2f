"""Rapid7 AppSpider (AppSpider Pro / Enterprise 6.x-7.x) VulnSummary.xml export:

<VulnSummary><AppVersion/><ScanName/><VulnList><Vuln><WebSite>https://host:443</WebSite><WebSiteIP/>
<VulnType/><VulnUrl/><Url/><VulnParam/><ParameterName/><AttackType/><AttackScore>2-Low</AttackScore>
<Description/><Recommendation/><CweId/><CAPEC/><WASC/><Confidence/><CrawlTraffic (base64)/>
<AttackList><Attack>...</Attack></AttackList></Vuln>...</VulnList></VulnSummary>

AppSpider writes a Vuln per affected URL and parameter. One finding per vulnerability type and site, a WEB asset
for the host of WebSite (else of the URL), with the URLs and parameters in details. Severity from AttackScore
("4-High", "3-Medium", "2-Low", "1-Informational", "0-Safe"). Traffic (base64 requests/responses) is not copied.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id
from ._scan_common import child_map, strip_html, web_asset
from ._web_fold import WebFolder

_SCORES = {"0": Severity.INFO, "1": Severity.INFO, "2": Severity.LOW, "3": Severity.MEDIUM, "4": Severity.HIGH}


def _severity(score: str) -> Severity:
    number, _, word = score.partition("-")
    if word.strip():
        return label(word, _SCORES.get(number.strip(), Severity.INFO))
    return _SCORES.get(number.strip(), label(score, Severity.INFO))


def _na(value: str) -> str:
    return "" if value.upper() in ("N/A", "NONE") else value


@register
class Appspider(ReportFormat):
    id = "appspider"
    scan_types = ("AppSpider Scan",)
    aliases = ("appspider", "rapid7-appspider")
    default_asset_type = AssetType.WEB
    recognises = "Rapid7 AppSpider VulnSummary.xml: <VulnSummary><VulnList><Vuln> ..."

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "VulnSummary":
            return 0.0
        return 0.9 if {"VulnList", "AppVersion"} & sniff.xml_tags else 0.6

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        folder = WebFolder(self.id)
        root_seen = False
        for event, el in iter_xml(report, ("VulnSummary", "Vuln"), events=("start", "end")):
            if el.tag.rsplit("}", 1)[-1] == "VulnSummary":
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                raise InvalidReport(f"{report.name}: <Vuln> outside <VulnSummary>: not an AppSpider export")
            fields = {k: v[0] for k, v in child_map(el).items() if k not in ("CrawlTraffic", "AttackList")}
            url = fields.get("VulnUrl") or fields.get("Url") or fields.get("Page") or ""
            site = fields.get("WebSite") or url
            name = fields.get("VulnType") or fields.get("AttackType") or "AppSpider finding"
            param = _na(fields.get("ParameterName", "")) or _na(fields.get("VulnParam", ""))
            cwe = cwe_id(fields.get("CweId")) if fields.get("CweId", "0") not in ("", "0") else None
            finding = Finding(
                asset=web_asset(ctx, "appspider", site or None),
                name=name,
                severity=_severity(fields.get("AttackScore", "")),
                description=strip_html(fields.get("Description")) or name,
                remedy=strip_html(fields.get("Recommendation")),
                cwes=[cwe] if cwe else [],
                location=url or None,
                details={
                    "attackType": fields.get("AttackType"),
                    "confidence": fields.get("Confidence"),
                    "websiteIp": fields.get("WebSiteIP"),
                    "capec": fields.get("CAPEC"),
                    "wasc": fields.get("WASC") if fields.get("WASC") not in (None, "0") else None,
                    "parameters": [param] if param else [],
                },
            )
            found = folder.add(finding, url or None, name)
            if found is not finding and param and param not in found.details["parameters"]:
                found.details["parameters"].append(param)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <VulnSummary> root element: not an AppSpider VulnSummary export")
        yield from folder.findings()
