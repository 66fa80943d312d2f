"""Tenable: Nessus XML and the Nessus / Tenable.io / Tenable.sc / Tenable WAS CSV exports.

Layouts read:
- Nessus XML (.nessus, NessusClientData_v2: Report/ReportHost/HostProperties + ReportItem; Nessus 5 to 10,
  Tenable.io and Tenable.sc .nessus downloads, Tenable WAS `<Report type="was">`). Streamed one ReportHost at a
  time (a .nessus file can be gigabytes).
- Nessus CSV ("Plugin ID","CVE","CVSS"/"CVSS v2.0 Base Score","Risk","Host","Protocol","Port","Name","Synopsis",
  "Description","Solution","See Also","Plugin Output", plus the optional columns of the export dialog), one row
  per plugin result and CVE; Tenable.io's classic vulnerability CSV adds "Vulnerability State","IP Address",
  "FQDN","NetBios","OS","Severity",...; Tenable WAS CSV has the Nessus columns with a URL as Host.
- Tenable.sc CSV ("Plugin","Plugin Name","Family","Severity","IP Address","Protocol","Port","DNS Name",
  "NetBIOS Name","MAC Address","Plugin Output"/"Plugin Text",...; no Host column).
- Tenable.io / Vulnerability Management exports: the API-style columns ("asset.display_ipv4_address",
  "asset.host_name", "definition.id", "definition.name", "severity", "port", "output", "state", ...; `;` or `,`
  separated) and the Explore > Findings CSV ("Asset Name","IPv4 Address","IPv6 Address","FQDN","Plugin ID",
  "Plugin Name","Severity","Port","Protocol","State","Plugin Output",...).

A finding is one plugin result on one host and port: DefectDojo folds a plugin across every host into one finding
with many endpoints, but a Phoenix finding belongs to one asset, so results stay per host. Rows or ReportItems of
the same plugin (and synopsis) on the same host and port fold into one finding whatever their plugin output or
CVE (the CSV writes one row per CVE; outputs are appended); the host is the row's host identity (Host / IP / FQDN /
asset id), so host attributes that vary between its rows (OS, MAC) do not split it. WAS reports (type="was",
system-type web_application, a URL as Host) give WEB assets; everything else INFRA. Severity: Nessus 0-4 or the
Risk / Severity word (None is info).

Not findings (counted as skipped): rows whose vulnerability state is Fixed or Mitigated, and CSV rows without a
plugin id or name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_csv, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cves_in, parse_datetime, unique
from ._scan_common import (
    NESSUS_SEVERITY,
    child_map,
    cwes_in,
    float_or_none,
    host_of,
    infra_asset,
    join_nonempty,
    web_asset,
)

_NO_SOLUTION = {"", "n/a", "none"}
_CSV_PLUGIN = ("plugin id", "plugin", "definition.id")
_CSV_NAME = ("name", "plugin name", "definition.name")
_CSV_HOST_COLUMNS = frozenset(
    {
        "host",
        "ip address",
        "ipv4 address",
        "ipv6 address",
        "asset name",
        "dns name",
        "asset.display_ipv4_address",
        "asset.host_name",
        "asset.name",
    }
)
_CLOSED_STATES = frozenset({"fixed", "mitigated"})


@register
class Tenable(ReportFormat):
    id = "tenable"
    scan_types = ("Tenable Scan",)
    aliases = ("nessus", "tenable", "tenable-io", "tenable-sc", "nessus-was", "tenable-was")
    default_asset_type = AssetType.INFRA
    phoenix_scan_type = "Tenable Scan"
    recognises = "Nessus XML (NessusClientData_v2, also WAS) or a Nessus/Tenable CSV export (Plugin ID, Host, Risk)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "NessusClientData_v2":
            return 0.95
        if sniff.kind == "csv":
            cols = sniff.csv_columns
            has_plugin = bool(cols & set(_CSV_PLUGIN)) and bool(cols & set(_CSV_NAME))
            has_host = bool(cols & _CSV_HOST_COLUMNS)
            has_risk = bool(cols & {"risk", "severity", "risk factor", "definition.severity"})
            if has_plugin and has_host and has_risk:
                return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_csv(report, ctx)


# --- Nessus XML -----------------------------------------------------------------------------------------------


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    was = False
    root_seen = False
    for event, el in iter_xml(report, ("NessusClientData_v2", "Report", "ReportHost"), events=("start", "end")):
        local = el.tag.rsplit("}", 1)[-1]
        if event == "start":
            if local == "NessusClientData_v2":
                root_seen = True
            elif local == "Report":
                was = el.get("type") == "was"
                if el.get("name"):
                    ctx.meta.target = el.get("name")
            continue
        if local != "ReportHost":
            continue
        if not root_seen:
            raise InvalidReport(f"{report.name}: ReportHost outside NessusClientData_v2: not a Nessus report")
        yield from _host_findings(ctx, el, was)
        clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no NessusClientData_v2 root element: not a Nessus XML report")


def _host_properties(host: Any) -> dict[str, str]:
    props: dict[str, str] = {}
    hp = host.find("HostProperties")
    if hp is not None:
        for tag in hp.findall("tag"):
            name = tag.get("name")
            if name and tag.text:
                props[name] = tag.text.strip()
    return props


def _host_asset(ctx: ParseContext, host: Any, was: bool) -> Asset:
    props = _host_properties(host)
    name = (host.get("name") or "").strip()
    if was or props.get("system-type") == "web_application":
        return web_asset(ctx, "nessus", props.get("host-fqdn") or name)
    if props.get("HOST_START") and ctx.meta.scan_date is None:
        ctx.meta.scan_date = _date(props["HOST_START"])
    ip = props.get("host-ip") or props.get("host-ipv6")
    fqdn = props.get("host-fqdn") or props.get("host-rdns")
    hostname = props.get("hostname") or props.get("netbios-name") or (None if name == ip else name)
    return infra_asset(
        ctx,
        "nessus",
        ip=ip or (name if not fqdn and name else None),
        hostname=hostname,
        fqdn=fqdn,
        os=props.get("operating-system") or props.get("os"),
        netbios=props.get("netbios-name"),
        mac=(props.get("mac-address") or "").split("\n")[0] or None,
    )


def _host_findings(ctx: ParseContext, host: Any, was: bool) -> Iterator[Finding]:
    asset = _host_asset(ctx, host, was)
    folded: dict[tuple[str, ...], Finding] = {}
    for item in host.iterfind("ReportItem"):
        port = item.get("port") or "0"
        protocol = item.get("protocol") or ""
        sev = item.get("severity") or ""
        key = (sev, item.get("pluginID") or "", item.get("pluginName") or "", port, protocol)
        fields = child_map(item)
        output = _one(fields, "plugin_output")
        if key in folded:
            # The same plugin reported again for the same host and port: keep one finding, keep all evidence.
            prev = folded[key]
            if output and output not in prev.description:
                prev.description = join_nonempty(prev.description, output)
            continue
        folded[key] = _xml_finding(asset, item, fields, port=port, protocol=protocol, sev=sev)
    if not folded:
        ctx.skip("host without plugin results")
    yield from folded.values()


def _one(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        values = fields.get(tag)
        if values:
            return values[0]
    return ""


def _xml_finding(
    asset: Asset, item: Any, fields: dict[str, list[str]], *, port: str, protocol: str, sev: str
) -> Finding:
    output = _one(fields, "plugin_output")
    plugin_id = item.get("pluginID") or ""
    name = item.get("pluginName") or _one(fields, "plugin_name") or f"Nessus plugin {plugin_id}"
    risk = _one(fields, "risk_factor")
    severity = NESSUS_SEVERITY.get(sev) or label(risk, Severity.INFO)
    xrefs = fields.get("xref", [])
    cves = unique([*fields.get("cve", []), *cves_in(" ".join(xrefs))])
    cwes = unique([*(f"CWE-{c}" for c in fields.get("cwe", []) if c.isdigit()), *cwes_in(" ".join(xrefs))])
    score = float_or_none(_one(fields, "cvss3_base_score", "cvssv3")) or float_or_none(
        _one(fields, "cvss_base_score", "cvss")
    )
    solution = _one(fields, "solution")
    synopsis = _one(fields, "synopsis")
    see_also = " ".join(fields.get("see_also", [])).split()
    service = item.get("svc_name") or ""
    details: dict[str, Any] = {
        "pluginId": plugin_id,
        "pluginFamily": item.get("pluginFamily"),
        "port": port,
        "protocol": protocol,
        "service": service,
    }
    for tag, key in (
        ("cvss3_vector", "cvss3Vector"),
        ("cvss_vector", "cvssVector"),
        ("vpr_score", "vpr"),
        ("exploit_available", "exploitAvailable"),
    ):
        value = _one(fields, tag)
        if value:
            details[key] = value
    if see_also:
        details["seeAlso"] = see_also[:10]
    return Finding(
        asset=asset,
        name=name,
        severity=severity,
        description=join_nonempty(synopsis, _one(fields, "description"), output) or name,
        remedy="" if solution.lower() in _NO_SOLUTION else solution,
        score=score,
        reference_ids=cves,
        cwes=cwes,
        location=_location(asset, port, protocol),
        published=_date(_one(fields, "vuln_publication_date", "plugin_publication_date")),
        details=details,
    )


def _location(asset: Asset, port: str, protocol: str) -> str:
    host = asset.attributes.get("ip") or asset.attributes.get("fqdn") or asset.attributes.get("hostname") or ""
    if port and port != "0":
        return f"{host}:{port}/{protocol}".rstrip("/") if protocol else f"{host}:{port}"
    return host


_SLASH_DATE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})")


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = _SLASH_DATE.sub(r"\1-\2-\3", value.strip())
    parsed = parse_datetime(value)
    if parsed is None:
        for fmt in ("%a %b %d %H:%M:%S %Y", "%b %d, %Y %H:%M:%S %Z"):
            try:
                return datetime.strptime(value, fmt).replace(tzinfo=UTC)
            except ValueError:
                continue
    return parsed


# --- CSV exports ----------------------------------------------------------------------------------------------


def _get(row: dict[str, str], *names: str) -> str:
    for n in names:
        value = row.get(n)
        if value and value.strip():
            return value.strip()
    return ""


def _csv_rows(report: ReportInput) -> Iterable[dict[str, str]]:
    first = True
    for row in iter_csv(report):
        if first:
            cols = {k.strip().lower() for k in row}
            if not (cols & set(_CSV_PLUGIN) or cols & set(_CSV_NAME)):
                raise InvalidReport(
                    f"{report.name}: CSV has no Plugin ID / Name columns: not a Nessus or Tenable export"
                )
            first = False
        yield row


def _parse_csv(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    # CSV exports write one row per CVE of a plugin result; those rows fold into one finding. Rows of one result
    # are not guaranteed to be adjacent, so results are held until the end (CSV exports are small next to .nessus).
    folded: dict[tuple[str, ...], Finding] = {}
    hosts: dict[tuple[str, str], Asset] = {}
    for row in _csv_rows(report):
        name = _get(row, "Name", "Plugin Name", "definition.name")
        plugin_id = _get(row, "Plugin ID", "Plugin", "definition.id")
        if not name and not plugin_id:
            ctx.skip("row without a plugin")
            continue
        state = _get(row, "Vulnerability State", "state", "State")
        if state.lower() in _CLOSED_STATES:
            ctx.skip(f"vulnerability state {state.lower()}")
            continue
        raw_sev = _get(row, "Risk", "severity", "Severity", "Risk Factor", "definition.severity")
        severity = NESSUS_SEVERITY.get(raw_sev) or label(raw_sev, Severity.INFO)
        host_id = _host_identity(row)
        asset = hosts.get(host_id) if any(host_id) else None
        if asset is None:
            asset = _csv_asset(ctx, row)
            if any(host_id):
                hosts[host_id] = asset
        port = _get(row, "Port", "port") or "0"
        protocol = _get(row, "Protocol", "protocol").lower()
        synopsis = _get(row, "Synopsis", "definition.synopsis")
        key = (asset.key, severity.value, plugin_id, name, port, synopsis)
        cves = [
            c.upper() for c in re.split(r"[,\s]+", _get(row, "CVE", "definition.cve")) if c.upper().startswith("CVE-")
        ]
        existing = folded.get(key)
        if existing is not None:
            existing.reference_ids = unique([*existing.reference_ids, *cves])
            output = _get(row, "Plugin Output", "Plugin Text", "output")
            if output and output not in existing.description:
                existing.description = join_nonempty(existing.description, output)
            continue
        folded[key] = _csv_finding(
            asset,
            row,
            name=name or f"Nessus plugin {plugin_id}",
            plugin_id=plugin_id,
            severity=severity,
            port=port,
            protocol=protocol,
            synopsis=synopsis,
            cves=cves,
        )
    yield from folded.values()


def _host_identity(row: dict[str, str]) -> tuple[str, str]:
    """What names a row's host: its host name / asset id and its address (rows of one host repeat both)."""
    return (
        _get(row, "Host", "asset.host_name", "asset.name", "Asset Name", "asset.id", "Asset UUID", "Host ID").lower(),
        _get(
            row,
            "IP Address",
            "IPv4 Address",
            "asset.display_ipv4_address",
            "IPv6 Address",
            "asset.display_ipv6_address",
        ),
    )


def _csv_asset(ctx: ParseContext, row: dict[str, str]) -> Asset:
    host = _get(row, "Host", "asset.host_name", "asset.name", "Asset Name")
    ip = _get(
        row,
        "IP Address",
        "IPv4 Address",
        "asset.display_ipv4_address",
        "IPv6 Address",
        "asset.display_ipv6_address",
    )
    fqdn = _get(row, "FQDN", "DNS Name", "asset.display_fqdn")
    if "://" in host:
        return web_asset(ctx, "nessus", host)
    if not ip and not fqdn and host and "." in host and not host_of(host)[1]:
        fqdn = host if not host.replace(".", "").isdigit() else ""
    return infra_asset(
        ctx,
        "nessus",
        ip=ip or None,
        hostname=host or None,
        fqdn=fqdn or None,
        os=_get(row, "OS", "Operating System", "Operating Systems", "asset.operating_system") or None,
        netbios=_get(row, "NetBios", "NetBIOS Name", "asset.netbios_name") or None,
        mac=_get(row, "MAC Address", "asset.display_mac_address") or None,
    )


def _csv_finding(
    asset: Asset,
    row: dict[str, str],
    *,
    name: str,
    plugin_id: str,
    severity: Severity,
    port: str,
    protocol: str,
    synopsis: str,
    cves: list[str],
) -> Finding:
    description = _get(row, "Description", "definition.description")
    output = _get(row, "Plugin Output", "Plugin Text", "output")
    solution = _get(row, "Solution", "definition.solution")
    score = float_or_none(
        _get(
            row,
            "CVSS V3 Base Score",
            "CVSS3 Base Score",
            "CVSS v3.0 Base Score",
            "CVSSv3 Base Score",
            "CVSSv3",
            "definition.cvss3.base_score",
        )
    ) or float_or_none(
        _get(
            row, "CVSS V2 Base Score", "CVSS v2.0 Base Score", "CVSS Base Score", "CVSS", "definition.cvss2.base_score"
        )
    )
    cwes = cwes_in(" ".join([_get(row, "Cross References", "XREF"), _get(row, "definition.cwe")]))
    if _get(row, "definition.cwe").isdigit():
        cwes = unique([f"CWE-{_get(row, 'definition.cwe')}", *cwes])
    published = _date(_get(row, "Vuln Publication Date", "definition.vulnerability_published"))
    details: dict[str, Any] = {"pluginId": plugin_id, "port": port, "protocol": protocol}
    state = _get(row, "Vulnerability State", "state", "State")
    if state:
        details["state"] = state
    family = _get(row, "Plugin Family", "Family", "definition.family")
    if family:
        details["pluginFamily"] = family
    return Finding(
        asset=asset,
        name=name,
        severity=severity,
        description=join_nonempty(synopsis, description, output) or name,
        remedy="" if solution.lower() in _NO_SOLUTION else solution,
        score=score,
        reference_ids=cves,
        cwes=cwes,
        location=_location(asset, port, protocol),
        published=published,
        details=details,
    )
