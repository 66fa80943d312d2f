"""Black Duck Hub component risk: the project-version report zip (Reports > Create report > Components and
Vulnerabilities) with its `components_<date>.csv` (Component name, Component version name, License names, License
families, Component policy status, Operational Risk, Project path, ...) and `security_<date>.csv` (Component name,
Component version name, Vulnerability id, Security Risk, Base score, Remediation status, ...).

Two kinds of finding, as DefectDojo counts them: one security finding per component version with vulnerabilities,
holding all of them (severity the highest Security Risk, score the highest base score, every id a reference; the
other rows of the component are counted as folded), and one policy finding per component whose policy status is
"In Violation" (its licenses in the description). Components neither in violation nor vulnerable are counted as
skipped. A security finding whose every vulnerability Black Duck marks remediated, mitigated, patched, ignored or
duplicate is inactive. The asset is the BUILD project path, else the report file. (A zip with `security.csv` and
`files.csv`, the vulnerability export, is the `blackduck` format.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, unique
from ._static_common import drop_empty, zip_member

_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
_CLOSED = {"remediation_complete", "mitigated", "patched", "ignored", "duplicate"}
_KEY = ("component name", "component version name")


def _members(names: list[str]) -> dict[str, str]:
    """The components and security CSVs of the zip by kind, whatever their date suffix."""
    out: dict[str, str] = {}
    for name in names:
        base = name.rsplit("/", 1)[-1].lower()
        for kind in ("components", "security", "files"):
            if base.startswith(kind) and base.endswith(".csv"):
                out.setdefault(kind, name)
    return out


@register
class BlackduckComponentRisk(ReportFormat):
    id = "blackduck_component_risk"
    scan_types = ("Blackduck Component Risk",)
    aliases = ("blackduck-component-risk",)
    default_asset_type = AssetType.BUILD
    recognises = "Black Duck Hub report zip with components_<date>.csv and security_<date>.csv"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "zip":
            return 0.0
        members = _members(sniff.zip_members)
        if {"components", "security"} <= members.keys():
            # with files.csv it is the vulnerability export the blackduck format reads
            return 0.4 if "files" in members else 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        members = _members(report.zip_members) if report.is_archive else {}
        if not {"components", "security"} <= members.keys():
            raise InvalidReport(
                f"{report.name}: not a Black Duck component risk report (expected the report zip with the"
                " components and security CSVs)"
            )
        vulns: dict[tuple[str, str], list[dict[str, str]]] = {}
        with zip_member(report, members["security"]) as security:
            for row in _rows(security, "Vulnerability id"):
                vulns.setdefault((row["component name"], row.get("component version name", "")), []).append(row)
        with zip_member(report, members["components"]) as components:
            for row in _rows(components, "Component policy status"):
                key = (row["component name"], row.get("component version name", ""))
                asset = _asset(ctx, row, report.inner_name)
                found = vulns.pop(key, None)
                if found:
                    yield _security(ctx, asset, key, found)
                if row.get("component policy status", "").lower() == "in violation":
                    yield _policy(asset, key, row)
                elif not found:
                    ctx.skip("component neither in policy violation nor vulnerable")
        for key, rows in vulns.items():  # vulnerable components the components CSV does not list
            yield _security(ctx, _asset(ctx, rows[0], report.inner_name), key, rows)


def _rows(report: ReportInput, column: str) -> Iterator[dict[str, str]]:
    first = True
    for raw in iter_csv(report, delimiter=","):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if first and not ({_KEY[0], column.lower()} <= row.keys()):
            raise InvalidReport(f"{report.name}: no `Component name` and `{column}` columns: not a Black Duck CSV")
        first = False
        if row.get("component name"):
            yield row


def _asset(ctx: ParseContext, row: dict[str, str], file_name: str) -> Asset:
    project = row.get("project path", "")
    return ctx.asset(
        AssetType.BUILD, {"buildFile": project or file_name, "origin": "blackduck"}, placeholder=not project
    )


def _security(ctx: ParseContext, asset: Asset, key: tuple[str, str], rows: list[dict[str, str]]) -> Finding:
    component, version = key
    ctx.skip("vulnerability folded into its component's security finding", len(rows) - 1)
    severities = [label(r.get("security risk"), Severity.INFO) for r in rows]
    scores = [s for s in (cvss_score(r.get("base score")) for r in rows) if s is not None]
    statuses = unique(r.get("remediation status") for r in rows)
    closed = bool(statuses) and all(s.lower() in _CLOSED for s in statuses)
    lines = [
        f"- {r.get('vulnerability id')} ({r.get('security risk') or 'unrated'}, base score {r.get('base score')}):"
        f" {r.get('description', '')[:300]}"
        for r in rows
    ]
    details: dict[str, Any] = {"vulnerabilities": len(rows), "remediationStatus": statuses}
    if closed:
        details["status"] = "remediated"
    return Finding(
        asset=asset,
        name=f"Vulnerable component: {component} {version}".strip(),
        severity=max(severities, key=_ORDER.index),
        description=f"{len(rows)} vulnerabilities in {component} {version}:\n" + "\n".join(lines),
        remedy=f"Upgrade {component} from {version} to a version without these vulnerabilities.",
        score=max(scores) if scores else None,
        reference_ids=unique(r.get("vulnerability id") for r in rows),
        location=f"{component}@{version}",
        package=Package(component, version or None, [], None, rows[0].get("component origin name") or None),
        details=drop_empty(details),
        active=not closed,
    )


def _policy(asset: Asset, key: tuple[str, str], row: dict[str, str]) -> Finding:
    component, version = key
    licenses = row.get("license names", "")
    return Finding(
        asset=asset,
        name=f"Component in policy violation: {component} {version}".strip(),
        severity=Severity.MEDIUM,
        description=(
            f"{component} {version} violates a Black Duck policy. Licenses: {licenses or 'unknown'}"
            f" ({row.get('license families', '')}); operational risk {row.get('operational risk', '') or 'unknown'};"
            f" usage {row.get('usage', '') or 'unknown'}; match type {row.get('match type', '') or 'unknown'}."
        ),
        remedy="Review the component's licenses against the policy, replace the component or record an exception.",
        location=f"{component}@{version}",
        package=Package(component, version or None, [], None, row.get("origin name") or None),
        details=drop_empty(
            {
                "licenses": licenses,
                "licenseFamilies": row.get("license families"),
                "operationalRisk": row.get("operational risk"),
                "policyStatus": row.get("component policy status"),
                "reviewStatus": row.get("review status"),
            }
        ),
    )
