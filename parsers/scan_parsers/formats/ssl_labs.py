"""Qualys SSL Labs assessment JSON (API v3 `analyze?all=done`, and `ssllabs-scan` 1.x, which writes a JSON array of
the API's host objects): [{host, port, protocol, status, engineVersion, criteriaVersion, endpoints: [{ipAddress,
serverName, statusMessage, grade, gradeTrustIgnored, hasWarnings, details: {protocols, suites, vulnBeast,
heartbleed, poodle, poodleTls, freak, logjam, drownVulnerable, openSslCcs, ticketbleed, bleichenbacher,
zombiePoodle, goldenDoodle, openSSLLuckyMinus20, supportsRc4, fallbackScsv, renegSupport, ...}}], certs}]; a single
host object (the API response as is) is read too.

One finding per assessed endpoint (an IP address of the host): its SSL Labs grade, with what the grade reflects
listed in the description and details (vulnerabilities SSL Labs found, protocols older than TLS 1.2, broken cipher
suites). Severity follows the grade: A+, A and A- pass (the finding is emitted inactive, `details["status"] =
"passed"`: DefectDojo counts it), B low, C medium, D, E, F, T (certificate not trusted) and M (certificate name
mismatch) high. An endpoint SSL Labs could not assess (no grade) is counted as skipped. Asset: INFRA, the host
name and the endpoint's IP, located at port/tcp.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import infra_asset

_GRADES = {
    "A+": Severity.INFO,
    "A": Severity.INFO,
    "A-": Severity.INFO,
    "B": Severity.LOW,
    "C": Severity.MEDIUM,
}
_PASSING = frozenset({"A+", "A", "A-"})
_BROKEN_SUITE = re.compile(r"RC4|_DES_|3DES|NULL|EXPORT|anon|MD5", re.I)

#: SSL Labs' vulnerability members and the values that mean "vulnerable" (API v3 documentation).
_CHECKS: tuple[tuple[str, str, frozenset[Any], str], ...] = (
    ("heartbleed", "Heartbleed", frozenset({True}), "CVE-2014-0160"),
    ("openSslCcs", "OpenSSL CCS injection", frozenset({2, 3}), "CVE-2014-0224"),
    ("openSSLLuckyMinus20", "OpenSSL padding oracle (LuckyMinus20)", frozenset({2}), "CVE-2016-2107"),
    ("ticketbleed", "Ticketbleed", frozenset({2}), "CVE-2016-9244"),
    ("bleichenbacher", "ROBOT (Bleichenbacher oracle)", frozenset({2, 3}), "CVE-2017-13099"),
    ("zombiePoodle", "Zombie POODLE", frozenset({2, 3}), ""),
    ("goldenDoodle", "GOLDENDOODLE", frozenset({4, 5}), ""),
    ("zeroLengthPaddingOracle", "0-length padding oracle", frozenset({6, 7}), "CVE-2019-1559"),
    ("sleepingPoodle", "Sleeping POODLE", frozenset({10, 11}), ""),
    ("poodle", "POODLE (SSL 3)", frozenset({True}), "CVE-2014-3566"),
    ("poodleTls", "POODLE (TLS)", frozenset({2}), "CVE-2014-8730"),
    ("freak", "FREAK", frozenset({True}), "CVE-2015-0204"),
    ("logjam", "Logjam", frozenset({True}), "CVE-2015-4000"),
    ("drownVulnerable", "DROWN", frozenset({True}), "CVE-2016-0800"),
    ("vulnBeast", "BEAST", frozenset({True}), "CVE-2011-3389"),
    ("supportsRc4", "RC4 cipher suites supported", frozenset({True}), ""),
)


@register
class SslLabs(ReportFormat):
    id = "ssl_labs"
    scan_types = ("SSL Labs Scan",)
    aliases = ("ssllabs", "ssl-labs")
    default_asset_type = AssetType.INFRA
    recognises = "SSL Labs API v3 / ssllabs-scan JSON: [{host, port, engineVersion, endpoints: [{ipAddress, grade}]}]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        root = "item." if sniff.json_root == "array" else ""
        if sniff.has_paths(f"{root}host", f"{root}endpoints") and sniff.has_any_path(
            f"{root}engineVersion", f"{root}criteriaVersion", f"{root}endpoints.item.ipAddress"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one assessment per host: small
        hosts = doc if isinstance(doc, list) else [doc]
        for host in hosts:
            if not isinstance(host, dict) or "host" not in host or not isinstance(host.get("endpoints", []), list):
                raise InvalidReport(f"{report.name}: an entry without host and endpoints: not an SSL Labs report")
            endpoints = host.get("endpoints") or []
            if not endpoints:
                ctx.skip("host without assessed endpoint")
            for endpoint in endpoints:
                finding = _endpoint(ctx, host, endpoint)
                if finding is not None:
                    yield finding


def _endpoint(ctx: ParseContext, host: dict[str, Any], endpoint: Any) -> Finding | None:
    if not isinstance(endpoint, dict):
        raise InvalidReport("an endpoint of an SSL Labs host is not an object")
    name = text(host.get("host"))
    ip = text(endpoint.get("ipAddress"))
    asset = infra_asset(ctx, "ssl_labs", hostname=name or None, ip=ip or None)
    grade = text(endpoint.get("grade"))
    if not grade:
        ctx.skip("endpoint not assessed")
        return None
    raw = endpoint.get("details")
    details: dict[str, Any] = raw if isinstance(raw, dict) else {}
    issues, refs = _issues(details)
    passed = grade in _PASSING
    description = f"SSL Labs grades {name} ({ip}) {grade}" + (
        f" (trust ignored: {text(endpoint.get('gradeTrustIgnored'))})."
        if text(endpoint.get("gradeTrustIgnored")) not in ("", grade)
        else "."
    )
    return Finding(
        asset=asset,
        name=f"SSL Labs grade {grade}",
        severity=_GRADES.get(grade, Severity.HIGH),
        description=description + ("\n" + "\n".join(issues) if issues else ""),
        remedy="" if passed else "Fix the issues listed so that the server grades A; see the SSL Labs report.",
        reference_ids=refs,
        location=f"{text(host.get('port')) or '443'}/tcp",
        active=not passed,
        details={
            k: v
            for k, v in {
                "grade": grade,
                "status": "passed" if passed else None,
                "ip": ip,
                "serverName": text(endpoint.get("serverName")),
                "issues": issues,
            }.items()
            if v
        },
    )


def _vulnerable(value: Any, vulnerable: frozenset[Any]) -> bool:
    """Booleans are compared as booleans and numbers as numbers (1 == True in Python, and 1 means "not
    vulnerable" in SSL Labs' numeric results)."""
    if isinstance(value, bool):
        return value and any(v is True for v in vulnerable)
    return isinstance(value, int) and value in {v for v in vulnerable if not isinstance(v, bool)}


def _issues(details: dict[str, Any]) -> tuple[list[str], list[str]]:
    issues: list[str] = []
    refs: list[str] = []
    for member, label, vulnerable, cve in _CHECKS:
        if _vulnerable(details.get(member), vulnerable):
            issues.append(label)
            if cve:
                refs.append(cve)
    if details.get("fallbackScsv") is False:
        issues.append("TLS_FALLBACK_SCSV not supported")
    if isinstance(details.get("renegSupport"), int) and details["renegSupport"] & 1:
        issues.append("Insecure client-initiated renegotiation")
    for proto in details.get("protocols") or []:
        if isinstance(proto, dict) and f"{text(proto.get('name'))} {text(proto.get('version'))}" in (
            "SSL 2.0",
            "SSL 3.0",
            "TLS 1.0",
            "TLS 1.1",
        ):
            issues.append(f"{text(proto.get('name'))} {text(proto.get('version'))} enabled")
    broken = {
        text(s.get("name"))
        for group in details.get("suites") or []
        if isinstance(group, dict)
        for s in group.get("list") or []
        if isinstance(s, dict) and _BROKEN_SUITE.search(text(s.get("name")))
    }
    issues += [f"Broken cipher suite: {s}" for s in sorted(broken)]
    return issues, refs
