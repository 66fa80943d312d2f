"""Checkmarx One: the results API export (`GET /api/results`: {results[] of {type: sast|kics|sca|sca-container,
data, severity, state, status, similarityId, firstFoundAt}, totalCount}), the JSON scan report of the reports
service ({reportType, reportHeader, scanResults.resultsList[].vulnerabilities[], iacScanResults.technology[],
scaScanResults.packages[]}) and the GitLab-schema SAST export (scan.analyzer "CxOne-SAST").

One finding per result. Severity as Checkmarx names it. Assets: the sink file's code base (CODE) for SAST/IaC,
the manifest (BUILD) for SCA, a container placeholder for sca-container.
Not findings, counted with ctx.skip: results triaged NOT_EXPLOITABLE (Checkmarx One's false positive; DefectDojo
keeps them as false positives) and results whose status is FIXED; other states (TO_VERIFY, CONFIRMED, URGENT,
PROPOSED_NOT_EXPLOITABLE, custom states) are findings, the state kept in `details` and as a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Tag
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from . import _gitlab
from ._json_groups import leading_members
from ._sca_common import cves_in, cvss_score, cwe_id, parse_datetime, remedy, text, unique

_PACKAGE_ID = re.compile(r"^(?P<eco>[A-Za-z]+)-(?P<name>.+)-(?P<version>[^-]+)$")


@register
class CheckmarxOne(ReportFormat):
    id = "checkmarx_one"
    scan_types = ("Checkmarx One Scan",)
    aliases = ("checkmarx-one", "cxone", "cx-one")
    default_asset_type = AssetType.CODE
    recognises = (
        "Checkmarx One JSON: results API export (results[].type sast|kics|sca, totalCount), scan report "
        "(reportType, scanResults.resultsList) or GitLab-schema SAST export from CxOne"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("results", "totalCount") and sniff.has_any_path(
            "results.item.similarityId", "results.item.firstFoundAt"
        ):
            return 0.9
        if set(sniff.json_top_keys) <= {"results", "totalCount", "scanID"} and "totalCount" in sniff.json_top_keys:
            return 0.6  # an empty results export
        if sniff.has_paths("reportType", "reportHeader") and sniff.has_any_path(
            "scanResults.resultsList", "iacScanResults", "scaScanResults"
        ):
            return 0.9
        if _gitlab.is_gitlab_shape(sniff) and _gitlab.CHECKMARX_MARKER.search(sniff.text):
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" or head.json_root != "object":
            raise ValueError("expected a Checkmarx One JSON object")
        keys = set(head.json_top_keys)
        if "results" in keys:
            for result in iter_json(report, "results.item"):
                yield _mark(_result(ctx, result), result)
        elif "reportType" in keys or "scanResults" in keys:
            yield from _scan_report(report, ctx)
        elif "vulnerabilities" in keys:
            for vuln in _gitlab.iter_vulnerabilities(report):
                yield _gitlab.code_finding(ctx, vuln, "checkmarx-one")
        else:
            raise ValueError("no `results`, `scanResults` or `vulnerabilities`: not a Checkmarx One export")


def _mark(finding: Finding, result: Any) -> Finding:
    """Results triaged NOT_EXPLOITABLE or FIXED are inactive findings: counted, never imported as open."""
    if isinstance(result, dict):
        if text(result.get("state")).upper().replace(" ", "_") == "NOT_EXPLOITABLE":
            finding.active, finding.details["status"] = False, "not exploitable"
        elif text(result.get("status")).upper() == "FIXED":
            finding.active, finding.details["status"] = False, "fixed"
    return finding


def _state_tags(result: dict[str, Any]) -> list[Tag]:
    state = text(result.get("state"))
    return [Tag(state.lower(), "state")] if state else []


def _code_asset(ctx: ParseContext, source: str) -> Asset:
    return ctx.asset(
        AssetType.CODE, {"scannerSource": source or "checkmarx-one", "origin": "checkmarx-one"}, placeholder=not source
    )


def _result(ctx: ParseContext, r: Any) -> Finding:
    if not isinstance(r, dict) or "type" not in r:
        raise ValueError("a result has no `type`")
    kind = text(r.get("type"))
    data = r.get("data") or {}
    details_in = r.get("vulnerabilityDetails") or {}
    common: dict[str, Any] = {
        k: v
        for k, v in {
            "type": kind,
            "id": r.get("id"),
            "status": r.get("status"),
            "state": r.get("state"),
            "similarityId": r.get("similarityId"),
        }.items()
        if v
    }
    if kind == "sast":
        nodes = data.get("nodes") or [{}]
        sink = nodes[-1]
        path = text(sink.get("fileName"))
        line = text(sink.get("line"))
        query = text(data.get("queryName")).replace("_", " ")
        return Finding(
            asset=_code_asset(ctx, path),
            name=query or "Checkmarx One SAST finding",
            severity=label(r.get("severity")),
            description=text(r.get("description")) or f"{query} ({text(data.get('languageName'))})",
            remedy="Review the data flow and sanitise it before it reaches the sink.",
            cwes=unique([cwe_id(details_in.get("cweId"))]),
            location=f"{path}:{line}" if line else path,
            published=parse_datetime(r.get("firstFoundAt")),
            tags=_state_tags(r),
            details=common | {"group": data.get("group"), "source": text(nodes[0].get("fileName"))},
        )
    if kind == "kics":
        path = text(data.get("filename")) or text(data.get("fileName"))
        line = text(data.get("line"))
        return Finding(
            asset=_code_asset(ctx, path),
            name=text(data.get("queryName")) or "Checkmarx One IaC finding",
            severity=label(r.get("severity")),
            description=text(r.get("description")) or text(data.get("value")) or text(data.get("queryName")),
            remedy=text(data.get("expectedValue")) or "Fix the configuration",
            location=f"{path}:{line}" if line else path,
            published=parse_datetime(r.get("firstFoundAt")),
            tags=_state_tags(r),
            details=common | {"platform": data.get("platform"), "actual": data.get("value")},
        )
    return _sca_result(ctx, r, kind, data, details_in, common)


def _sca_result(  # noqa: PLR0917 - a private builder called from one place
    ctx: ParseContext, r: dict[str, Any], kind: str, data: dict[str, Any], vd: dict[str, Any], common: dict[str, Any]
) -> Finding:
    pkg_id = text(data.get("packageIdentifier"))
    m = _PACKAGE_ID.match(pkg_id)
    name = text(data.get("packageName")) or (m.group("name") if m else pkg_id)
    version = text(data.get("packageVersion")) or (m.group("version") if m else "")
    fixed = unique([data.get("recommendedVersion")])
    sca = data.get("scaPackageData") or {}
    manifest = next((text(loc) for loc in sca.get("locations") or [] if loc), "")
    if kind == "sca-container":
        asset = ctx.asset(
            AssetType.CONTAINER, {"dockerfile": "checkmarx-one-container", "origin": "checkmarx-one"}, placeholder=True
        )
    else:
        asset = ctx.asset(
            AssetType.BUILD,
            {"buildFile": manifest or "checkmarx-one-sca", "origin": "checkmarx-one"},
            placeholder=not manifest,
        )
    cve = text(vd.get("cveName")) or text(r.get("id"))
    refs = [text(p.get("url")) for p in data.get("packageData") or [] if isinstance(p, dict)]
    return Finding(
        asset=asset,
        name=f"{cve} in {name}" if cve else f"Vulnerability in {name}",
        severity=label(r.get("severity")),
        description=text(r.get("description")) or cve,
        remedy=remedy(name, version, fixed),
        score=cvss_score(vd.get("cvssScore")),
        reference_ids=unique([*cves_in(cve), *cves_in(text(r.get("id")))]),
        cwes=unique([cwe_id(vd.get("cweId"))]),
        location=f"{manifest}: {name}@{version}" if manifest else f"{name}@{version}",
        package=Package(name, version or None, fixed, None, (m.group("eco").lower() if m else None)),
        published=parse_datetime(data.get("publishedAt")),
        tags=_state_tags(r),
        details=common | {"references": refs[:20], "fixLink": sca.get("fixLink")},
    )


def _scan_report(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    header = leading_members(report, ("scanResults", "iacScanResults", "scaScanResults"))
    project = text((header.get("reportHeader") or {}).get("projectName"))
    ctx.meta.target = project or None
    code = _code_asset(ctx, project)
    for query in iter_json(report, "scanResults.resultsList.item"):
        for vuln in query.get("vulnerabilities") or []:
            path = text(vuln.get("destinationFileName")) or text(vuln.get("sourceFileName"))
            line = text(vuln.get("destinationLine"))
            name = text(query.get("queryName")).replace("_", " ")
            yield _mark(
                Finding(
                    asset=code,
                    name=name or "Checkmarx One SAST finding",
                    severity=label(vuln.get("severity")),
                    description=text(query.get("description")) or name,
                    remedy="Review the data flow and sanitise it before it reaches the sink.",
                    cwes=unique([cwe_id(query.get("cweId"))]),
                    location=f"{path}:{line}" if line else path,
                    published=parse_datetime(vuln.get("firstFoundDate")),
                    tags=_state_tags(vuln),
                    details={
                        k: v
                        for k, v in {
                            "status": vuln.get("status"),
                            "state": vuln.get("state"),
                            "source": f"{text(vuln.get('sourceFileName'))}:{text(vuln.get('sourceLine'))}",
                            "similarityId": vuln.get("similarityId"),
                        }.items()
                        if v
                    },
                ),
                vuln,
            )
    for tech in iter_json(report, "iacScanResults.technology.item"):
        for query in tech.get("queries") or []:
            for res in query.get("resultsList") or []:
                yield _mark(
                    Finding(
                        asset=code,
                        name=text(query.get("queryName")) or "Checkmarx One IaC finding",
                        severity=label(res.get("severity")),
                        description=text(query.get("description")) or text(res.get("actualValue")),
                        remedy=text(res.get("expectedValue")) or "Fix the configuration",
                        location=text(res.get("fileName")),
                        published=parse_datetime(res.get("firstDetectionDate")),
                        tags=_state_tags(res),
                        details={"technology": tech.get("name"), "category": query.get("category")},
                    ),
                    res,
                )
    for package in iter_json(report, "scaScanResults.packages.item"):
        # Layout of SCA packages in this report is not pinned down by the samples (all empty): read each package's
        # vulnerabilities when it lists them, else the package entry itself.
        entries = package.get("vulnerabilities") if isinstance(package.get("vulnerabilities"), list) else [package]
        name = text(package.get("packageName")) or text(package.get("name")) or text(package.get("id"))
        for vuln in entries:
            cve = text(vuln.get("cveName")) or text(vuln.get("id"))
            yield _mark(
                Finding(
                    asset=ctx.asset(
                        AssetType.BUILD,
                        {"buildFile": project or "checkmarx-one-sca", "origin": "checkmarx-one"},
                        placeholder=not project,
                    ),
                    name=f"{cve} in {name}".strip() if cve else f"Vulnerability in {name}",
                    severity=label(vuln.get("severity")),
                    description=text(vuln.get("description")) or cve or name,
                    remedy=f"Update {name}",
                    reference_ids=cves_in(cve),
                    location=name,
                    package=Package(name, text(vuln.get("version") or package.get("packageVersion")) or None),
                ),
                vuln,
            )
