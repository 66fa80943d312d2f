"""Black Duck (Hub, SCA) vulnerability exports of a project version (Reports > Create report > Vulnerabilities):
the `security.csv` in every column set it has had (Hub 4.x: Project id, Project name, Version, Channel version
origin id, ...; 2018 and later: Used by / Project id, Component name, Component version name, Component origin id,
Project path, Match type, Overall score, CWE Ids, Solution available, ...; column names matched without case), or
the whole report zip (security.csv plus files.csv, whose paths become the findings' locations).

A vulnerability (CVE or BDSA) of one component version is one finding; rows repeating it (one per match or origin)
are one finding, as DefectDojo counts them, whatever the remediation status. The asset is the BUILD project path
(else the report file). Severity is Black Duck's Security Risk, else from the base score.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import AssetType, Finding, Package, Severity
from ..readers import iter_csv
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, cvss_score, cwe_id, parse_datetime, unique

_REQUIRED = {"vulnerability id", "security risk", "base score", "remediation status"}
_BDSA = re.compile(r"\bBDSA-\d{4}-\d+\b", re.I)


def _is_security_header(columns: set[str]) -> bool:
    return columns >= _REQUIRED and bool({"project name", "component name"} & columns)


@register
class Blackduck(ReportFormat):
    id = "blackduck"
    scan_types = ("Blackduck Hub Scan",)
    aliases = ("blackduck", "black-duck", "blackduck-hub")
    default_asset_type = AssetType.BUILD
    recognises = "Black Duck Hub security.csv (Vulnerability id, Security Risk, Base score) or its report zip"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv" and _is_security_header(sniff.csv_columns):
            return 0.9
        if sniff.kind == "zip":
            names = {m.rsplit("/", 1)[-1].lower() for m in sniff.zip_members}
            if "security.csv" in names and ("files.csv" in names or "components.csv" in names):
                return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.is_archive:
            yield from self._zip(report, ctx)
            return
        header = report.read_head(65536).decode("utf-8-sig", errors="replace").splitlines()[:1]
        if not _is_security_header({c.strip().lower() for c in next(csv.reader(header), [])}):
            raise ValueError("CSV header lacks Black Duck's columns (Vulnerability id, Security Risk, Base score)")
        yield from _findings(iter_csv(report, delimiter=","), {}, ctx, report.inner_name)

    def _zip(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        source: Any = report.path if report.path is not None else io.BytesIO(report.read_all())
        with zipfile.ZipFile(source) as zf:
            members = {m.rsplit("/", 1)[-1].lower(): m for m in zf.namelist()}
            if "security.csv" not in members:
                raise ValueError("the zip has no security.csv: not a Black Duck report")
            paths: dict[tuple[str, str], list[str]] = {}
            if "files.csv" in members:
                for raw in _zip_csv(zf, members["files.csv"]):
                    row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                    key = (row.get("project name", ""), row.get("version", ""))
                    path = (row.get("archive context") or "") + (row.get("path") or "")
                    if path and path not in paths.setdefault(key, []):
                        paths[key].append(path)
            yield from _findings(_zip_csv(zf, members["security.csv"]), paths, ctx, report.inner_name)


def _zip_csv(zf: zipfile.ZipFile, member: str) -> Iterator[dict[str, str]]:
    with zf.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        yield from csv.DictReader(text)


def _findings(
    rows: Iterator[dict[str, str]], paths: dict[tuple[str, str], list[str]], ctx: ParseContext, file_name: str
) -> Iterator[Finding]:
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        component = row.get("component name") or row.get("project name", "")
        version = row.get("component version name") or row.get("version", "")
        vuln = row.get("vulnerability id", "")
        key = (vuln, component, version)
        if key in seen:
            ctx.skip("another row of the same vulnerability and component version")
            continue
        seen.add(key)
        project = row.get("project path", "")
        asset = ctx.asset(
            AssetType.BUILD,
            {"buildFile": project or file_name, "origin": "blackduck"},
            placeholder=not project,
        )
        yield _finding(asset, row, component, version, paths.get((row.get("project name", ""), version), []))


def _finding(asset: Any, row: dict[str, str], component: str, version: str, paths: list[str]) -> Finding:
    vuln = row.get("vulnerability id", "")
    refs = unique([*(m.upper() for m in _BDSA.findall(vuln)), *cves_in(vuln)]) or unique([vuln])
    risk = row.get("security risk", "")
    score = cvss_score(row.get("base score"))
    severity = label(risk, Severity.INFO) if risk else (Severity.INFO if score is None else label(score))
    origin = row.get("channel version origin id") or row.get("component origin id", "")
    return Finding(
        asset=asset,
        name=vuln or f"Vulnerability in {component}",
        severity=severity,
        description=row.get("description") or f"{vuln} in {component} {version}",
        remedy=f"Update {component} from {version} to a version without {vuln}; see Black Duck for fixed versions.",
        score=score,
        reference_ids=refs,
        cwes=unique(cwe_id(c) for c in re.split(r"[,;\s]+", row.get("cwe ids", "")) if c),
        location="; ".join(paths[:5]) or (f"{origin}" if origin else f"{component}@{version}"),
        package=Package(component, version or None, [], None, row.get("channel version origin") or None),
        published=_date(row.get("published on", "")),
        details={
            k: v
            for k, v in {
                "source": row.get("vulnerability source"),
                "remediationStatus": row.get("remediation status"),
                "url": row.get("url"),
                "originId": origin,
                "exploitability": row.get("exploitability"),
                "impact": row.get("impact"),
            }.items()
            if v
        },
    )


def _date(value: str) -> Any:
    """Black Duck writes dates in the exporting user's locale: 4/29/14 or 28/08/19; ISO is taken as is."""
    if "/" not in value:
        return parse_datetime(value)
    from datetime import UTC, datetime

    for fmt in ("%m/%d/%y", "%d/%m/%y", "%m/%d/%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
