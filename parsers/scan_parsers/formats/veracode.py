"""Veracode: the three outputs a Veracode scan is exported as.

- Detailed XML report (`detailedreport`, schema https://www.veracode.com/schema/reports/export/1.0, from the
  Detailed Report API / "Download XML" in the platform): flaws under severity/category/cwe in `staticflaws`,
  `dynamicflaws` and `manualflaws`, plus `software_composition_analysis/vulnerable_components/component` with
  their `vulnerabilities/vulnerability` (CVE) entries. One finding per flaw and per component CVE.
- Findings REST API JSON (`GET /appsec/v2/applications/{guid}/findings`): `_embedded.findings[]` (the raw API
  page, with `_links` and `page`; a page with no findings has no `_embedded`) or `findings[]`; scan types STATIC,
  DYNAMIC, MANUAL and SCA, each with `finding_status` and `finding_details`. One finding per API finding.
- Pipeline Scan JSON (`results.json` / `filtered_results.json` of the pipeline scanner): `scan_id`,
  `scan_status`, `pipeline_scan` and `findings[]` with `issue_id`, `issue_type`, `cwe_id`, `severity` (0-5),
  `display_text` and `files.source_file{file, line, function_name}`. One finding per pipeline finding.

Severity is Veracode's 0-5 scale (5 Very High = critical, 4 high, 3 medium, 2-1 low, 0 informational). The asset
is the application (CODE; app_name / context_guid; pipeline scans name none and share a placeholder).

Not findings, counted with ctx.skip: flaws Veracode closed (XML remediation_status "Fixed" or "Cannot Reproduce";
API finding_status.status CLOSED, resolution FIXED), and flaws or component CVEs whose mitigation was accepted
(XML mitigation_status "accepted", component vulnerability mitigation="true"; API resolution MITIGATED /
POTENTIAL_FALSE_POSITIVE / ... with resolution_status or mitigation_review_status APPROVED; `is_mitigated` true):
Veracode no longer counts them against the application, and leaving them out of an import closes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import clear_element, iter_json, iter_xml, load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._static_common import code_asset, drop_empty, location

# Veracode's 0-5 scale: 5 Very High, 4 High, 3 Medium, 2 Low, 1 Very Low, 0 Informational
_SEVERITIES = {
    "5": Severity.CRITICAL,
    "4": Severity.HIGH,
    "3": Severity.MEDIUM,
    "2": Severity.LOW,
    "1": Severity.LOW,
    "0": Severity.INFO,
}
_TAG = re.compile(r"<[^>]+>")


def _severity(value: Any) -> Severity:
    return _SEVERITIES.get(text(value), Severity.MEDIUM)


def _veracode_date(value: Any) -> Any:
    return parse_datetime(text(value).removesuffix(" UTC"))


@register
class Veracode(ReportFormat):
    id = "veracode"
    scan_types = ("Veracode Scan",)
    aliases = ("veracode",)
    default_asset_type = AssetType.CODE
    recognises = "Veracode detailedreport XML, or the Findings API JSON (findings[] with scan_type/finding_details)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml":
            if (
                sniff.xml_root == "detailedreport"
                and "veracode" in (sniff.xml_namespace or "").lower() + sniff.text[:4000]
            ):
                return 0.9
            return 0.0
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        for prefix in ("findings.item", "_embedded.findings.item"):
            if sniff.has_paths(f"{prefix}.scan_type", f"{prefix}.finding_details", f"{prefix}.finding_status"):
                return 0.9
        if sniff.has_paths("findings.item.issue_type", "findings.item.issue_id") and sniff.has_any_path(
            "findings.item.files.source_file", "findings.item.gob", "findings.item.display_text"
        ):
            return 0.85
        if sniff.has_paths("scan_id", "scan_status", "pipeline_scan"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "xml":
            yield from _xml(report, ctx)
        elif head.kind == "json":
            prefix = "_embedded.findings.item" if "_embedded" in head.json_top_keys else "findings.item"
            count = 0
            for item in iter_json(report, prefix):
                count += 1
                if isinstance(item, dict) and "finding_details" in item:
                    finding = _api_finding(ctx, item)
                elif isinstance(item, dict) and "issue_type" in item:
                    finding = _pipeline_finding(ctx, item)
                else:
                    raise InvalidReport(f"{report.name}: a Veracode finding has neither finding_details nor issue_type")
                if finding is not None:
                    yield finding
            if not count:
                _check_empty(report)
        else:
            raise ValueError("not a Veracode XML or JSON report")


def _xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    asset: Asset | None = None
    seen_root = False
    for event, el in iter_xml(report, ("detailedreport", "flaw", "component"), events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "detailedreport":
            if event == "start":
                seen_root = True
                app = el.get("app_name") or el.get("app_id")
                asset = code_asset(ctx, app, "veracode")
                ctx.meta.scan_date = _veracode_date(el.get("generation_date"))
            continue
        if event != "end":
            continue
        if not seen_root or asset is None:
            raise ValueError("the XML root is not a Veracode detailedreport")
        if tag == "flaw":
            finding = _flaw(ctx, asset, el)
            if finding is not None:
                yield finding
        elif tag == "component":
            yield from _component(ctx, asset, el)
        clear_element(el)
    if not seen_root:
        raise ValueError("the XML root is not a Veracode detailedreport")


def _flaw(ctx: ParseContext, asset: Asset, el: Any) -> Finding | None:
    remediation = (el.get("remediation_status") or "").strip().lower()
    if remediation in {"fixed", "cannot reproduce"}:
        ctx.skip(f"flaw {remediation}")
        return None
    if (el.get("mitigation_status") or "").strip().lower() == "accepted":
        ctx.skip("mitigation accepted")
        return None
    category = el.get("categoryname") or el.get("type") or "Veracode flaw"
    path = "/".join(p for p in ((el.get("sourcefilepath") or "").rstrip("/"), el.get("sourcefile") or "") if p)
    url = el.get("url") or ""
    where = location(path, el.get("line")) or url or el.get("module") or category
    description = _TAG.sub("", el.get("description") or "").strip()
    cwe = cwe_id(el.get("cweid"))
    return Finding(
        asset=asset,
        name=f"{category} (CWE-{el.get('cweid')})" if el.get("cweid") else category,
        severity=_severity(el.get("severity")),
        description=description or category,
        remedy=_remedy(description) or "See the Veracode flaw's remediation guidance.",
        cwes=[cwe] if cwe else [],
        location=where,
        published=_veracode_date(el.get("date_first_occurrence")),
        details=drop_empty(
            {
                "issueId": el.get("issueid"),
                "module": el.get("module"),
                "type": el.get("type"),
                "url": url,
                "functionPrototype": el.get("functionprototype"),
                "remediationStatus": el.get("remediation_status"),
                "mitigationStatus": el.get("mitigation_status"),
                "exploitLevel": el.get("exploitLevel"),
            }
        ),
    )


def _remedy(description: str) -> str:
    # Veracode's flaw text reads "<what is wrong> <how to fix it> References: ..."; keep the advice part
    body = description.split("References:", 1)[0].strip()
    return body[:4000]


def _component(ctx: ParseContext, asset: Asset, el: Any) -> Iterator[Finding]:
    library = el.get("library") or el.get("file_name") or "component"
    version = el.get("version") or None
    file_name = el.get("file_name") or library
    for vuln in el.iter():
        if not isinstance(vuln.tag, str) or vuln.tag.rsplit("}", 1)[-1] != "vulnerability":
            continue
        cve = vuln.get("cve_id") or ""
        score = cvss_score(vuln.get("cvss_score"))
        cwe = cwe_id(vuln.get("cwe_id"))
        if (vuln.get("mitigation") or "").strip().lower() == "true":
            ctx.skip("mitigation accepted")
            continue
        yield Finding(
            asset=asset,
            name=f"{cve or 'Vulnerability'} in {library}@{version}" if version else f"{cve} in {library}",
            severity=_severity(vuln.get("severity")),
            score=score,
            description=vuln.get("cve_summary") or cve or library,
            remedy=f"Update {library} from {version} to a version that fixes {cve or 'the vulnerability'}"
            if version
            else f"Update {library} to a version that fixes {cve or 'the vulnerability'}",
            reference_ids=[cve] if cve else [],
            cwes=[cwe] if cwe else [],
            location=file_name,
            package=Package(name=library, version=version),
            published=_veracode_date(vuln.get("first_found_date")),
            details=drop_empty(
                {
                    "componentId": el.get("component_id"),
                    "vendor": el.get("vendor"),
                    "sha1": el.get("sha1"),
                    "severityDesc": vuln.get("severity_desc"),
                    "affectsPolicy": vuln.get("vulnerability_affects_policy_compliance"),
                }
            ),
        )


def _library_name(file_name: str, version: str | None) -> str:
    """ "spring-boot-autoconfigure-2.5.14.jar" with version 2.5.14 -> "spring-boot-autoconfigure"."""
    if version:
        return re.sub(rf"[-_.]{re.escape(version)}(\.[A-Za-z0-9]+)?$", "", file_name) or file_name
    return file_name


def _api_inactive(item: dict[str, Any]) -> str:
    """Why a Findings API finding is no longer active ("" when it is)."""
    status = item.get("finding_status") or {}
    if not isinstance(status, dict):
        status = {"status": status}
    state = text(status.get("status")).upper()
    resolution = text(status.get("resolution")).upper()
    if state in {"CLOSED", "FIXED"} or resolution == "FIXED":
        return "closed"
    approved = "APPROVED" in {
        text(status.get("resolution_status")).upper(),
        text(status.get("mitigation_review_status")).upper(),
    }
    if (approved and resolution not in {"", "UNRESOLVED", "NONE"}) or item.get("is_mitigated") is True:
        return "mitigation approved"
    return ""


def _check_empty(report: ReportInput) -> None:
    """A JSON report where no finding was streamed: a Findings API page with no `_embedded` (Veracode leaves it
    out when a page is empty), or an object with an empty findings list; anything else is not a Veracode report."""
    doc = load_json(report)
    if isinstance(doc, dict):
        embedded = doc.get("_embedded")
        if isinstance(doc.get("findings"), list) or (isinstance(embedded, dict) and embedded.get("findings") == []):
            return
        if embedded is None and isinstance(doc.get("page"), dict):
            return
    raise InvalidReport(f"{report.name}: no findings[] nor _embedded.findings[]: not a Veracode JSON report")


def _pipeline_finding(ctx: ParseContext, item: dict[str, Any]) -> Finding | None:
    mitigation = text(item.get("mitigation_status")).lower()
    if mitigation in {"accepted", "approved"} or item.get("is_mitigated") is True or item.get("mitigated") is True:
        ctx.skip("mitigation accepted")
        return None
    source = ((item.get("files") or {}).get("source_file") or {}) if isinstance(item.get("files"), dict) else {}
    category = text(item.get("issue_type")) or text(item.get("title")) or "Veracode flaw"
    cwe = cwe_id(item.get("cwe_id"))
    description = _TAG.sub("", text(item.get("display_text"))).strip()
    path = text(source.get("file"))
    return Finding(
        asset=code_asset(ctx, None, "veracode"),
        name=f"{category} (CWE-{item.get('cwe_id')})" if text(item.get("cwe_id")) else category,
        severity=_severity(item.get("severity")),
        description=description or category,
        remedy=_remedy(description) or "See the Veracode flaw's remediation guidance.",
        cwes=[cwe] if cwe else [],
        location=location(path, source.get("line")) or text(item.get("title")) or category,
        details=drop_empty(
            {
                "issueId": item.get("issue_id"),
                "title": text(item.get("title")),
                "functionName": text(source.get("function_name")),
                "functionPrototype": text(source.get("function_prototype")),
                "scope": text(source.get("scope")),
            }
        ),
    )


def _api_finding(ctx: ParseContext, item: dict[str, Any]) -> Finding | None:
    inactive = _api_inactive(item)
    if inactive:
        ctx.skip(inactive)
        return None
    status = item.get("finding_status") or {}
    if not isinstance(status, dict):
        status = {}
    details = item.get("finding_details") or {}
    scan_type = text(item.get("scan_type")).upper()
    asset = code_asset(ctx, item.get("context_guid"), "veracode")
    cwe_info = details.get("cwe") or {}
    cwe = cwe_id(cwe_info.get("id"))
    description = _TAG.sub("", text(item.get("description"))).strip()
    severity = _severity(details.get("severity"))
    cwes = [cwe] if cwe else []
    published = parse_datetime(status.get("first_found_date"))
    if scan_type == "SCA":
        cve = details.get("cve") or {}
        cve_name = text(cve.get("name"))
        component = text(details.get("component_filename")) or "component"
        version = text(details.get("version")) or None
        cvss3 = cve.get("cvss3") or {}
        paths = [text(p.get("path")) for p in details.get("component_path") or [] if isinstance(p, dict)]
        return Finding(
            asset=asset,
            name=f"{cve_name or text(cwe_info.get('name')) or 'Vulnerability'} in {component}",
            description=description or cve_name or component,
            remedy=f"Update {component} to a version that fixes {cve_name or 'the vulnerability'}",
            score=cvss_score(cvss3.get("score")) or cvss_score(cve.get("cvss")),
            reference_ids=[cve_name] if cve_name else [],
            location=paths[0] if paths else component,
            package=Package(name=_library_name(component, version), version=version),
            details=drop_empty({"componentId": text(details.get("component_id")), "paths": paths[:20]}),
            severity=severity,
            cwes=cwes,
            published=published,
        )
    category = text((details.get("finding_category") or {}).get("name")) or text(cwe_info.get("name")) or "flaw"
    path = text(details.get("file_path")) or text(details.get("file_name"))
    url = text(details.get("url"))
    return Finding(
        asset=asset,
        name=f"{category} (CWE-{cwe_info.get('id')})" if cwe_info.get("id") else category,
        description=description or category,
        remedy=_remedy(description) or "See the Veracode finding's remediation guidance.",
        location=location(path, details.get("file_line_number")) or url or text(details.get("module")) or category,
        details=drop_empty(
            {
                "issueId": item.get("issue_id"),
                "scanType": scan_type,
                "module": text(details.get("module")),
                "procedure": text(details.get("procedure")),
                "attackVector": text(details.get("attack_vector")),
                "references": unique([text(cwe_info.get("href"))]),
            }
        ),
        severity=severity,
        cwes=cwes,
        published=published,
    )
