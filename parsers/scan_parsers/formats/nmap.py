"""Nmap XML output (`nmap -oX`, nmap.dtd; every Nmap since 3.x writes it, `-oA` includes it): an nmaprun root
with one host element per scanned host (status, address, hostnames/hostname, ports/port with state, service,
NSE script results, os/osmatch, hostscript/script), `extraports` summaries and runstats. Streamed host by host.

What is a finding, following Nmap's own output semantics:
- every port whose state is `open` is one informational finding ("Open port 22/tcp: ssh") carrying the service,
  product, version, CPEs and script output, so Phoenix tracks the exposed surface (one per host, protocol and
  port: 53/tcp and 53/udp are two services);
- each entry of the `vulners` script (CVE ids, exploit ids, ... with a CVSS score) is one finding on that host and
  port, scored by its CVSS (an id the script lists under several CPEs of one port is read once);
- each result of an NSE script of the `vulns` library (ssl-heartbleed, http-vuln-*, smb-vuln-* as a hostscript,
  ...: a table with `title` and `state`) whose state is VULNERABLE, LIKELY VULNERABLE or VULNERABLE (DoS /
  Exploitable) is one finding on the port, or on the host for a hostscript; its `ids` give CVEs, its `scores` the
  CVSS, else `risk_factor` the severity.
Not findings (counted as skipped): ports listed with another state (closed, filtered, open|filtered, ...), vulns
results whose state is NOT VULNERABLE or UNKNOWN, hosts without any open port (down hosts included; they are
still registered as assets when they have an address). Assets are INFRA hosts: first IPv4/IPv6 address, MAC,
first host name, best OS match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import float_or_none, infra_asset, join_nonempty

#: vulners' text output, for script results written without structured tables: "\tCVE-2018-15919\t5.0\turl".
_VULNERS_LINE = re.compile(r"^\s*(\S+)\t+(\d+(?:\.\d+)?)\t+(\S+)(?:\t+\*EXPLOIT\*)?", re.M)


@register
class Nmap(ReportFormat):
    id = "nmap"
    scan_types = ("Nmap Scan",)
    aliases = ("nmap",)
    default_asset_type = AssetType.INFRA
    phoenix_scan_type = "Nmap Scan"
    recognises = "Nmap XML output (nmaprun root with host/ports/port elements)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "nmaprun":
            return 0.95
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("nmaprun", "host"), events=("start", "end")):
            if el.tag == "nmaprun":
                if event == "start":
                    root_seen = True
                    _meta(ctx, el)
                continue
            if not root_seen:
                break
            if event == "end" and el.getparent() is not None and el.getparent().tag == "nmaprun":
                yield from _host_findings(ctx, el)
                clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no nmaprun root element: not an Nmap XML report")


def _meta(ctx: ParseContext, root: Any) -> None:
    started = root.get("start")
    if started and started.isdigit():
        ctx.meta.scan_date = datetime.fromtimestamp(int(started), UTC)
    ctx.meta.extra["args"] = root.get("args") or ""
    ctx.meta.extra["version"] = root.get("version") or ""


def _host_asset(ctx: ParseContext, host: Any) -> Asset:
    ip = mac = None
    for address in host.iterfind("address"):
        kind, addr = address.get("addrtype"), address.get("addr")
        if kind in ("ipv4", "ipv6") and ip is None:
            ip = addr
        elif kind == "mac" and mac is None:
            mac = addr
    names = [h.get("name") for h in host.iterfind("hostnames/hostname") if h.get("name")]
    hostname = names[0] if names else None
    matches = [m for m in host.iterfind("os/osmatch") if m.get("name")]
    best = max(matches, key=lambda m: int(m.get("accuracy") or 0), default=None)
    return infra_asset(
        ctx,
        "nmap",
        ip=ip,
        hostname=hostname,
        fqdn=hostname if hostname and "." in hostname else None,
        os=best.get("name") if best is not None else None,
        mac=mac,
    )


def _host_findings(ctx: ParseContext, host: Any) -> Iterator[Finding]:
    asset = _host_asset(ctx, host)  # a host with no open port still belongs to the inventory
    found = False
    for port in host.iterfind("ports/port"):
        state = port.find("state")
        state_name = (state.get("state") if state is not None else None) or "unknown"
        if state_name != "open":
            ctx.skip(f"port state {state_name}")
            continue
        found = True
        yield from _port_findings(ctx, asset, port)
    for script in host.iterfind("hostscript/script"):
        for finding in _vulns_results(ctx, asset, asset.attributes.get("ip") or "", script):
            found = True
            yield finding
    if not found:
        status = host.find("status")
        ctx.skip("host down" if status is not None and status.get("state") == "down" else "host without open ports")


def _port_findings(ctx: ParseContext, asset: Asset, port: Any) -> Iterator[Finding]:
    proto, number = port.get("protocol") or "tcp", port.get("portid") or ""
    where = f"{number}/{proto}"
    service = port.find("service")
    svc: dict[str, str] = dict(service.attrib) if service is not None else {}
    cpes = [c.text.strip() for c in port.iterfind("service/cpe") if c.text and c.text.strip()]
    scripts = [(s.get("id") or "", (s.get("output") or "").strip()) for s in port.iterfind("script")]
    name = svc.get("name", "")
    product = " ".join(p for p in (svc.get("product"), svc.get("version"), svc.get("extrainfo")) if p)
    description = join_nonempty(
        f"Port {where} is open" + (f", running {name}" if name else "") + (f" ({product})" if product else "") + ".",
        "CPE: " + ", ".join(cpes) if cpes else "",
        *(f"Script {sid}:\n{out}" for sid, out in scripts if out),
    )
    yield Finding(
        asset=asset,
        name=f"Open port {where}" + (f": {name}" if name else ""),
        severity=Severity.INFO,
        description=description,
        remedy="Close the port or restrict access to it if the service does not need to be reachable.",
        location=where,
        details={k: v for k, v in {**svc, "cpe": cpes, "port": number, "protocol": proto}.items() if v},
        tags=[Tag(name, "service")] if name else [],
    )
    for script in port.iterfind("script"):
        if script.get("id") == "vulners":
            yield from _vulners(asset, where, script)
        else:
            yield from _vulns_results(ctx, asset, where, script)


def _vulns_results(ctx: ParseContext, asset: Asset, where: str, script: Any) -> Iterator[Finding]:
    """Results of an NSE script written with the `vulns` library: one table per vulnerability checked, holding
    `title` and `state` elems and `ids`, `description`, `scores`, `references` tables."""
    sid = script.get("id") or "nse"
    for table in script.iterfind("table"):
        elems = {e.get("key"): (e.text or "").strip() for e in table.iterfind("elem")}
        state = elems.get("state", "").upper()
        if not state or not elems.get("title"):
            continue  # a table of another script's structured output
        if "VULNERABLE" not in state or "NOT VULNERABLE" in state:
            ctx.skip(f"NSE result state {state}")
            continue
        ids = [(e.text or "").strip() for e in table.iterfind("table[@key='ids']/elem")]
        cves = [i.split(":", 1)[1] for i in ids if i.upper().startswith("CVE:")]
        scores = [float_or_none(e.text) for e in table.iterfind("table[@key='scores']/elem")]
        score = next((x for x in scores if x is not None), None)
        text = "\n".join((e.text or "").strip() for e in table.iterfind("table[@key='description']/elem"))
        refs = [(e.text or "").strip() for e in table.iterfind("table[@key='references']/elem") if e.text]
        if score is not None:
            severity = from_cvss(score)
        else:
            severity = label(elems.get("risk_factor"), Severity.HIGH if "LIKELY" not in state else Severity.MEDIUM)
        yield Finding(
            asset=asset,
            name=f"{sid}: {elems['title']}",
            severity=severity,
            score=score,
            description=join_nonempty(text.strip() or elems["title"], f"State: {state}"),
            remedy="\n".join(refs) or "See the references of the vulnerability.",
            reference_ids=cves,
            location=where or None,
            details={
                k: v
                for k, v in {
                    "script": sid,
                    "state": state,
                    "ids": ids,
                    "disclosure": elems.get("disclosure"),
                    "references": refs,
                }.items()
                if v
            },
            tags=[Tag(sid, "nse")],
        )


def _vulners(asset: Asset, where: str, script: Any) -> Iterator[Finding]:
    entries: list[tuple[str, str, str, bool]] = []  # (id, cvss, type, is exploit)
    for cpe_table in script.iterfind("table"):
        for entry in cpe_table.iterfind("table"):
            elems = {e.get("key"): (e.text or "").strip() for e in entry.iterfind("elem")}
            if elems.get("id"):
                entries.append(
                    (elems["id"], elems.get("cvss", ""), elems.get("type", ""), elems.get("is_exploit") == "true")
                )
    if not entries:
        output = script.get("output") or ""
        entries = [(m[1], m[2], "", "*EXPLOIT*" in m[0]) for m in _VULNERS_LINE.finditer(output)]
    seen: set[str] = set()
    for vid, cvss, kind, exploit in entries:
        if vid in seen:
            continue
        seen.add(vid)
        score = float_or_none(cvss)
        is_cve = vid.upper().startswith("CVE-")
        yield Finding(
            asset=asset,
            name=vid,
            severity=from_cvss(score) if score is not None else Severity.INFO,
            score=score,
            description=f"{vid} affects the service on port {where} (reported by the Nmap vulners script).",
            remedy="Update the service to a version that fixes the vulnerability.",
            reference_ids=[vid.upper()] if is_cve else [],
            location=where,
            details={k: v for k, v in {"type": kind, "url": f"https://vulners.com/{kind or 'cve'}/{vid}"}.items() if v},
            tags=[Tag("exploit", "vulners")] if exploit else [],
        )
