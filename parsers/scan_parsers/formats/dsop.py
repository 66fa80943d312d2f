"""DSOP (DoD Platform One / Iron Bank container hardening pipeline) scan workbook: the xlsx the pipeline writes for
an image's justifications (`<image>-<tag>-justifications.xlsx`), with the worksheets Summary, "OpenSCAP - DISA
Compliance" (title, ruleid, result, severity, identifiers, refs, desc, rationale, scanned_date), "OpenSCAP - OVAL
Results" (id, result, cls, ref, title), "Twistlock Vulnerability Results" (cve, cvss, desc, exploit, id, link,
packageName, packageVersion, severity, status, type, vecStr), "Anchore CVE Results" (tag, cve, severity, vuln,
fix, url) and "Anchore Compliance Results" (image_id, repo_tag, trigger_id, gate, trigger, check_output,
gate_action, policy_id); every finding sheet ends with a JUSTIFICATION column.

Findings: a DISA rule whose result is fail, error or notchecked; an OVAL definition whose result is true (the image
is vulnerable to it); every Twistlock and Anchore vulnerability row; an Anchore compliance trigger whose action is
stop or warn. Other rows (passed or not applicable rules, false OVAL definitions, go actions) are counted as
skipped. A row with a justification was accepted by the Iron Bank reviewers: it is counted but inactive. Severity is
the scanner's own (DISA high/medium/low, Twistlock and Anchore words, Anchore compliance: stop high, warn medium);
OVAL definitions are medium. The asset is the CONTAINER image (its Anchore tag and the layer digest the Summary
names). The workbook is recognised from its member names (an xlsx with five or more worksheets).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import is_xlsx, iter_xlsx_records, iter_xlsx_rows, xlsx_sheet_names
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._anchore_policy import Trigger, gate_finding
from ._sca_common import container_attributes, cves_in, cvss_score, split_versions, unique
from ._static_common import drop_empty

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_DISA_FINDINGS = {"fail", "error", "notchecked"}


def _justified(row: dict[str, str], details: dict[str, Any]) -> bool:
    reason = row.get("JUSTIFICATION", "").strip()
    if reason:
        details["status"] = "justified"
        details["justification"] = reason[:1000]
    return bool(reason)


def _disa(ctx: ParseContext, asset: Asset, row: dict[str, str]) -> Finding | None:
    if row.get("result", "").lower() not in _DISA_FINDINGS:
        ctx.skip(f"DISA rule {row.get('result') or 'without result'}")
        return None
    details = drop_empty({"result": row.get("result"), "identifiers": row.get("identifiers"), "refs": row.get("refs")})
    justified = _justified(row, details)
    return Finding(
        asset=asset,
        name=row.get("title") or row.get("ruleid") or "DISA compliance rule",
        severity=label(row.get("severity"), Severity.MEDIUM),
        description=row.get("desc") or row.get("title", ""),
        remedy=row.get("rationale") or "Harden the image per the DISA STIG rule.",
        reference_ids=unique([row.get("ruleid"), *cves_in(row.get("identifiers", ""))]),
        location=row.get("ruleid") or None,
        details=details,
        active=not justified,
    )


def _oval(ctx: ParseContext, asset: Asset, row: dict[str, str]) -> Finding | None:
    if row.get("result", "").lower() != "true":
        ctx.skip("OVAL definition not matched")
        return None
    details = drop_empty({"class": row.get("cls"), "definition": row.get("id")})
    justified = _justified(row, details)
    return Finding(
        asset=asset,
        name=row.get("title") or row.get("id") or "OVAL definition",
        severity=Severity.MEDIUM,
        description=row.get("title", ""),
        remedy="Update the affected packages of the image.",
        reference_ids=unique([*cves_in(row.get("ref", "")), row.get("ref")]),
        location=row.get("id") or None,
        details=details,
        active=not justified,
    )


def _twistlock(_ctx: ParseContext, asset: Asset, row: dict[str, str]) -> Finding | None:
    cve, package, version = (
        row.get("cve") or row.get("id", ""),
        row.get("packageName", ""),
        row.get("packageVersion", ""),
    )
    details = drop_empty({"exploit": row.get("exploit"), "vector": row.get("vecStr"), "link": row.get("link")})
    fix = row.get("status", "")
    justified = _justified(row, details)
    score = cvss_score(row.get("cvss"))
    return Finding(
        asset=asset,
        name=f"{cve} in {package}" if package else cve or "Twistlock vulnerability",
        severity=label(row.get("severity"), Severity.INFO),
        description=row.get("desc") or cve,
        remedy=fix or f"Upgrade {package}.",
        score=score,
        reference_ids=unique(cves_in(cve) or [cve]),
        location=f"{package}@{version}" if package else None,
        package=Package(package, version or None) if package else None,
        details=details,
        active=not justified,
    )


def _anchore_cve(_ctx: ParseContext, asset: Asset, row: dict[str, str]) -> Finding | None:
    cve, package = row.get("cve", ""), row.get("vuln", "")
    fixed = [f for f in split_versions(row.get("fix")) if f.lower() != "none"]
    details = drop_empty({"url": row.get("url"), "tag": row.get("tag")})
    justified = _justified(row, details)
    return Finding(
        asset=asset,
        name=f"{cve} in {package}" if package else cve or "Anchore vulnerability",
        severity=label(row.get("severity"), Severity.INFO),
        description=f"{cve} in {package}",
        remedy=f"Upgrade {package} to {', '.join(fixed)}." if fixed else f"No fix is known for {package} yet.",
        reference_ids=[cve] if cve else [],
        location=package or None,
        package=Package(package, None, fixed) if package else None,
        details=details,
        active=not justified,
    )


def _anchore_compliance(ctx: ParseContext, asset: Asset, row: dict[str, str]) -> Finding | None:
    action = row.get("gate_action", "")
    if action.lower() not in ("stop", "warn"):
        ctx.skip(f"Anchore compliance trigger with action {action or 'none'}")
        return None
    trigger = Trigger(
        gate=row.get("gate", ""),
        trigger=row.get("trigger", ""),
        trigger_id=row.get("trigger_id", ""),
        output=row.get("check_output", ""),
        action=action,
        policy_id=row.get("policy_id", ""),
    )
    finding = gate_finding(asset, trigger)
    if _justified(row, finding.details):
        finding.active = False
    return finding


_Reader = Callable[[ParseContext, Asset, dict[str, str]], Finding | None]
#: sheet-name keywords -> reader, in the pipeline's sheet order
_SHEETS: tuple[tuple[str, _Reader], ...] = (
    ("disa", _disa),
    ("oval", _oval),
    ("twistlock", _twistlock),
    ("anchore cve", _anchore_cve),
    ("anchore compliance", _anchore_compliance),
)


@register
class Dsop(ReportFormat):
    id = "dsop"
    scan_types = ("DSOP Scan",)
    aliases = ("iron-bank", "ironbank", "platform-one-dsop")
    default_asset_type = AssetType.CONTAINER
    recognises = "DSOP justifications xlsx: Summary, OpenSCAP DISA/OVAL, Twistlock and Anchore worksheets"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "zip" and is_xlsx(sniff.zip_members):
            sheets = [m for m in sniff.zip_members if m.startswith("xl/worksheets/sheet") and m.endswith(".xml")]
            # only the member names are known before parsing: the pipeline's workbook has a sheet per scan
            return 0.5 if len(sheets) >= 5 else 0.0
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if not report.is_archive or not is_xlsx(report.zip_members):
            raise InvalidReport(f"{report.name}: not an xlsx workbook: not a DSOP scan report")
        names = xlsx_sheet_names(report)
        chosen = [(i, reader) for key, reader in _SHEETS for i, n in enumerate(names) if key in n.lower()]
        if not chosen:
            raise InvalidReport(
                f"{report.name}: no OpenSCAP, Twistlock or Anchore worksheet (sheets: {', '.join(names)}):"
                " not a DSOP scan report"
            )
        asset = _image(ctx, report, names)
        for index, reader in chosen:
            for row in iter_xlsx_records(report, index):
                finding = reader(ctx, asset, row)
                if finding is not None:
                    yield finding


def _image(ctx: ParseContext, report: ReportInput, names: list[str]) -> Asset:
    """The image: the tag the Anchore sheets name, and the layer digest of the Summary's last line."""
    digest = ""
    summary = next((i for i, n in enumerate(names) if n.lower() == "summary"), None)
    if summary is not None:
        for row in iter_xlsx_rows(report, summary):
            found = next((m.group(0) for cell in row for m in [_DIGEST.search(cell)] if m), "")
            digest = digest or found
    tag = ""
    for i, n in enumerate(names):
        if "anchore" in n.lower() and not tag:
            tag = next((r.get("tag") or r.get("repo_tag", "") for r in iter_xlsx_records(report, i)), "")
    image = tag or digest or "unknown-image"
    ctx.meta.target = image
    return ctx.asset(AssetType.CONTAINER, container_attributes(image, digest or None, "dsop"), placeholder=not tag)
