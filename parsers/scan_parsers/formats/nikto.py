"""Nikto web server scans, XML (`-Format xml`: niktoscan/scandetails/item, also the old unversioned layout and
the nested niktoscan some versions write) and JSON (`-Format json`: one host object, or a list of them, with
vulnerabilities[] of {id, method, url, msg, references}).

Granularity: one finding per host, port and check: items of one Nikto check id with the same message on one
target fold into one finding listing every URL it was seen on (a "backup file found" check reports hundreds of
URLs). Nikto gives no severity: items that name a CVE or an OSVDB entry are low, the rest informational.
Assets are WEB (the target's host name and IP). Streamed target by target.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cves_in, text
from ._scan_common import is_ip

_MAX_URLS = 200  # evidence listed per finding; the count is kept in details


@dataclass(slots=True)
class _Target:
    host: str
    ip: str
    port: str
    banner: str = ""


@dataclass(slots=True)
class _Check:
    check_id: str
    message: str
    method: str
    references: list[str]
    osvdb: str
    urls: list[str] = field(default_factory=list)
    seen: int = 0


@register
class Nikto(ReportFormat):
    id = "nikto"
    scan_types = ("Nikto Scan",)
    aliases = ("nikto",)
    default_asset_type = AssetType.WEB
    phoenix_scan_type = "Nikto Scan"
    recognises = "Nikto XML (niktoscan/scandetails/item) or JSON (host, ip, port, vulnerabilities[] with id and msg)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "niktoscan":
            return 0.95
        if sniff.kind == "json":
            for root in ("", "item."):
                if sniff.has_paths(f"{root}host", f"{root}vulnerabilities.item.msg", f"{root}vulnerabilities.item.id"):
                    return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        first = report.first_byte()
        if first == b"<":
            yield from _parse_xml(report, ctx)
        else:
            yield from _parse_json(report, ctx, "item" if first == b"[" else "")


class _Folder:
    """Collects the items of one target, folded per check and message."""

    def __init__(self) -> None:
        self.checks: dict[tuple[str, str], _Check] = {}

    def add(self, check_id: str, message: str, url: str, *, method: str, references: list[str], osvdb: str) -> None:
        # Nikto 2.5 prefixes the message with the path ("/robots.txt: contains 1 entry ..."): the check is the same
        path = urlsplit(url).path if "://" in url else url
        for prefix in (f"{path}:", ":"):
            if path and message.startswith(prefix):
                message = message[len(prefix) :].strip()
                break
        key = (check_id, message)
        check = self.checks.get(key)
        if check is None:
            check = self.checks[key] = _Check(check_id, message, method, references, osvdb)
        check.seen += 1
        if url and url not in check.urls and len(check.urls) < _MAX_URLS:
            check.urls.append(url)

    def findings(self, ctx: ParseContext, target: _Target) -> Iterator[Finding]:
        if not self.checks:
            _asset(ctx, target)
        for check in self.checks.values():
            yield _finding(ctx, target, check)


def _parse_xml(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    target: _Target | None = None
    folder = _Folder()
    root_seen = False
    for event, el in iter_xml(report, ("niktoscan", "scandetails", "item"), events=("start", "end")):
        tag = el.tag
        if tag == "niktoscan":
            root_seen = True
            if event == "start" and ctx.meta.extra.get("version") is None and el.get("version"):
                ctx.meta.extra["version"] = el.get("version")
            continue
        if not root_seen:
            break
        if tag == "scandetails" and event == "start":
            target = _Target(
                el.get("targethostname") or el.get("hostheader") or "",
                el.get("targetip") or "",
                el.get("targetport") or "",
                el.get("targetbanner") or "",
            )
            folder = _Folder()
        elif tag == "scandetails":
            if target is not None:
                yield from folder.findings(ctx, target)
            target = None
            clear_element(el)
        elif tag == "item" and event == "end":
            if target is None:
                raise InvalidReport(f"{report.name}: a Nikto item outside scandetails")
            description = _cdata(el.findtext("description"))
            uri = _cdata(el.findtext("uri"))
            link = _cdata(el.findtext("namelink")) or _cdata(el.findtext("iplink"))
            references = [r for r in (_cdata(el.findtext("references")), el.get("osvdblink") or "") if r]
            osvdb = el.get("osvdbid") or ""
            folder.add(
                el.get("id") or "",
                description,
                link or uri,
                method=el.get("method") or "",
                references=references,
                osvdb=osvdb,
            )
            clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no niktoscan root element: not a Nikto XML report")


def _cdata(value: str | None) -> str:
    # Some Nikto versions double the CDATA marker: <![CDATA[CDATA[text]]>
    value = (value or "").strip()
    return value[6:] if value.startswith("CDATA[") else value


def _parse_json(report: ReportInput, ctx: ParseContext, prefix: str) -> Iterator[Finding]:
    folder = _Folder()
    hosts = 0
    for header, kind, item in iter_groups(report, prefix, ("vulnerabilities",), ("host", "ip", "port")):
        if kind is not None:
            if not isinstance(item, dict) or "id" not in item:
                raise ValueError("an entry of `vulnerabilities` is not a Nikto item")
            references = [r for r in (text(item.get("references")),) if r]
            folder.add(
                text(item.get("id")),
                text(item.get("msg")),
                text(item.get("url")),
                method=text(item.get("method")),
                references=references,
                osvdb=text(item.get("OSVDB")),
            )
            continue
        if "host" not in header and "ip" not in header:
            raise InvalidReport(f"{report.name}: a scanned host without `host` or `ip`: not a Nikto JSON report")
        hosts += 1
        target = _Target(text(header.get("host")), text(header.get("ip")), text(header.get("port")), "")
        target.banner = text(header.get("banner"))
        yield from folder.findings(ctx, target)
        folder = _Folder()
    if prefix == "" and hosts == 0:
        raise InvalidReport(f"{report.name}: not a Nikto JSON report")


def _asset(ctx: ParseContext, target: _Target) -> Asset:
    host = target.host.lower()
    ip = target.ip if target.ip and is_ip(target.ip) else ""
    if host and is_ip(host):
        ip, host = ip or host, ""
    if not (host or ip):
        return ctx.asset(AssetType.WEB, {"fqdn": "nikto-unknown-site"}, placeholder=True)
    return ctx.asset(AssetType.WEB, {"fqdn": host or None, "ip": ip or None})


def _base_url(target: _Target) -> str:
    host = target.host or target.ip
    scheme = "https" if target.port in ("443", "8443") else "http"
    default = {"http": "80", "https": "443"}[scheme]
    return f"{scheme}://{host}" + (f":{target.port}" if target.port and target.port != default else "")


def _finding(ctx: ParseContext, target: _Target, check: _Check) -> Finding:
    base = _base_url(target)
    urls = [u if "://" in u else base + (u if u.startswith("/") else "/" + u) for u in check.urls]
    message = check.message
    cves = cves_in(" ".join([check.message, *check.references]))
    known_issue = bool(cves) or check.osvdb not in ("", "0")
    evidence = "\n".join(urls)
    if check.seen > len(urls) and urls:
        evidence += f"\n... seen {check.seen} times"
    return Finding(
        asset=_asset(ctx, target),
        name=(message.split("\n", 1)[0][:150] or f"Nikto check {check.check_id}"),
        severity=Severity.LOW if known_issue else Severity.INFO,
        description=message + (f"\n\nSeen on:\n{evidence}" if evidence else ""),
        remedy="Review the finding on the web server and its configuration; see the references for details."
        if check.references
        else "Review the finding on the web server and its configuration.",
        reference_ids=cves,
        location=urls[0] if len(urls) == 1 else base,
        details={
            k: v
            for k, v in {
                "niktoId": check.check_id,
                "osvdb": check.osvdb if check.osvdb not in ("", "0") else None,
                "method": check.method,
                "references": check.references,
                "urls": urls,
                "occurrences": check.seen,
                "port": target.port,
                "banner": target.banner,
            }.items()
            if v
        },
    )
