"""sslscan (rbsec) XML output (`--xml=FILE`, sslscan 1.10-2.x):

<document title="SSLScan Results" version=...><ssltest host sniname port><protocol type="ssl|tls" version
enabled/> (2.x) <fallback supported/><renegotiation supported secure/><compression supported/><heartbleed
sslversion vulnerable/><cipher status sslversion bits cipher strength="null|anonymous|weak|medium|acceptable|
strong"/><key-exchange/>...<certificate><pk type bits/><self-signed/><expired/>...</certificate></ssltest>

sslscan reports what the server does; the issues are derived from it, one finding per issue and target (INFRA
asset of the host, located at port/tcp): Heartbleed (high), SSLv2/SSLv3 enabled (high), TLS 1.0/1.1 enabled
(low), insecure renegotiation (medium), TLS compression (medium, CRIME), no TLS_FALLBACK_SCSV (low), accepted
null/anonymous (high), weak (medium) or medium-strength (low) ciphers listed in one finding per strength,
an expired (medium) or self-signed (medium) certificate, an RSA/DSA key under 2048 bits (medium).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import child_text, infra_asset

_CIPHERS = {
    "null": ("NULL cipher suites accepted", Severity.HIGH),
    "anonymous": ("Anonymous cipher suites accepted", Severity.HIGH),
    "weak": ("Weak cipher suites accepted", Severity.MEDIUM),
    "medium": ("Medium-strength cipher suites accepted", Severity.LOW),
}


_REMEDIES = {
    "Heartbleed": "Update OpenSSL to 1.0.1g or later and replace the certificate's key.",
    "Insecure renegotiation": "Disable client-initiated renegotiation or support only secure renegotiation (RFC 5746).",
    "TLS compression enabled": "Disable TLS-level compression.",
    "TLS_FALLBACK_SCSV not supported": "Enable TLS_FALLBACK_SCSV or disable protocols older than TLS 1.2.",
    "Expired certificate": "Renew the certificate.",
    "Self-signed certificate": "Use a certificate issued by a trusted certificate authority.",
    "Weak certificate key": "Issue a new certificate with an RSA key of at least 2048 bits.",
}


def _on(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


@register
class Sslscan(ReportFormat):
    id = "sslscan"
    scan_types = ("Sslscan",)
    aliases = ("sslscan",)
    default_asset_type = AssetType.INFRA
    recognises = '<document title="SSLScan Results"> with <ssltest host port> elements'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml" or sniff.xml_root != "document":
            return 0.0
        if "sslscan" in sniff.xml_root_attrs.get("title", "").lower() or "ssltest" in sniff.xml_tags:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        root_seen = False
        for event, el in iter_xml(report, ("document", "ssltest"), events=("start", "end")):
            if el.tag.rsplit("}", 1)[-1] == "document":
                root_seen = True
                continue
            if event != "end":
                continue
            if not root_seen:
                raise InvalidReport(f"{report.name}: <ssltest> outside <document>: not an sslscan report")
            yield from _target(ctx, el)
            clear_element(el)
        if not root_seen:
            raise InvalidReport(f"{report.name}: no <document> root element: not an sslscan XML report")


def _target(ctx: ParseContext, el: Any) -> Iterator[Finding]:
    host = el.get("host") or el.get("sniname") or ""
    asset = infra_asset(ctx, "sslscan", hostname=host or None)
    where = f"{el.get('port') or '443'}/tcp"
    found: dict[str, tuple[Severity, str, list[str], list[str]]] = {}

    def issue(name: str, severity: Severity, description: str, refs: list[str] | None = None, item: str = "") -> None:
        known = found.get(name)
        if known is None:
            found[name] = (severity, description, refs or [], [item] if item else [])
        elif item and item not in known[3]:
            known[3].append(item)

    for hb in el.iterfind("heartbleed"):
        if _on(hb.get("vulnerable")):
            issue(
                "Heartbleed",
                Severity.HIGH,
                "The server is vulnerable to Heartbleed.",
                ["CVE-2014-0160"],
                hb.get("sslversion") or "",
            )
    for proto in el.iterfind("protocol"):
        version = f"{(proto.get('type') or '').upper()}v{proto.get('version')}"
        if not _on(proto.get("enabled")):
            continue
        if version in ("SSLv2", "SSLv3"):
            issue(f"{version} enabled", Severity.HIGH, f"The server accepts the obsolete protocol {version}.")
        elif version in ("TLSv1.0", "TLSv1.1"):
            issue(f"{version} enabled", Severity.LOW, f"The server accepts the deprecated protocol {version}.")
    reneg = el.find("renegotiation")
    if reneg is not None and _on(reneg.get("supported")) and not _on(reneg.get("secure")):
        issue(
            "Insecure renegotiation",
            Severity.MEDIUM,
            "The server supports insecure client-initiated renegotiation.",
            ["CVE-2009-3555"],
        )
    comp = el.find("compression")
    if comp is not None and _on(comp.get("supported")):
        issue("TLS compression enabled", Severity.MEDIUM, "TLS compression is enabled (CRIME).", ["CVE-2012-4929"])
    fallback = el.find("fallback")
    if fallback is not None and not _on(fallback.get("supported")):
        issue("TLS_FALLBACK_SCSV not supported", Severity.LOW, "The server does not support TLS_FALLBACK_SCSV.")
    for cipher in el.iterfind("cipher"):
        strength = (cipher.get("strength") or "").lower()
        if strength in _CIPHERS:
            name, severity = _CIPHERS[strength]
            issue(
                name,
                severity,
                f"The server accepts {strength} cipher suites.",
                item=f"{cipher.get('sslversion')} {cipher.get('cipher')} ({cipher.get('bits')} bits)",
            )
    cert = el.find("certificate")
    if cert is not None:
        if child_text(cert, "expired").lower() == "true":
            issue(
                "Expired certificate",
                Severity.MEDIUM,
                f"The server certificate expired on {child_text(cert, 'not-valid-after')}.",
            )
        if child_text(cert, "self-signed").lower() == "true":
            issue("Self-signed certificate", Severity.MEDIUM, "The server certificate is self-signed.")
        pk = cert.find("pk")
        bits = (pk.get("bits") or "") if pk is not None else ""
        if pk is not None and bits.isdigit() and (pk.get("type") or "").upper() in ("RSA", "DSA") and int(bits) < 2048:
            issue("Weak certificate key", Severity.MEDIUM, f"The certificate's {pk.get('type')} key has {bits} bits.")
    for name, (severity, description, refs, items) in found.items():
        yield Finding(
            asset=asset,
            name=name,
            severity=severity,
            description=description + (("\n" + "\n".join(items)) if items else ""),
            remedy=_REMEDIES.get(name, "Reconfigure the TLS service to disable it."),
            reference_ids=refs,
            location=where,
            details={"items": items[:100]} if items else {},
        )
