"""Netsparker (Netsparker Enterprise / Standard, renamed Invicti in 2021) JSON scan export.

{Generated, Target: {ScanId, Url, Initiated, Duration}, Vulnerabilities: [{LookupId, Name, Type, Url, Severity
(Critical/High/Medium/Low/BestPractice/Information), Certainty, Confirmed, State ("Present", "Revived", "Present,
Scanning", "FalsePositive", "AcceptedRisk", ...), Classification: {Cwe, Cvss, Cvss31, Owasp, Wasc, ...},
Description, Impact, RemedialProcedure, ExternalReferences, HttpRequest, HttpResponse, ...}]}.

The export is the Acunetix 360 one (same vendor), read by the acunetix format's JSON reader: one finding per
issue name and WEB asset (the host of the issue URL, else of Target.Url), the affected URLs in details, severity
from the product's word (BestPractice and Information are info), score from the CVSS 3.1 (else 3.0) base score.
False-positive and accepted-risk states are kept and tagged, as Netsparker still lists them. HTTP requests and
responses are not copied. Netsparker's XML and HTML reports are not read.

Detection: the export's shape plus the Netsparker name in its texts, without the Invicti name that exports since
the rename carry (those are the invicti format's; see _invicti). A zero-issue export names no product and is
detected as acunetix; parse it by naming this format.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..model import AssetType, Finding
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _invicti
from .acunetix import _parse_json


@register
class Netsparker(ReportFormat):
    id = "netsparker"
    scan_types = ("Netsparker Scan",)
    aliases = ("netsparker", "netsparker-enterprise")
    default_asset_type = AssetType.WEB
    recognises = "Netsparker JSON export (Target + Vulnerabilities[], naming Netsparker and not Invicti)"

    def detect(self, sniff: Sniff) -> float:
        return _invicti.detect(sniff, "netsparker")

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        yield from _parse_json(report, ctx)
