"""Nancy (sonatype-nexus-community/nancy), `nancy sleuth --output json`: Go module vulnerabilities from OSS Index.

Layout (nancy 0.x and 1.x): a root object with `audited[]`, `vulnerable[]`, `excluded[]`, `invalid[]`,
`exclusions`, `num_audited`, `num_vulnerable`, `num_exclusions` and `version`. Each component is {Coordinates
(a purl, pkg:golang/<module>@<version>), Reference, Vulnerabilities[] of {ID (Id before 1.0), Title,
Description, CvssScore, CvssVector, Cve, Reference, Excluded}, InvalidSemVer}.

One finding per vulnerability of each component in `vulnerable` (`audited` lists the same components again,
with the clean ones). Severity comes from the CVSS score (the vector when the score is missing). The asset is the
Go module's go.sum (BUILD placeholder: the report does not name the module). Not findings (counted as skipped):
vulnerabilities nancy marks Excluded (an exclusion in .nancy-ignore), clean audited components, and components
with an invalid semantic version (nancy could not check them).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import objs
from ._ossindex import coordinate_package, folded, ossindex_finding
from ._sca_common import text


@register
class Nancy(ReportFormat):
    id = "nancy"
    scan_types = ("Nancy Scan",)
    aliases = ("nancy-sleuth",)
    default_asset_type = AssetType.BUILD
    recognises = "nancy sleuth JSON: audited[], vulnerable[] of {Coordinates, Vulnerabilities}, num_audited"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        keys = set(sniff.json_top_keys)
        if {"num_audited", "num_vulnerable"} <= keys or (
            {"audited", "vulnerable"} <= keys
            and sniff.has_any_path("audited.item.Coordinates", "vulnerable.item.Coordinates")
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)  # one entry per module of go.sum: small
        if not isinstance(data, dict) or not ({"vulnerable", "audited"} & data.keys()):
            raise InvalidReport(f"{report.name}: no `vulnerable` or `audited` list: not a nancy report")
        ctx.meta.scanner = "nancy"
        ctx.meta.extra["nancyVersion"] = text(data.get("version"))
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "go.sum", "origin": "nancy"}, placeholder=True)
        vulnerable = data.get("vulnerable")
        if vulnerable is not None and not isinstance(vulnerable, list):
            raise InvalidReport(f"{report.name}: `vulnerable` is not a list")
        audited = objs(data.get("audited"))
        components = objs(vulnerable) if vulnerable is not None else audited
        flagged = {text(c.get("Coordinates")) for c in components}
        for comp in map(folded, components):
            coordinates = text(comp.get("coordinates"))
            if not coordinates:
                raise InvalidReport(f"{report.name}: a component without Coordinates: not a nancy report")
            package = coordinate_package(coordinates)
            vulns = objs(comp.get("vulnerabilities"))
            if not vulns:
                ctx.skip("component without vulnerabilities")
            for vuln in vulns:
                if folded(vuln).get("excluded") is True:
                    ctx.skip("excluded")
                    continue
                yield ossindex_finding(asset, package, vuln)
        clean = [c for c in audited if text(c.get("Coordinates")) not in flagged]
        if clean:
            ctx.skip("component without vulnerabilities", len(clean))
        if objs(data.get("invalid")):
            ctx.skip("invalid semantic version, not checked", len(objs(data.get("invalid"))))
