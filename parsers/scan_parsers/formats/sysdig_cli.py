"""sysdig-cli-scanner (Sysdig Secure's inline image scanner) results: the CSV the Sysdig UI offers for a CLI scan
result ("CVE ID, CVE Severity, CVSS Score, CVSS Score Version, Package Name, Package Version, Package Path, Package
Type, Fix Version, CVE URL, Vuln Disclosure Date, Vuln Fix Date, Risk Accepted, EPSS Score") and the scanner's own
`--json-scan-result` JSON ({"info", "scanner", "result": {"metadata": {pullString, imageId, digest, baseOs},
"packages": [{type, name, version, path, suggestedFix, vulns: [{name, severity{value}, cvssScore{value{score,
vector, version}}, exploitable, fixedInVersion, disclosureDate, acceptedRisks}]}]}}).

One finding per vulnerability and package. Severity is Sysdig's word (Negligible is info). Risk-accepted
vulnerabilities are kept, tagged status=risk-accepted. Asset: the scanned image (CONTAINER); the CSV does not name
it, so its findings share a placeholder image.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_csv_columns, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._sysdig import canonical, row_finding

_REQUIRED = frozenset({"cve id", "cve severity", "package name"})


@register
class SysdigCli(ReportFormat):
    id = "sysdig_cli"
    scan_types = ("Sysdig CLI Report",)
    aliases = ("sysdig-cli-scanner", "sysdig-cli")
    default_asset_type = AssetType.CONTAINER
    recognises = "sysdig-cli-scanner results: CSV (CVE ID, CVE Severity, CVSS Score Version) or JSON result.packages"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            cols = sniff.csv_columns
            if cols >= _REQUIRED and ("cvss score version" in cols or "risk accepted" in cols):
                return 0.85
            return 0.0
        if sniff.kind == "json" and sniff.has_paths("result.packages.item.vulns", "result.metadata.pullString"):
            return 0.9
        if sniff.kind == "json" and sniff.contains('"sysdig-cli-scanner"') and sniff.has_paths("result.packages"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"{":
            yield from _json(report, ctx)
            return
        for n, row in enumerate(iter_csv_columns(report, _REQUIRED, "sysdig-cli-scanner"), 2):
            yield row_finding(ctx, canonical(row), f"{report.name}: line {n}", "sysdig-cli")


def _json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    data = load_json(report)
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("packages", []), list):
        raise InvalidReport(f"{report.name}: no `result.packages` list: not a sysdig-cli-scanner JSON result")
    meta = result.get("metadata") or {}
    image = text(meta.get("pullString"))
    digest = text(meta.get("digest")) or text(meta.get("imageId"))
    for pkg in result.get("packages") or []:
        if not isinstance(pkg, dict):
            raise InvalidReport(f"{report.name}: a package is not an object")
        vulns = pkg.get("vulns") or []
        if not vulns:
            ctx.skip("package without vulnerabilities")
        for vuln in vulns:
            yield row_finding(
                ctx, _row(vuln, pkg, image, digest, meta), f"{report.name}: {text(pkg.get('name'))}", "sysdig-cli"
            )


def _row(vuln: Any, pkg: dict[str, Any], image: str, digest: str, meta: dict[str, Any]) -> dict[str, str]:
    if not isinstance(vuln, dict):
        raise InvalidReport("a sysdig-cli-scanner vulnerability is not an object")
    severity = vuln.get("severity")
    cvss = (vuln.get("cvssScore") or {}).get("value") or {}
    row = {
        "vuln": text(vuln.get("name")),
        "severity": text(severity.get("value") if isinstance(severity, dict) else severity),
        "package": text(pkg.get("name")),
        "version": text(pkg.get("version")),
        "type": text(pkg.get("type")),
        "path": text(pkg.get("path")),
        "image": image,
        "image_id": digest,
        "os": text(meta.get("baseOs")),
        "cvss_score": text(cvss.get("score")),
        "cvss_vector": text(cvss.get("vector")),
        "cvss_version": text(cvss.get("version")),
        "published": text(vuln.get("disclosureDate") or vuln.get("publishDateByVendor")),
        "fix_date": text(vuln.get("solutionDate")),
        "fix": text(vuln.get("fixedInVersion")),
        "suggested_fix": text(pkg.get("suggestedFix")),
        "exploit": "true" if vuln.get("exploitable") else "",
        "risk_accepted": "true" if vuln.get("acceptedRisks") else "",
    }
    return {k: v for k, v in row.items() if v}
