"""DefectDojo's "Generic Findings Import": a hand-made or converted report in DefectDojo's documented shapes.

* CSV with the documented header (Date, Title, CweId, Url, Severity, Description, Mitigation, Impact, References,
  Active, Verified, FalsePositive, Duplicate, and optional IsMitigated, Vulnerability Id, CVSSV3, fix_version,
  ...). Rows with the same title, severity and description are one finding (DefectDojo folds them and gathers
  their URLs).
* JSON {"findings": [{title, severity, description, mitigation, cve, vulnerability_ids, cwe, cvssv3, file_path,
  line, component_name, component_version, fix_version, endpoints, ...}], "name"?, "type"?}.

A finding with a URL or endpoint is a WEB finding on that host; any other is a CODE finding on the report (its
"name", or a placeholder). Its detectors score 0.6 on purpose: the shapes are generic, so a specific format wins.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_csv, iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._cvss import base_score
from ._json_groups import leading_members
from ._sca_common import cvss_score, cwe_id, parse_datetime, remedy, split_versions, text, unique
from ._static_common import code_asset, drop_empty, location

_CSV_REQUIRED = {"title", "severity", "description"}
_CSV_TYPICAL = {
    "date",
    "cweid",
    "url",
    "mitigation",
    "impact",
    "references",
    "active",
    "verified",
    "falsepositive",
    "duplicate",
    "vulnerability id",
    "ismitigated",
}
_JSON_FIELDS = (
    "description",
    "mitigation",
    "cve",
    "cwe",
    "vulnerability_ids",
    "date",
    "file_path",
    "endpoints",
    "cvssv3",
    "impact",
    "component_name",
    "unique_id_from_tool",
    "active",
    "verified",
)
_REF = re.compile(r"^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3}|[A-Z]+-\d[\w.-]*)$", re.I)
_TRUE = {"true", "1", "yes", "y"}


def _truthy(value: Any) -> bool:
    return value is True or text(value).lower() in _TRUE


def _date(value: Any) -> datetime | None:
    raw = text(value)
    for fmt in ("%m/%d/%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return parse_datetime(raw)


@register
class Generic(ReportFormat):
    id = "generic"
    scan_types = ("Generic Findings Import",)
    aliases = ("generic", "generic-findings")
    default_asset_type = AssetType.WEB
    phoenix_scan_type = "Generic Findings Import"
    recognises = "DefectDojo generic CSV (Date, Title, CweId, Url, Severity, Description, ...) or {findings: [...]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            columns = sniff.csv_columns
            if columns >= _CSV_REQUIRED and len(columns & _CSV_TYPICAL) >= 2:
                return 0.6
            return 0.0
        if (
            sniff.kind == "json"
            and sniff.json_root == "object"
            and "findings" in sniff.json_top_keys
            and sniff.has_paths("findings.item.title", "findings.item.severity")
            and sniff.has_any_path(*(f"findings.item.{f}" for f in _JSON_FIELDS))
        ):
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind == "csv":
            if not head.csv_columns >= _CSV_REQUIRED:
                raise ValueError("the CSV header lacks Title, Severity and Description: not a generic findings CSV")
            yield from _csv(report, ctx)
        elif head.kind == "json" and head.json_root == "object" and "findings" in head.json_top_keys:
            yield from _json(report, ctx)
        elif head.kind == "empty":
            return
        else:
            raise ValueError("neither a generic findings CSV nor a JSON object with a findings array")


def _host_asset(ctx: ParseContext, endpoint: str) -> Asset | None:
    if not endpoint:
        return None
    parts = urlsplit(endpoint if "://" in endpoint else f"//{endpoint}")
    host = parts.hostname or ""
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return ctx.asset(AssetType.WEB, {"fqdn": host})
    return ctx.asset(AssetType.WEB, {"ip": host})


def _refs(values: Iterable[Any]) -> list[str]:
    out = []
    for v in values:
        value = text(v.get("vulnerability_id") if isinstance(v, dict) else v)
        if value and _REF.match(value):
            out.append(value.upper() if value.upper().startswith("CVE-") else value)
    return unique(out)


def _score(item: dict[str, Any]) -> float | None:
    for key in ("cvssv3_score", "CVSSV3_score", "cvssv4_score", "CVSSV4_score"):
        score = cvss_score(item.get(key))
        if score is not None:
            return score
    return base_score(text(item.get("cvssv3") or item.get("CVSSV3")) or None)


def _csv(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str], tuple[Finding, list[str]]] = {}
    order: list[tuple[str, str, str]] = []
    for raw in iter_csv(report):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items()}
        title = row.get("title", "")
        if not title:
            continue
        key = (title, row.get("severity", ""), row.get("description", ""))
        url = row.get("url", "")
        if key in groups:
            if url and url not in groups[key][1]:
                groups[key][1].append(url)
            continue
        groups[key] = (_csv_finding(ctx, row), [url] if url else [])
        order.append(key)
    for key in order:
        finding, urls = groups[key]
        if len(urls) > 1:
            finding.details["urls"] = urls[:100]
            finding.description += "\n\nAlso seen at:\n" + "\n".join(urls[1:50])
        yield finding


def _csv_finding(ctx: ParseContext, row: dict[str, str]) -> Finding:
    title = row["title"]
    url = row.get("url", "")
    asset = _host_asset(ctx, url) or code_asset(ctx, None, "generic")
    fixed = split_versions(row.get("fix_version"))
    refs = _refs([row.get("vulnerability id", ""), row.get("cve", "")])
    cwe = cwe_id(row.get("cweid"))
    tags = [Tag(value="mitigated", key="generic")] if _truthy(row.get("ismitigated")) else []
    if _truthy(row.get("falsepositive")):
        tags.append(Tag(value="false-positive", key="generic"))
    return Finding(
        asset=asset,
        name=title,
        severity=label(row.get("severity") or None, Severity.INFO),
        score=_score({"cvssv3": row.get("cvssv3"), "cvssv4_score": row.get("cvssv4_score")}),
        description=row.get("description") or title,
        remedy=row.get("mitigation") or (remedy(None, None, fixed) if fixed else "No remediation given"),
        reference_ids=refs,
        cwes=[cwe] if cwe and cwe != "CWE-0" else [],
        location=url or title,
        published=_date(row.get("date")),
        tags=tags,
        details=drop_empty(
            {
                "impact": row.get("impact"),
                "references": row.get("references"),
                "epssScore": row.get("epss_score"),
                "knownExploited": row.get("known_exploited"),
                "fixVersion": row.get("fix_version"),
            }
        ),
    )


def _json(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    header = leading_members(report, ("findings",))
    source = text(header.get("name")) or text(header.get("title"))
    for item in iter_json(report, "findings.item"):
        if not isinstance(item, dict) or not text(item.get("title")):
            raise ValueError("a generic finding has no title")
        yield _json_finding(ctx, item, source)


def _endpoint_text(value: Any) -> str:
    if isinstance(value, dict):
        host = text(value.get("host"))
        if not host:
            return ""
        scheme = text(value.get("protocol"))
        port = text(value.get("port"))
        return f"{scheme + '://' if scheme else ''}{host}{':' + port if port else ''}{text(value.get('path'))}"
    return text(value)


def _json_finding(ctx: ParseContext, item: dict[str, Any], source: str) -> Finding:
    title = text(item["title"])
    endpoints = [e for e in (_endpoint_text(v) for v in item.get("endpoints") or []) if e]
    path = text(item.get("file_path"))
    component = text(item.get("component_name"))
    version = text(item.get("component_version")) or None
    fixed = split_versions(item.get("fix_version"))
    asset = (_host_asset(ctx, endpoints[0]) if endpoints else None) or code_asset(ctx, source, "generic")
    cwes = unique(cwe_id(c) for c in [item.get("cwe"), *(item.get("cwes") or [])] if cwe_id(c) != "CWE-0")
    tags = [Tag(value=t, key="generic") for t in item.get("tags") or [] if isinstance(t, str) and t]
    if _truthy(item.get("is_mitigated")):
        tags.append(Tag(value="mitigated", key="generic"))
    if _truthy(item.get("false_p")):
        tags.append(Tag(value="false-positive", key="generic"))
    where = (
        location(path, item.get("line"))
        or (endpoints[0] if endpoints else "")
        or (f"{component}@{version}" if component and version else component)
        or title
    )
    return Finding(
        asset=asset,
        name=title,
        severity=label(item.get("severity"), Severity.INFO),
        score=_score(item),
        description=text(item.get("description")) or title,
        remedy=text(item.get("mitigation"))
        or (remedy(component or None, version, fixed) if fixed else "No remediation given"),
        reference_ids=_refs([item.get("cve"), *(item.get("vulnerability_ids") or [])]),
        cwes=[c for c in cwes if c],
        location=where,
        package=Package(name=component, version=version, fixed_versions=fixed) if component else None,
        published=_date(item.get("date")),
        fingerprint=text(item.get("unique_id_from_tool")),
        tags=tags,
        details=drop_empty(
            {
                "impact": text(item.get("impact")),
                "references": text(item.get("references")),
                "vulnIdFromTool": text(item.get("vuln_id_from_tool")),
                "endpoints": endpoints[1:20],
                "epssScore": item.get("epss_score"),
                "knownExploited": item.get("known_exploited"),
            }
        ),
    )
