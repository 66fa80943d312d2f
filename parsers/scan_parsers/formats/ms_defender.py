"""Microsoft Defender for Endpoint (Defender Vulnerability Management) vulnerability exports from the Defender API
(api.securitycenter.microsoft.com / api.security.microsoft.com), OData JSON {"@odata.context", "value": [...]}:

- `GET /api/vulnerabilities/machinesVulnerabilities`: {id, cveId, machineId, fixingKbId, productName,
  productVendor, productVersion, severity};
- `GET /api/machines/SoftwareVulnerabilitiesByMachine` (the export per device): {deviceId, deviceName, osPlatform,
  softwareVendor, softwareName, softwareVersion, cveId, vulnerabilitySeverityLevel, cvssScore,
  recommendedSecurityUpdateId, securityUpdateAvailable, exploitabilityLevel, status, diskPaths, ...};
- a zip of both kinds of pages with the machines (`GET /api/machines`: {id, computerDnsName, lastIpAddress,
  osPlatform, ipAddresses[], ...}) in `machines/` and the vulnerabilities in `vulnerabilities/`, as the DefectDojo
  importer takes them: the machines name the hosts of the vulnerabilities.

One finding per vulnerability entry (CVE, software and machine). Severity is Defender's word (else the CVSS
score). Entries whose status says the vulnerability is fixed or remediated are counted as skipped. Asset: the
machine (INFRA: DNS name, last IP, OS and MAC when the machines are known, the device name of the per-device
export; otherwise the machine id stands in for the host name).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, parse_datetime, text, unique
from ._scan_common import infra_asset
from ._static_common import zip_member

_ORIGIN = "ms-defender"
_CLOSED = ("fixed", "remediated", "resolved")


@register
class MsDefender(ReportFormat):
    id = "ms_defender"
    scan_types = ("MSDefender Parser",)
    aliases = ("defender", "msdefender", "defender-for-endpoint", "mde")
    default_asset_type = AssetType.INFRA
    recognises = (
        "Defender for Endpoint API JSON: value[] of {cveId, machineId}, or a zip of machines/ + vulnerabilities/"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "zip":
            members = [m.lower() for m in sniff.zip_members]
            if any(m.startswith("vulnerabilities/") for m in members) and any(
                m.startswith("machines/") for m in members
            ):
                return 0.85
            return 0.0
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("value.item.cveId") and sniff.has_any_path("value.item.machineId", "value.item.deviceId"):
            return 0.9
        if (
            "@odata.context" in sniff.json_top_keys
            and sniff.has_paths("value")
            and (sniff.contains("securitycenter") or sniff.contains("security.microsoft.com"))
        ):
            return 0.6  # an empty page of the Defender API
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.is_archive:
            yield from _archive(report, ctx)
            return
        yield from _vulnerabilities(report, ctx, {})


def _archive(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    members = [m for m in report.zip_members if m.lower().endswith(".json") and "__macosx" not in m.lower()]
    machine_files = [m for m in members if m.lower().startswith("machines/")]
    vuln_files = [m for m in members if m.lower().startswith("vulnerabilities/")]
    if not vuln_files:
        raise InvalidReport(f"{report.name}: a zip without vulnerabilities/*.json: not a Defender export")
    machines: dict[str, dict[str, Any]] = {}
    for member in machine_files:
        with zip_member(report, member) as inner:
            for machine in iter_json(inner, "value.item"):
                if isinstance(machine, dict) and machine.get("id"):
                    machines[text(machine["id"])] = machine
    for member in vuln_files:
        with zip_member(report, member) as inner:
            yield from _vulnerabilities(inner, ctx, machines)


def _vulnerabilities(report: ReportInput, ctx: ParseContext, machines: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    found = False
    for entry in iter_json(report, "value.item"):
        found = True
        if not isinstance(entry, dict) or not entry.get("cveId"):
            if isinstance(entry, dict) and "computerDnsName" in entry:
                raise InvalidReport(f"{report.name}: a list of Defender machines, not of vulnerabilities")
            raise InvalidReport(f"{report.name}: an entry of `value` has no cveId: not a Defender vulnerability list")
        if text(entry.get("status")).lower() in _CLOSED:
            ctx.skip(f"status {text(entry.get('status')).lower()}")
            continue
        yield _finding(ctx, entry, machines)
    if not found:
        require_list_member(report, ("value",), "a Defender for Endpoint API export")


def _asset(ctx: ParseContext, entry: dict[str, Any], machines: dict[str, dict[str, Any]]) -> Asset:
    machine_id = text(entry.get("machineId")) or text(entry.get("deviceId"))
    machine = machines.get(machine_id)
    if machine is not None:
        addresses = [a for a in machine.get("ipAddresses") or [] if isinstance(a, dict)]
        ip = text(machine.get("lastIpAddress")) or next((text(a.get("ipAddress")) for a in addresses), "")
        mac = next((text(a.get("macAddress")) for a in addresses if text(a.get("ipAddress")) == ip), "")
        return infra_asset(
            ctx,
            _ORIGIN,
            ip=ip or None,
            hostname=text(machine.get("computerDnsName")) or machine_id or None,
            os=text(machine.get("osPlatform")) or None,
            mac=mac or None,
        )
    return infra_asset(
        ctx,
        _ORIGIN,
        hostname=text(entry.get("deviceName")) or machine_id or None,
        os=text(entry.get("osPlatform")) or None,
    )


def _finding(ctx: ParseContext, entry: dict[str, Any], machines: dict[str, dict[str, Any]]) -> Finding:
    cve = text(entry["cveId"])
    product = text(entry.get("productName")) or text(entry.get("softwareName"))
    vendor = text(entry.get("productVendor")) or text(entry.get("softwareVendor"))
    version = text(entry.get("productVersion")) or text(entry.get("softwareVersion"))
    score = cvss_score(entry.get("cvssScore"))
    word = entry.get("severity") or entry.get("vulnerabilitySeverityLevel")
    fallback = from_cvss(score) if score else Severity.MEDIUM
    severity = label(word, fallback) if word else fallback
    kb = text(entry.get("fixingKbId")) or text(entry.get("recommendedSecurityUpdateId"))
    update = text(entry.get("recommendedSecurityUpdate"))
    if kb:
        fix = f"Install {'KB' + kb if kb.isdigit() else kb}" + (f" ({update})" if update else "") + "."
    elif update:
        fix = f"Install {update}."
    else:
        fix = f"Update {product} to a version that fixes {cve}." if product else "No remediation provided"
    machine_id = text(entry.get("machineId")) or text(entry.get("deviceId"))
    return Finding(
        asset=_asset(ctx, entry, machines),
        name=f"{cve} in {product}" if product else cve,
        severity=severity,
        description=f"{cve} affects {' '.join(p for p in (vendor, product, version) if p) or 'the machine'}.",
        remedy=fix,
        score=score,
        reference_ids=unique([cve]),
        location=", ".join(entry.get("diskPaths") or []) or None,
        package=Package(product, version or None) if product else None,
        published=parse_datetime(entry.get("firstSeenTimestamp")),
        details={
            k: v
            for k, v in {
                "id": text(entry.get("id")),
                "machineId": machine_id,
                "vendor": vendor,
                "exploitabilityLevel": text(entry.get("exploitabilityLevel")),
                "status": text(entry.get("status")),
                "lastSeen": text(entry.get("lastSeenTimestamp")),
            }.items()
            if v
        },
    )
