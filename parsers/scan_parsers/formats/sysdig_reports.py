"""Sysdig Secure vulnerability reports (Vulnerabilities > Reports, scheduled or downloaded), in both export
formats: CSV, whose columns changed over the releases (up to 2024: "Vulnerability ID, Severity, Package name,
Package version, ..., Image, ..., Registry name / K8S cluster name, ..., Package suggested fix, Risk accepted";
2025: "Vulnerability Name, Vulnerability Severity, ..., Image Name, ..., Kubernetes Cluster Name, ..., Fix
Available"), and JSON {"data": [{vulnName, vulnSeverity, packageName, packageVersion, imagePullString, imageId,
k8s*, vulnCvssScore, vulnFixVersion, ...}]}.

One finding per row (vulnerability, package and image; a report scoped to workloads repeats an image per
workload, and those rows stay separate findings of the same image, with the workload in the details). Severity is
Sysdig's word (Negligible is info). Risk-accepted rows are kept, tagged status=risk-accepted. Asset: the image
(CONTAINER, pull string and image id). A CSV row whose severity column holds no severity word (an export with the
id column missing shifts every value) is refused rather than read wrongly.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import iter_csv, iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sysdig import canonical, has_columns, row_finding

_SYSDIG_COLUMNS = (
    "package suggested fix",
    "risk accepted",
    "k8s cluster name",
    "kubernetes cluster name",
    "registry image repository",
    "k8s pod count",
)


@register
class SysdigReports(ReportFormat):
    id = "sysdig_reports"
    scan_types = ("Sysdig Vulnerability Report",)
    aliases = ("sysdig", "sysdig-secure", "sysdig-vulnerability-report")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "Sysdig Secure vulnerability report: CSV (Vulnerability ID/Name, Severity, Package name, Image) or JSON"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            cols = sniff.csv_columns
            if (
                ("vulnerability id" in cols or "vulnerability name" in cols)
                and has_columns(cols, "severity", "package", "image")
                and any(c in cols for c in _SYSDIG_COLUMNS)
            ):
                return 0.85
            return 0.0
        if sniff.kind == "json" and sniff.has_paths("data.item.vulnName", "data.item.imagePullString"):
            return 0.9
        if sniff.kind == "json" and sniff.has_paths("data.item.vulnName", "data.item.packageName"):
            return 0.7
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"{":
            found = False
            for n, item in enumerate(iter_json(report, "data.item"), 1):
                found = True
                if not isinstance(item, dict):
                    raise InvalidReport(f"{report.name}: entry {n} of `data` is not an object")
                yield row_finding(ctx, canonical(item), f"{report.name}: entry {n}", "sysdig")
            if not found:
                require_list_member(report, ("data",), "a Sysdig vulnerability report")
            return
        rows = iter_csv(report)
        header_checked = False
        for n, row in enumerate(rows, 2):
            if not header_checked:
                _check_header(report, set(k.strip().lower() for k in row))
                header_checked = True
            yield row_finding(ctx, canonical(row), f"{report.name}: line {n}", "sysdig")
        if not header_checked:
            first = report.read_head(65536).decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0]
            _check_header(report, {c.strip().strip('"').lower() for c in first.split(",")} if first.strip() else None)


def _check_header(report: ReportInput, columns: set[str] | None) -> None:
    if columns is None:
        return  # an empty file: nothing was scanned
    if not has_columns(columns, "vuln", "severity", "package"):
        raise InvalidReport(
            f"{report.name}: CSV without the Sysdig vulnerability columns (Vulnerability ID or Name, Severity, "
            "Package name): not a Sysdig vulnerability report"
        )
