"""Deepfence ThreatMapper report exports: the xlsx reports of the console (Reports > Download, ThreatMapper 2.x:
one worksheet of vulnerabilities, secrets, malware or compliance checks) and the CSV / xlsx of ThreatMapper 1.x,
whose columns are the index fields (`cve_id`, `cve_severity`, `compliance_check_type`, `test_number`, ...).
The report kind is read from the header row:

- vulnerabilities: CVE ID, Severity, Attack Vector, Caused By Package, Caused By Package Path, CVSS Score,
  Description, Fixed In, Link, Node Name, Node Type, Kubernetes Cluster Name, Masked (1.x: @timestamp, cve_id,
  cve_severity, cve_caused_by_package, cve_container_image, cve_cvss_score, cve_fixed_in, host_name, masked, ...);
- secrets: Filename, Content, Rule (or Name and Rule), Severity, Content Starting Index, Node Name, Node Type,
  Container Name, Masked;
- malware: Rule Name, File Name, Summary, Severity, Node Name, Node Type, Masked;
- compliance: Compliance Standard, Status, Category, Description, Info, Control ID, Node Name, Node Type,
  Remediation, Masked (1.x: compliance_check_type, status, test_category, test_desc, test_info, test_number, ...).

One finding per row, as DefectDojo counts them. A row the console marks masked, and a compliance check that
passed (pass, ok) or was skipped, is counted but inactive. Severity is the row's (compliance: alarm high, warn
medium, note low, info info). A secret's matched content is masked, never copied. The asset is the node scanned:
a host (INFRA, its host name) or a container (CONTAINER, the container named in "container / host"). An xlsx is
recognised from its member names only (one worksheet); a CSV from its columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import is_xlsx, iter_csv, iter_xlsx_records
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cvss_score, split_versions
from ._scan_common import infra_asset
from ._static_common import drop_empty, mask_secret, secret_digest

_KINDS = {
    "vulnerability": ({"cve_id", "severity"}, {"cve_id", "cve_severity"}),
    "secret": ({"filename", "content", "rule"},),
    "malware": ({"rule_name", "file_name", "severity"},),
    "compliance": ({"compliance_standard", "control_id", "status"}, {"compliance_check_type", "test_number", "status"}),
}
_COMPLIANCE = {"alarm": Severity.HIGH, "warn": Severity.MEDIUM, "note": Severity.LOW, "info": Severity.INFO}
_PASSED = {"pass", "ok", "skip", "skipped"}
_DEEPFENCE_CSV = {"masked", "node_type", "node_name", "host_name", "cloud_account_id", "cve_caused_by_package"}


def _key(column: str) -> str:
    return column.strip().lower().replace(" ", "_").lstrip("@")


def _kind(columns: set[str]) -> str:
    for kind, shapes in _KINDS.items():
        if any(shape <= columns for shape in shapes):
            return kind
    return ""


@register
class DeepfenceThreatmapper(ReportFormat):
    id = "deepfence_threatmapper"
    scan_types = ("Deepfence Threatmapper Report",)
    aliases = ("deepfence", "threatmapper")
    default_asset_type = AssetType.INFRA
    recognises = "Deepfence ThreatMapper xlsx report (one worksheet) or 1.x CSV export (cve_id / test_number ...)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "zip" and is_xlsx(sniff.zip_members):
            sheets = [m for m in sniff.zip_members if m.startswith("xl/worksheets/sheet") and m.endswith(".xml")]
            # only the member names are known before parsing: a one-sheet workbook is the console's report
            return 0.5 if len(sheets) == 1 else 0.0
        if sniff.kind == "csv":
            columns = {_key(c) for c in sniff.csv_header}
            if _kind(columns) and len(columns & _DEEPFENCE_CSV) >= 2:
                return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        rows: Iterator[dict[str, str]]
        if report.is_archive:
            if not is_xlsx(report.zip_members):
                raise InvalidReport(f"{report.name}: a zip that is not an xlsx workbook: not a Deepfence report")
            rows = iter_xlsx_records(report)
        else:
            rows = iter_csv(report)
        kind = ""
        for raw in rows:
            row = {_key(k): v.strip() for k, v in raw.items() if k}
            if not kind:
                kind = _kind(set(row))
                if not kind:
                    raise InvalidReport(
                        f"{report.name}: the header is not a Deepfence vulnerability, secret, malware or compliance"
                        " report"
                    )
            yield _FINDERS[kind](ctx, row)


def _asset(ctx: ParseContext, row: dict[str, str]) -> Asset:
    node = row.get("node_name") or row.get("cve_container_image") or row.get("host_name") or ""
    node_type = row.get("node_type", "").lower()
    container = row.get("container_name") or ""
    if node_type in ("container", "container_image", "image") or container or (" / " in node and not node_type):
        image = container or node.partition(" / ")[0]
        return ctx.asset(AssetType.CONTAINER, container_attributes(image, origin="deepfence"))
    host = node or row.get("host_name", "")
    return infra_asset(ctx, "deepfence", hostname=host or None)


def _state(row: dict[str, str], passed: bool = False) -> dict[str, str]:
    if row.get("masked", "").lower() == "true":
        return {"status": "masked"}
    return {"status": row.get("status", "passed")} if passed else {}


def _vulnerability(ctx: ParseContext, row: dict[str, str]) -> Finding:
    cve = row.get("cve_id", "")
    package = row.get("caused_by_package") or row.get("cve_caused_by_package", "")
    name, _, version = package.rpartition(":") if ":" in package else (package, "", "")
    fixed = split_versions(row.get("fixed_in") or row.get("cve_fixed_in"))
    score = cvss_score(row.get("cvss_score") or row.get("cve_cvss_score"))
    severity = row.get("severity") or row.get("cve_severity", "")
    state = _state(row)
    path = row.get("caused_by_package_path", "")
    return Finding(
        asset=_asset(ctx, row),
        name=cve or f"Vulnerability in {package}",
        severity=label(severity, from_cvss(score) if score is not None else Severity.INFO),
        description=row.get("description") or row.get("cve_description") or f"{cve} in {package}",
        remedy=f"Upgrade {name} to {', '.join(fixed)}." if fixed else f"No fixed version of {name} is known yet.",
        score=score,
        reference_ids=[cve] if cve else [],
        location=f"{path}: {package}" if path else package or None,
        package=Package(name or package, version or None, fixed),
        details=drop_empty(
            {
                **state,
                "attackVector": row.get("attack_vector") or row.get("cve_attack_vector"),
                "link": row.get("link") or row.get("cve_link"),
                "type": row.get("type") or row.get("cve_type"),
                "cluster": row.get("kubernetes_cluster_name"),
            }
        ),
        active=not state,
    )


def _secret(ctx: ParseContext, row: dict[str, str]) -> Finding:
    rule = row.get("name") or row.get("rule", "")
    path = row.get("filename", "")
    content = row.get("content", "")
    state = _state(row)
    return Finding(
        asset=_asset(ctx, row),
        name=rule.replace("index-", "").replace("_", " ") if rule.startswith("index-") else rule or "Secret",
        severity=label(row.get("severity"), Severity.MEDIUM),
        description=f"A secret matching {rule} was found in {path}: {mask_secret(content)}",
        remedy="Revoke and rotate the secret, then remove it from the image or host.",
        location=f"{path}@{row.get('content_starting_index')}" if row.get("content_starting_index") else path,
        details=drop_empty({**state, "rule": row.get("rule"), "secret": secret_digest(content) if content else None}),
        active=not state,
    )


def _malware(ctx: ParseContext, row: dict[str, str]) -> Finding:
    rule = row.get("rule_name", "")
    state = _state(row)
    return Finding(
        asset=_asset(ctx, row),
        name=f"Malware: {rule}",
        severity=label(row.get("severity"), Severity.MEDIUM),
        description=row.get("summary") or f"The file matches the malware rule {rule}.",
        remedy="Quarantine the file and investigate how it reached the node.",
        location=row.get("file_name") or None,
        details=drop_empty({**state, "rule": rule}),
        active=not state,
    )


def _compliance(ctx: ParseContext, row: dict[str, str]) -> Finding:
    status = row.get("status", "").lower()
    control = row.get("control_id") or row.get("test_number", "")
    check = row.get("info") or row.get("test_info", "")
    state = _state(row, passed=status in _PASSED)
    return Finding(
        asset=_asset(ctx, row),
        name=f"{control}: {check}"[:200] if control else check[:200] or "Compliance check",
        severity=_COMPLIANCE.get(status, Severity.INFO),
        description="\n\n".join(
            p for p in (check, row.get("description") or row.get("test_desc", ""), f"Status: {status}") if p
        ),
        remedy=row.get("remediation") or "See the benchmark's remediation for this control.",
        location=control or None,
        details=drop_empty(
            {
                **state,
                "standard": row.get("compliance_standard") or row.get("compliance_check_type"),
                "category": row.get("category") or row.get("test_category"),
            }
        ),
        active=not state,
    )


_FINDERS: dict[str, Any] = {
    "vulnerability": _vulnerability,
    "secret": _secret,
    "malware": _malware,
    "compliance": _compliance,
}
