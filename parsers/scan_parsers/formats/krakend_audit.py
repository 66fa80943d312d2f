"""KrakenD audit JSON, `krakend audit -c krakend.json -f '{{ marshal . }}'` (KrakenD 2.x): {recommendations[] of
{rule (e.g. "2.1.7"), severity (CRITICAL / HIGH / MEDIUM / LOW), message}, stats{...}}; a configuration with
nothing to recommend gives `"recommendations": []`.

`krakend audit` prints only the rules the configuration breaks: one finding per recommendation, with the rule's
severity. Asset: the KrakenD configuration file audited (BUILD); the output does not name it, so the asset is a
placeholder for the gateway configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import build_asset


@register
class KrakendAudit(ReportFormat):
    id = "krakend_audit"
    scan_types = ("KrakenD Audit Scan",)
    aliases = ("krakend-audit", "krakend")
    default_asset_type = AssetType.BUILD
    recognises = "krakend audit JSON: {recommendations[] of {rule, severity, message}, stats}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("recommendations.item.rule", "recommendations.item.message"):
            return 0.9
        if set(sniff.json_top_keys) == {"recommendations", "stats"}:
            return 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        recommendations = doc.get("recommendations") if isinstance(doc, dict) else None
        if not isinstance(recommendations, list | None) or not isinstance(doc, dict) or "recommendations" not in doc:
            raise InvalidReport(f"{report.name}: no `recommendations` list: not a KrakenD audit report")
        for item in recommendations or []:
            if not isinstance(item, dict) or not item.get("rule"):
                raise InvalidReport(f"{report.name}: a recommendation names no rule: not a KrakenD audit report")
            rule = text(item["rule"])
            message = text(item.get("message"))
            yield Finding(
                asset=build_asset(ctx, None, "krakend-audit"),
                name=f"{rule}: {message}" if message else rule,
                severity=label(item.get("severity")),
                description=message or rule,
                remedy=f"See https://www.krakend.io/docs/configuration/audit/ (rule {rule}).",
                location=rule,
                details={"rule": rule},
            )
