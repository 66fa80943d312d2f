"""CyCognito issues, as the platform's issues API (`POST /v1/issues`) or the Issues screen's JSON export return
them: a JSON array of issues {id "issue/...", issue_id, title, severity, severity_score, affected_asset
"<type>/<value>", port, issue_status, summary, remediation_steps[], cve_ids[], references[], evidence{hostname,
evidence}, first_detected, last_detected, resolved_at, is_snoozed, ...}.

One finding per issue. Severity from CyCognito's label (critical, high, medium, low, info), the score from
severity_score. An issue CyCognito marks resolved (issue_status "resolved" or a resolved_at date) or snoozed is
still counted, with `active=False` and its state in `details["status"]`. Assets from affected_asset: a `webapp`
is WEB (its host), an `ip`, `domain` or `iprange` is INFRA, and a `cert` is the INFRA host the evidence names (the
address serving it); the evidence host is kept as the IP of a domain. A clean result is `[]`, recognised only when
the format is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cvss_score, parse_datetime, text, unique
from ._scan_common import infra_asset, is_ip, join_nonempty, web_asset
from ._static_common import drop_empty


@register
class Cycognito(ReportFormat):
    id = "cycognito"
    scan_types = ("Cycognito Scan",)
    aliases = ("cycognito-issues",)
    default_asset_type = AssetType.INFRA
    recognises = "JSON array of CyCognito issues (issue_id, affected_asset '<type>/<value>', issue_status)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root == "array" and sniff.has_paths("item.affected_asset", "item.issue_id"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"[":
            raise InvalidReport(f"{report.name}: not a JSON array of CyCognito issues")
        for item in iter_json(report, "item"):
            if not isinstance(item, dict) or "affected_asset" not in item or "title" not in item:
                raise InvalidReport(f"{report.name}: an issue without title or affected_asset: not a CyCognito issue")
            yield _finding(ctx, item)


def _asset(ctx: ParseContext, affected: str, evidence_host: str) -> Asset:
    kind, _, value = affected.partition("/")
    kind = kind.lower()
    if not value:
        value, kind = kind, ""
    if kind == "webapp":
        return web_asset(ctx, "cycognito", value)
    ip = evidence_host if is_ip(evidence_host) else None
    if kind == "cert":
        return infra_asset(ctx, "cycognito", ip=ip, hostname=None if ip else evidence_host or None)
    if kind == "iprange":
        return infra_asset(ctx, "cycognito", ip=value.split("-", 1)[0].split("/", 1)[0])
    if is_ip(value):
        return infra_asset(ctx, "cycognito", ip=value)
    return infra_asset(ctx, "cycognito", ip=ip, hostname=value.lower() or None)


def _status(item: dict[str, Any]) -> str | None:
    status = text(item.get("issue_status")).lower()
    if status == "resolved" or item.get("resolved_at"):
        return "resolved"
    if item.get("is_snoozed") is True:
        return "snoozed"
    return None


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    evidence = obj(item.get("evidence"))
    affected = text(item.get("affected_asset"))
    closed = _status(item)
    steps = item.get("remediation_steps")
    remedy = "\n".join(text(s) for s in steps) if isinstance(steps, list) else text(steps)
    port = text(item.get("port"))
    return Finding(
        asset=_asset(ctx, affected, text(evidence.get("hostname"))),
        name=text(item.get("title"))[:255] or text(item.get("issue_id")),
        severity=label(item.get("severity"), Severity.INFO),
        score=cvss_score(item.get("severity_score")),
        description=join_nonempty(
            text(item.get("summary")),
            f"Evidence:\n{text(evidence.get('evidence'))}" if evidence.get("evidence") else "",
        )
        or text(item.get("title")),
        remedy=remedy,
        reference_ids=unique(item.get("cve_ids") or []),
        location=f"{affected}:{port}" if port else affected or None,
        published=parse_datetime(item.get("first_detected")),
        active=closed is None,
        details=drop_empty(
            {
                "issueId": text(item.get("issue_id")) or text(item.get("id")),
                "status": closed or text(item.get("issue_status")),
                "affectedAsset": affected,
                "port": port,
                "issueType": text(item.get("issue_type")),
                "references": [text(r) for r in item.get("references") or [] if r],
                "lastDetected": text(item.get("last_detected")),
                "investigationStatus": text(item.get("investigation_status")),
            }
        ),
    )
