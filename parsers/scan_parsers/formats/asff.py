"""AWS Security Finding Format (ASFF) as a bare JSON list: `[{"SchemaVersion": "2018-10-08", "Id", "ProductArn",
"AwsAccountId", "Severity", "Title", "Resources": [...]}, ...]`, what `aws securityhub get-findings --query
Findings`, EventBridge/Security Hub exports and third-party tools writing ASFF (GuardDuty, Inspector, Macie,
Config, Prowler's --output-modes json-asff) produce. The wrapped `{"Findings": [...]}` document of
`aws securityhub get-findings` belongs to the `awssecurityhub` format; both read one entry the same way, through
that format's helpers.

One finding per ASFF finding and resource (a Phoenix finding belongs to one asset; a GuardDuty finding naming an
instance and an access key gives two). The same Id and resource repeated is read once. Severity: Label, else
Normalized (0-100, the ASFF bands), else Original. Which entries are findings is decided as in awssecurityhub:
passed controls (Compliance.Status PASSED) and archived records (RecordState ARCHIVED) are counted as skipped, and
leaving them out of a new/merge import closes them in Phoenix; a workflow status (RESOLVED, SUPPRESSED) is triage
and is kept as a tag.

Assets: ECR images become CONTAINER assets, every other resource a CLOUD asset (AWS, account, region, resource
ARN/Id and type).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from .awssecurityhub import asff_findings


@register
class Asff(ReportFormat):
    id = "asff"
    scan_types = ("AWS Security Finding Format (ASFF) Scan",)
    aliases = ("aws-asff", "asff-json")
    default_asset_type = AssetType.CLOUD
    recognises = "a bare JSON list of AWS Security Finding Format findings (SchemaVersion, ProductArn, AwsAccountId)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.SchemaVersion", "item.ProductArn") and sniff.has_any_path(
            "item.AwsAccountId", "item.Resources"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"[":
            raise InvalidReport(
                f'{report.name}: not a JSON list of ASFF findings (a {{"Findings": [...]}} export is read by the '
                "awssecurityhub format)"
            )
        yield from asff_findings(report, ctx, iter_json(report, "item"))
