"""Trustwave Fusion findings API (`GET /v2/findings`, the Fusion platform's scanning findings) saved to a file: a
page `{"items": [{id, name, severity (INFO, LOW, MEDIUM, HIGH, CRITICAL), classification, assetId, createdOn,
location: {url, domain, ip, port, transportProtocol, applicationProtocol, applicationCpe}, job: {...}, kb: {id
(SLID-...), cves[], cvssV2BaseScore, cvssV3BaseScore}}], "pageNumber", "pageSize", "totalCount", ...}`. Fusion
writes the string "None" for missing values; those are read as missing.

One finding per knowledge-base check and location: items repeating the same check (kb id and name) at the same
URL, IP and port are one finding, as DefectDojo counts them, the repeats counted as skipped. Severity is Fusion's
label, the score the CVSS v3 base score (else v2). The asset is WEB for a located URL or domain (its host, the
IP kept), INFRA for an IP-only location. "CVE-NO-MATCH" placeholders are dropped from the CVE list. A page with an
empty `items` list is a clean result, recognised only when the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cvss_score, parse_datetime, text, unique
from ._scan_common import host_of, infra_asset, is_ip
from ._static_common import drop_empty

_NO_CVE = "CVE-NO-MATCH"
_PATHS = ("items.item.kb.id", "items.item.location", "items.item.severity")


def _value(value: Any) -> str:
    """Fusion's missing value is the string "None"."""
    value = text(value)
    return "" if value in ("None", "null") else value


@register
class TrustwaveFusionApi(ReportFormat):
    id = "trustwave_fusion_api"
    scan_types = ("Trustwave Fusion API Scan",)
    aliases = ("trustwave-fusion",)
    default_asset_type = AssetType.WEB
    recognises = "Trustwave Fusion findings API JSON (items[] with kb.id SLID-..., location, classification)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root == "object" and sniff.has_paths(
            "items.item.kb.id", "items.item.location", "items.item.severity"
        ):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not a Trustwave Fusion findings page (an object with items)")
        seen: set[tuple[str, ...]] = set()
        items = 0
        for item in iter_json(report, "items.item"):
            items += 1
            if not isinstance(item, dict) or "name" not in item:
                raise InvalidReport(f"{report.name}: an item without a name: not a Trustwave Fusion finding")
            where = obj(item.get("location"))
            kb = obj(item.get("kb"))
            key = tuple(
                _value(v)
                for v in (kb.get("id"), item.get("name"), where.get("url"), where.get("ip"), where.get("port"))
            )
            if key in seen:
                ctx.skip("same check at the same location")
                continue
            seen.add(key)
            yield _finding(ctx, item, where, kb)
        if not items:
            require_list_member(report, ("items",), "a Trustwave Fusion findings page")


def _asset(ctx: ParseContext, where: dict[str, Any]) -> Asset:
    url, domain, ip = _value(where.get("url")), _value(where.get("domain")), _value(where.get("ip"))
    host = host_of(url)[0] if url else domain
    if host and not is_ip(host):
        return ctx.asset(AssetType.WEB, {"fqdn": host.lower(), "ip": ip or None})
    if url:
        return ctx.asset(AssetType.WEB, {"ip": host})
    return infra_asset(ctx, "trustwave-fusion", ip=ip or None, hostname=domain or None)


def _finding(ctx: ParseContext, item: dict[str, Any], where: dict[str, Any], kb: dict[str, Any]) -> Finding:
    name = _value(item.get("name")) or _value(kb.get("id"))
    port = _value(where.get("port"))
    url = _value(where.get("url"))
    cpe = _value(where.get("applicationCpe"))
    return Finding(
        asset=_asset(ctx, where),
        name=name[:255],
        severity=label(_value(item.get("severity")), Severity.INFO),
        score=cvss_score(_value(kb.get("cvssV3BaseScore"))) or cvss_score(_value(kb.get("cvssV2BaseScore"))),
        description=f"{name} ({_value(item.get('classification'))})" if item.get("classification") else name,
        reference_ids=unique(
            c for c in kb.get("cves") or [] if text(c).upper().startswith("CVE-") and c != "CVE-NO-MATCH"
        ),
        location=url or (f"{_value(where.get('ip'))}:{port}" if port else _value(where.get("ip"))) or None,
        published=parse_datetime(item.get("createdOn")),
        details=drop_empty(
            {
                "findingId": _value(item.get("id")),
                "kbId": _value(kb.get("id")),
                "classification": _value(item.get("classification")),
                "assetId": _value(item.get("assetId")),
                "port": port,
                "protocol": _value(where.get("transportProtocol")),
                "application": _value(where.get("applicationName")),
                "cpe": cpe,
                "job": _value(obj(item.get("job")).get("jobName")),
            }
        ),
    )
