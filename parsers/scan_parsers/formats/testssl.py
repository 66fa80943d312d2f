"""testssl.sh 3.x results, in its three machine-readable layouts:

* CSV (`--csvfile`): "id","fqdn/ip","port","severity","finding","cve","cwe" (plus "hint" in 3.2).
* flat JSON (`--jsonfile`): [{id, ip: "fqdn/ip", port, severity, finding, cve?, cwe?}].
* pretty JSON (`--jsonfile-pretty`): {Invocation, version, scanResult: [{targetHost, ip, port, service,
  pretest, protocols, grease, ciphers, serverPreferences, fs, serverDefaults, headerResponse, vulnerabilities,
  cipherTests, browserSimulations, rating: [{id, severity, finding, cve?, cwe?}]}]}.

Severity is testssl's: CRITICAL, HIGH, MEDIUM, LOW are issues; INFO rows are informational findings (what is
offered, certificate facts); OK rows are passed checks and the rating rows (overall_grade, *_score, rating_*,
grade_cap_reason_*) a summary of the others: both are counted as skipped. WARN and FATAL rows (the scan could not
test something, or the target) are informational findings, so that a failed scan shows. One finding per check
id, finding text and CVE on the INFRA asset of the scanned host name (testssl tests every address the name
resolves to; the addresses are kept in details), else of the IP; a row naming several CVEs gives one finding per
CVE, as DefectDojo does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_csv_columns, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text
from ._scan_common import infra_asset, is_ip

_COLUMNS = frozenset({"id", "fqdn/ip", "port", "severity", "finding"})
_RATING = re.compile(r"^(rating_|grade_cap_reason_|overall_grade$|final_score$|\w+_score(_weighted)?$)")
_CVE = re.compile(r"CVE-\d{4}-\d{4,}", re.I)
_SCAN_ISSUE = {"WARN", "FATAL"}


@register
class Testssl(ReportFormat):
    id = "testssl"
    scan_types = ("Testssl Scan",)
    aliases = ("testssl", "testssl.sh")
    default_asset_type = AssetType.INFRA
    recognises = 'testssl.sh CSV ("id","fqdn/ip","port","severity","finding",...) or JSON (flat or pretty)'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "csv":
            return 0.9 if sniff.csv_columns >= _COLUMNS else 0.0
        if sniff.kind != "json":
            return 0.0
        if sniff.json_root == "object" and sniff.has_paths("scanResult") and "Invocation" in sniff.json_top_keys:
            return 0.9
        if sniff.json_root == "array" and sniff.has_paths("item.id", "item.ip", "item.severity", "item.finding"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        found: dict[tuple[str, ...], Finding] = {}  # one report is one host or a few: small
        for row in _rows(report):
            severity = text(row.get("severity")).upper()
            check = text(row.get("id"))
            target = text(row.get("fqdn/ip") or row.get("ip"))
            hostname, _, ip = target.partition("/")
            if is_ip(hostname) and not ip:
                hostname, ip = "", hostname
            hostname = hostname.rstrip(".")
            asset = infra_asset(ctx, "testssl", hostname=hostname or None, ip=None if hostname else ip or None)
            if severity == "OK":
                ctx.skip("check passed")
                continue
            if _RATING.match(check):
                ctx.skip("rating summary")
                continue
            finding_text = text(row.get("finding"))
            cves = [c.upper() for c in _CVE.findall(text(row.get("cve")))] or [""]
            for cve in cves:
                key = (asset.key, check, finding_text, cve)
                known = found.get(key)
                if known is not None:
                    if ip and ip not in known.details["ips"]:
                        known.details["ips"].append(ip)
                    continue
                found[key] = _finding(asset, row, check, severity, cve, split=len(cves) > 1, ip=ip)
        yield from found.values()


def _finding(asset: Any, row: dict[str, Any], check: str, severity: str, cve: str, *, split: bool, ip: str) -> Finding:
    port = text(row.get("port"))
    finding_text = text(row.get("finding"))
    cwe = cwe_id(text(row.get("cwe")).split()[0]) if text(row.get("cwe")) else None
    return Finding(
        asset=asset,
        name=f"{check} ({cve})" if split else check or "testssl finding",
        severity=Severity.INFO if severity in _SCAN_ISSUE else label(severity, Severity.INFO),
        description=finding_text or check,
        remedy=text(row.get("hint")),
        reference_ids=[cve] if cve else [],
        cwes=[cwe] if cwe else [],
        location=f"{port}/tcp" if port else None,
        details={"testsslSeverity": severity, "ips": [ip] if ip else []},
    )


def _rows(report: ReportInput) -> Iterator[dict[str, Any]]:
    first = report.first_byte()
    if first not in (b"[", b"{"):
        yield from iter_csv_columns(report, _COLUMNS, "testssl.sh CSV")
        return
    doc = load_json(report)
    if isinstance(doc, list):
        for item in doc:
            if not isinstance(item, dict) or "id" not in item:
                raise InvalidReport(f"{report.name}: an entry without an id: not a testssl.sh JSON report")
            yield item
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("scanResult"), list):
        raise InvalidReport(f"{report.name}: no scanResult list: not a testssl.sh JSON report")
    for target in doc["scanResult"]:
        if not isinstance(target, dict):
            continue
        where = {"fqdn/ip": f"{text(target.get('targetHost'))}/{text(target.get('ip'))}", "port": target.get("port")}
        for section in target.values():
            for item in section if isinstance(section, list) else []:
                if isinstance(item, dict) and "id" in item and "severity" in item:
                    yield {**where, **item}
