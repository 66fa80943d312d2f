"""Black Duck (Hub, SCA) REST API, the vulnerable BOM components of a project version (`GET /api/projects/{p}/
versions/{v}/vulnerable-bom-components`) saved to a file: the response `{"totalCount", "items": [...]}` or the
bare list of items an API client collects from its pages. An item is one vulnerability of one component version:
{componentName, componentVersionName, componentVersionOriginName, componentVersionOriginId, ignored, license,
vulnerabilityWithRemediation: {vulnerabilityName (CVE-... / BDSA-...), description, baseScore, overallScore,
severity, remediationStatus, cweId, relatedVulnerability, vulnerabilityPublishedDate, ...}, _meta: {href}}.

One finding per item. Severity is Black Duck's (CRITICAL, HIGH, MEDIUM, LOW), the score the base score. An item
whose remediation status closes it (IGNORED, REMEDIATION_COMPLETE, MITIGATED, PATCHED, DUPLICATE, or ignored
true) is still counted, as DefectDojo does, with `active=False` and the status in `details["status"]`. The asset
is the project version the API path names (BUILD; a Black Duck placeholder when the item has no `_meta.href`);
the component version is the finding's package, its origin the ecosystem. The related CVE of a BDSA is one of
its reference ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cvss_score, cwe_id, parse_datetime, text, unique
from ._static_common import build_asset, drop_empty

_CLOSED = frozenset({"IGNORED", "REMEDIATION_COMPLETE", "MITIGATED", "PATCHED", "DUPLICATE"})
_PROJECT_VERSION = re.compile(r"/api/projects/[^/]+/versions/[^/]+")
_RELATED_ID = re.compile(r"/vulnerabilities/([^/?#]+)$")
_KEY = "vulnerabilityWithRemediation"


@register
class BlackDuckApi(ReportFormat):
    id = "api_blackduck"
    scan_types = ("BlackDuck API",)
    aliases = ("blackduck-api",)
    default_asset_type = AssetType.BUILD
    recognises = (
        "Black Duck vulnerable-bom-components API JSON (items[] with componentName, vulnerabilityWithRemediation)"
    )

    def detect(self, sniff: Sniff) -> float:
        prefix = "item" if sniff.json_root == "array" else "items.item"
        if sniff.kind == "json" and sniff.has_paths(f"{prefix}.componentName", f"{prefix}.{_KEY}.vulnerabilityName"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        envelope = report.first_byte() == b"{"
        items = 0
        for item in iter_json(report, "items.item" if envelope else "item"):
            items += 1
            if not isinstance(item, dict) or not isinstance(item.get(_KEY), dict):
                raise InvalidReport(f"{report.name}: an item without {_KEY}: not a Black Duck vulnerable BOM component")
            yield _finding(ctx, item)
        if envelope and not items:
            require_list_member(report, ("items",), "a Black Duck vulnerable-bom-components response")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    vuln = obj(item.get(_KEY))
    name = text(vuln.get("vulnerabilityName"))
    component, version = text(item.get("componentName")), text(item.get("componentVersionName"))
    status = text(vuln.get("remediationStatus")).upper()
    if item.get("ignored") is True and status not in _CLOSED:
        status = "IGNORED"
    href = text(obj(item.get("_meta")).get("href"))
    project = _PROJECT_VERSION.search(href)
    related = _RELATED_ID.search(text(vuln.get("relatedVulnerability")))
    cwe = cwe_id(vuln.get("cweId"))
    return Finding(
        asset=build_asset(ctx, project.group(0).removeprefix("/api/") if project else None, "blackduck"),
        name=f"{name} in {component} {version}".strip()[:255] if name else f"Vulnerability in {component} {version}",
        severity=label(vuln.get("severity"), Severity.INFO),
        score=cvss_score(vuln.get("baseScore")),
        description=text(vuln.get("description")) or name,
        remedy=f"Review the {component} {version} component and upgrade it to a version without {name}.",
        reference_ids=unique([name, related.group(1) if related else None]),
        cwes=[cwe] if cwe else [],
        package=Package(
            component or name, version or None, ecosystem=text(item.get("componentVersionOriginName")) or None
        ),
        published=parse_datetime(vuln.get("vulnerabilityPublishedDate")),
        active=status not in _CLOSED,
        details=drop_empty(
            {
                "status": status,
                "source": text(vuln.get("source")),
                "overallScore": vuln.get("overallScore"),
                "originId": text(item.get("componentVersionOriginId")),
                "license": text(obj(item.get("license")).get("licenseDisplay")),
                "componentVersion": text(item.get("componentVersion")),
            }
        ),
    )
