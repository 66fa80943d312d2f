"""Burp Dastardly (PortSwigger's free CI scanner, 2022+) JUnit XML report (dastardly-report.xml):

<testsuites name="Dastardly scan results..." failures=N tests=M><testsuite name="https://host:443/path">
<testcase name="No issues were identified"/> | <testcase name="Issue name"><failure message="Issue found at
URL" type="High|Medium|Low|Info"><![CDATA[Severity: / Confidence: / Host: / Path: lines, then the sections
Issue Detail, Issue Background, Remediation Detail / Issue Remediation, Remediation Background, References,
Vulnerability Classifications]]></failure></testcase></testsuite>...</testsuites>

Dastardly reports one failing testcase per issue and URL, and each is one finding (on a WEB asset for its host,
located at its URL), as a CI run lists them. Testcases of URLs without issues are counted as skipped. CWEs come
from the classifications, CVEs from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in
from ._scan_common import cwes_in, join_nonempty, web_asset
from ._web_fold import join_url
from .burp import burp_severity

_SECTIONS = (
    "Issue Detail",
    "Issue Background",
    "Remediation Detail",
    "Remediation Background",
    "Issue Remediation",
    "References",
    "Vulnerability Classifications",
)
_HEADING = re.compile(rf"^({'|'.join(_SECTIONS)})\s*$", re.M)
_FIELD = re.compile(r"^(Severity|Confidence|Host|Path):[ \t]*(.*)$", re.M)
_LINK = re.compile(r"\((https?://[^)\s]+)\)")


def sections(body: str) -> tuple[dict[str, str], dict[str, str]]:
    """(header fields, sections by heading) of a Dastardly failure text."""
    fields = {m.group(1): m.group(2).strip() for m in _FIELD.finditer(body.split("Issue Detail", 1)[0])}
    parts = _HEADING.split(body)
    found = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    return fields, found


@register
class BurpDastardly(ReportFormat):
    id = "burp_dastardly"
    scan_types = ("Burp Dastardly Scan",)
    aliases = ("dastardly",)
    default_asset_type = AssetType.WEB
    recognises = 'Dastardly JUnit XML: <testsuites name="Dastardly scan results..."> with a testsuite per URL'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "testsuites":
            return 0.0
        return 0.9 if "dastardly" in sniff.xml_root_attrs.get("name", "").lower() else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("testsuites", "testsuite"), events=("start", "end")):
            if el.tag.rsplit("}", 1)[-1] == "testsuites":
                if event == "start" and "dastardly" not in (el.get("name") or "").lower():
                    raise InvalidReport(f"{report.name}: a JUnit report not named Dastardly: not a Dastardly report")
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                raise InvalidReport(f"{report.name}: <testsuite> outside <testsuites>: not a Dastardly report")
            url = el.get("name") or ""
            for case in el.iterfind("testcase"):
                failure = case.find("failure")
                if failure is None:
                    ctx.skip("URL without issues")
                    web_asset(ctx, "dastardly", url or None)
                    continue
                yield _finding(ctx, case.get("name") or "", failure, url)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <testsuites> root element: not a Dastardly JUnit report")


def _finding(ctx: ParseContext, name: str, failure: Any, suite_url: str) -> Finding:
    body = "".join(failure.itertext())
    fields, found = sections(body)
    host = fields.get("Host") or suite_url
    url = join_url(host, fields.get("Path", "")) or suite_url
    message = failure.get("message") or ""
    name = name or message.split(" found at ", 1)[0] or "Dastardly issue"
    return Finding(
        asset=web_asset(ctx, "dastardly", host or None),
        name=name,
        severity=burp_severity(failure.get("type") or fields.get("Severity", "")),
        description=join_nonempty(found.get("Issue Detail", ""), found.get("Issue Background", "")) or message or name,
        remedy=join_nonempty(
            found.get("Remediation Detail", ""),
            found.get("Issue Remediation", ""),
            found.get("Remediation Background", ""),
        ),
        reference_ids=cves_in(found.get("Issue Detail", "")),
        cwes=cwes_in(found.get("Vulnerability Classifications", "")),
        location=url or None,
        details={"confidence": fields.get("Confidence"), "references": _LINK.findall(found.get("References", ""))[:20]},
    )
