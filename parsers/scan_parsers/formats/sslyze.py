"""SSLyze results, in each machine-readable layout it has written:

* JSON of sslyze 5.x-6.x (`--json_out`): {sslyze_version, server_scan_results: [{server_location: {hostname,
  ip_address, port}, connectivity_status, scan_result: {<command>: {status, result, error_reason}}}]}.
* JSON of sslyze 3.x-4.x: {sslyze_version, server_scan_results: [{server_info: {server_location}, scan_commands,
  scan_commands_results: {<command>: result}, scan_commands_errors}], server_connectivity_errors}.
* JSON of sslyze 2.x: {accepted_targets: [{server_info: {hostname, ip_address, port}, commands_results:
  {sslv2, sslv3, tlsv1, tlsv1_1, tlsv1_2, tlsv1_3, heartbleed, openssl_ccs, reneg, compression, fallback, robot}}],
  invalid_targets}.
* XML of sslyze 1.x-2.x (`--xml_out`): <document title="SSLyze Scan Results" SSLyzeVersion><results><target host ip
  port><heartbleed><openSslHeartbleed isVulnerable/></heartbleed><tlsv1_2 isProtocolSupported><acceptedCipherSuites>
  <cipherSuite name/>...</target></results></document>.

SSLyze reports what the server does; the issues are derived from it, one finding per issue and target (INFRA asset
of the host name, else the IP, located at port/tcp, as sslscan and testssl): Heartbleed, OpenSSL CCS injection,
ROBOT (high), insecure renegotiation (client-initiated or not secure: one finding, medium), TLS compression
(medium), no TLS_FALLBACK_SCSV (low), one finding per deprecated protocol the server accepts (SSL 2.0 and 3.0 high,
TLS 1.0 and 1.1 low) and one per current protocol (TLS 1.2, 1.3) that accepts cipher suites outside the
recommended set (forward-secret AEAD: ECDHE/DHE with AES-GCM or ChaCha20-Poly1305; low, medium when one is
broken: RC4, DES, 3DES, NULL, export, anonymous, MD5). The accepted suites are listed. Certificate trust results
are informational in SSLyze and are not findings (DefectDojo does not count them either); a target that could not
be scanned, and one without an issue, is counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import clear_element, iter_json, iter_xml, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import infra_asset, is_ip

#: Protocols by the command names of each layout, in order, with whether they are deprecated.
_PROTOCOLS = {
    "ssl_2_0": ("SSL 2.0", True),
    "ssl_3_0": ("SSL 3.0", True),
    "tls_1_0": ("TLS 1.0", True),
    "tls_1_1": ("TLS 1.1", True),
    "tls_1_2": ("TLS 1.2", False),
    "tls_1_3": ("TLS 1.3", False),
}
_OLD_NAMES = {
    "sslv2": "ssl_2_0",
    "sslv3": "ssl_3_0",
    "tlsv1": "tls_1_0",
    "tlsv1_1": "tls_1_1",
    "tlsv1_2": "tls_1_2",
    "tlsv1_3": "tls_1_3",
}
_RECOMMENDED = re.compile(
    r"^(TLS_(ECDHE|DHE)_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"
    r"|(ECDHE|DHE)-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)"
    r"|TLS_AES_(128|256)_GCM_SHA(256|384)|TLS_CHACHA20_POLY1305_SHA256)$"
)
_BROKEN = re.compile(r"RC4|_DES_|-DES-|3DES|DES-CBC3|NULL|EXPORT|EXP-|anon|ADH|AECDH|MD5", re.I)
_REMEDIES = {
    "Heartbleed": "Update OpenSSL to 1.0.1g or later and replace the certificate's key.",
    "OpenSSL CCS injection": "Update OpenSSL to 0.9.8za, 1.0.0m, 1.0.1h or later.",
    "ROBOT": "Disable cipher suites with RSA key exchange, or patch the TLS stack against ROBOT.",
    "Insecure renegotiation": "Disable client-initiated renegotiation and support secure renegotiation (RFC 5746).",
    "TLS compression enabled": "Disable TLS-level compression.",
    "TLS_FALLBACK_SCSV not supported": "Enable TLS_FALLBACK_SCSV or disable protocols older than TLS 1.2.",
}


@dataclass(slots=True)
class _Target:
    host: str
    ip: str
    port: str
    #: issue name -> (severity, description, references, items)
    issues: dict[str, tuple[Severity, str, list[str], list[str]]] = field(default_factory=dict)

    def add(self, name: str, severity: Severity, description: str, refs: list[str] | None = None) -> None:
        self.issues.setdefault(name, (severity, description, refs or [], []))

    def protocol(self, command: str, suites: list[str]) -> None:
        """A protocol's accepted cipher suites: a deprecated protocol accepted, or a current one accepting suites
        outside the recommended set."""
        if command not in _PROTOCOLS or not suites:
            return
        label, deprecated = _PROTOCOLS[command]
        if deprecated:
            severity = Severity.HIGH if label.startswith("SSL") else Severity.LOW
            self.issues[f"{label} enabled"] = (
                severity,
                f"The server accepts the deprecated protocol {label} ({len(suites)} cipher suites).",
                [],
                suites,
            )
            return
        weak = [s for s in suites if not _RECOMMENDED.match(s)]
        if weak:
            severity = Severity.MEDIUM if any(_BROKEN.search(s) for s in weak) else Severity.LOW
            self.issues[f"{label} cipher suites not recommended"] = (
                severity,
                f"The server accepts {len(weak)} {label} cipher suite(s) without forward secrecy or authenticated "
                "encryption.",
                [],
                weak,
            )


@register
class Sslyze(ReportFormat):
    id = "sslyze"
    scan_types = ("SSLyze Scan (JSON)", "Sslyze Scan")
    aliases = ("sslyze",)
    default_asset_type = AssetType.INFRA
    recognises = "SSLyze JSON (sslyze_version, server_scan_results or accepted_targets) or XML (SSLyze Scan Results)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "xml" and sniff.xml_root == "document":
            attrs = sniff.xml_root_attrs
            if "SSLyzeVersion" in attrs or "sslyze" in attrs.get("title", "").lower():
                return 0.9
            return 0.0
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_any_path("server_scan_results") and sniff.has_any_path("sslyze_version", "sslyze_url"):
            return 0.9
        if sniff.has_paths("accepted_targets") and sniff.has_any_path(
            "accepted_targets.item.commands_results", "invalid_targets"
        ):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() == b"<":
            targets: Iterator[_Target] = _xml_targets(report, ctx)
        else:
            targets = _json_targets(report, ctx)
        for target in targets:
            yield from _findings(ctx, target)


def _findings(ctx: ParseContext, target: _Target) -> Iterator[Finding]:
    asset = infra_asset(
        ctx, "sslyze", hostname=target.host or None, ip=None if target.host and not is_ip(target.host) else target.ip
    )
    if not target.issues:
        ctx.skip("target without issue")
    for name, (severity, description, refs, items) in target.issues.items():
        yield Finding(
            asset=asset,
            name=name,
            severity=severity,
            description=description + ("\n" + "\n".join(items) if items else ""),
            remedy=_REMEDIES.get(name, "Reconfigure the TLS service to disable it."),
            reference_ids=refs,
            location=f"{target.port or '443'}/tcp",
            details={k: v for k, v in {"items": items[:100], "ip": target.ip}.items() if v},
        )


# --- JSON ---------------------------------------------------------------------------------------------------------


def _json_targets(report: ReportInput, ctx: ParseContext) -> Iterator[_Target]:
    seen = 0
    for item in iter_json(report, "server_scan_results.item"):
        seen += 1
        target = _server_result(ctx, item)
        if target is not None:
            yield target
    if seen:
        return
    for item in iter_json(report, "accepted_targets.item"):
        seen += 1
        if not isinstance(item, dict) or not isinstance(item.get("commands_results"), dict):
            raise InvalidReport(f"{report.name}: an accepted target without commands_results: not an SSLyze report")
        yield _commands(_target_of(_as_dict(item.get("server_info"))), item["commands_results"])
    if not seen:
        require_list_member(report, ("server_scan_results", "accepted_targets"), "an SSLyze JSON report")


def _target_of(location: dict[str, Any]) -> _Target:
    return _Target(text(location.get("hostname")), text(location.get("ip_address")), text(location.get("port")))


def _server_result(ctx: ParseContext, item: Any) -> _Target | None:
    if not isinstance(item, dict):
        raise InvalidReport("an entry of server_scan_results is not an object: not an SSLyze report")
    if "scan_result" in item or "server_location" in item:  # sslyze 5+
        target = _target_of(_as_dict(item.get("server_location")))
        if item.get("scan_result") is None:
            ctx.skip("target not scanned (connectivity error)")
            infra_asset(ctx, "sslyze", hostname=target.host or None, ip=None if target.host else target.ip or None)
            return None
        results = {}
        for command, outcome in _as_dict(item.get("scan_result")).items():
            outcome = _as_dict(outcome)
            if text(outcome.get("status")).upper() == "COMPLETED" or "status" not in outcome:
                results[command] = outcome.get("result", outcome)
        return _commands(target, results)
    if "scan_commands_results" in item or "server_info" in item:  # sslyze 3-4
        info = _as_dict(item.get("server_info"))
        target = _target_of(_as_dict(info.get("server_location")) or info)
        return _commands(target, _as_dict(item.get("scan_commands_results")))
    raise InvalidReport("an entry of server_scan_results has no scan result: not an SSLyze report")


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _commands(target: _Target, results: dict[str, Any]) -> _Target:
    for command, result in results.items():
        result = _as_dict(result)
        name = _OLD_NAMES.get(command, command.removesuffix("_cipher_suites"))
        if name in _PROTOCOLS:
            suites = [
                text(_as_dict(s.get("cipher_suite")).get("name") or s.get("name") or s.get("openssl_name"))
                for s in result.get("accepted_cipher_suites") or []
                if isinstance(s, dict)
            ]
            target.protocol(name, [s for s in suites if s])
        elif command == "heartbleed" and result.get("is_vulnerable_to_heartbleed") is True:
            _heartbleed(target)
        elif command in ("openssl_ccs_injection", "openssl_ccs") and result.get("is_vulnerable_to_ccs_injection"):
            _ccs(target)
        elif command == "robot" and text(result.get("robot_result") or result.get("robot_result_enum")).startswith(
            "VULNERABLE"
        ):
            _robot(target, text(result.get("robot_result") or result.get("robot_result_enum")))
        elif command in ("session_renegotiation", "reneg"):
            client = result.get("accepts_client_renegotiation") or result.get(
                "is_vulnerable_to_client_renegotiation_dos"
            )
            _renegotiation(target, client is True, result.get("supports_secure_renegotiation") is False)
        elif command in ("tls_compression", "compression"):
            if result.get("supports_compression") is True or result.get("compression_name"):
                _compression(target)
        elif command in ("tls_fallback_scsv", "fallback") and result.get("supports_fallback_scsv") is False:
            _fallback(target)
    return target


def _heartbleed(target: _Target) -> None:
    target.add("Heartbleed", Severity.HIGH, "The server is vulnerable to Heartbleed.", ["CVE-2014-0160"])


def _ccs(target: _Target) -> None:
    target.add(
        "OpenSSL CCS injection", Severity.HIGH, "The server is vulnerable to OpenSSL CCS injection.", ["CVE-2014-0224"]
    )


def _robot(target: _Target, result: str) -> None:
    target.add("ROBOT", Severity.HIGH, f"The server is vulnerable to the ROBOT attack ({result}).", ["CVE-2017-13099"])


def _renegotiation(target: _Target, client_initiated: bool, insecure: bool) -> None:
    if not (client_initiated or insecure):
        return
    what = []
    if client_initiated:
        what.append("accepts client-initiated renegotiation")
    if insecure:
        what.append("does not support secure renegotiation")
    target.add("Insecure renegotiation", Severity.MEDIUM, f"The server {' and '.join(what)}.", ["CVE-2009-3555"])


def _compression(target: _Target) -> None:
    target.add("TLS compression enabled", Severity.MEDIUM, "TLS compression is enabled (CRIME).", ["CVE-2012-4929"])


def _fallback(target: _Target) -> None:
    target.add("TLS_FALLBACK_SCSV not supported", Severity.LOW, "The server does not support TLS_FALLBACK_SCSV.")


# --- XML ----------------------------------------------------------------------------------------------------------


def _xml_targets(report: ReportInput, ctx: ParseContext) -> Iterator[_Target]:
    root_seen = False
    for event, el in iter_xml(report, ("document", "target"), events=("start", "end")):
        if el.tag.rsplit("}", 1)[-1] == "document":
            root_seen = True
            continue
        if event != "end":
            continue
        if not root_seen:
            break
        yield _xml_target(el)
        clear_element(el)
    if not root_seen:
        raise InvalidReport(f"{report.name}: no <document> root element: not an SSLyze XML report")


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _attr(el: Any, child: str, name: str = "isVulnerable") -> str:
    found = el.find(child)
    return (found.get(name) or "") if found is not None else ""


def _xml_target(el: Any) -> _Target:
    target = _Target(el.get("host") or "", el.get("ip") or "", el.get("port") or "")
    for command in el:
        if not isinstance(command.tag, str):
            continue
        tag = command.tag
        if tag in _OLD_NAMES:
            if _true(command.get("isProtocolSupported")) or command.find("acceptedCipherSuites") is not None:
                suites = [c.get("name") or "" for c in command.iterfind("acceptedCipherSuites/cipherSuite")]
                target.protocol(_OLD_NAMES[tag], [s for s in suites if s])
        elif tag == "heartbleed" and _true(_attr(command, "openSslHeartbleed")):
            _heartbleed(target)
        elif tag == "openssl_ccs" and _true(_attr(command, "openSslCcsInjection")):
            _ccs(target)
        elif tag == "robot":
            result = command.find("robotAttack")
            if result is not None and (result.get("resultEnum") or "").startswith("VULNERABLE"):
                _robot(target, result.get("resultEnum") or "")
        elif tag == "reneg":
            reneg = command.find("sessionRenegotiation")
            if reneg is not None:
                _renegotiation(
                    target, _true(reneg.get("canBeClientInitiated")), reneg.get("isSecure", "").lower() == "false"
                )
        elif tag == "compression":
            if any(_true(m.get("isSupported")) for m in command.iterfind("compressionMethod")):
                _compression(target)
        elif tag == "fallback":
            scsv = command.find("tlsFallbackScsv")
            if scsv is not None and scsv.get("isSupported", "").lower() == "false":
                _fallback(target)
    return target
