"""MobSF's "appsec" security scorecard: the `appsec` member of the static-analysis JSON report (REST API
`/api/v1/report_json` or the web UI's JSON download, MobSF 3.5+; the section MobSF 4.x's scorecard page shows),
or the scorecard alone (`/api/v1/scorecard` returns that object).

`appsec` is {high: [...], warning: [...], info: [...], secure: [...], hotspot: [...], security_score, app_name,
file_name, hash, ...}, each list of {title, description, section}. One finding per entry: high is high, warning
medium, hotspot (something to review) low, info info; a "secure" entry is a protection MobSF found in place,
emitted inactive with `details["status"] = "passed"` (DefectDojo counts it). An entry is located at its report
section (manifest, code, network, ...); entries with the same title (an App Link check per host) differ in their
description, which is part of their identity.

Asset: the app, a CODE asset named by its package name or bundle id (see `_mobsf`); the scorecard alone names the
app only by app_name/file_name. Auto-detection claims MobSF 4 reports that carry a scorecard (MobSF 3 reports go
to `mobsf`, which reads their analysis sections).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, fingerprint_of
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _mobsf
from ._sca_common import text

_LEVELS = ("high", "warning", "hotspot", "info", "secure")


@register
class MobsfScorecard(ReportFormat):
    id = "mobsf_scorecard"
    scan_types = ("MobSF Scorecard Scan",)
    aliases = ("mobsf-scorecard",)
    default_asset_type = AssetType.CODE
    recognises = "MobSF 4 static-analysis JSON with its appsec scorecard (high, warning, info, secure, hotspot)"

    def detect(self, sniff: Sniff) -> float:
        if _mobsf.is_static_report(sniff) and sniff.has_paths("appsec"):
            return 0.85 if (_mobsf.major_version(sniff.json_string("version")) or 0) >= 4 else 0.0
        if (
            sniff.kind == "json"
            and sniff.json_root == "object"
            and sniff.has_paths("security_score", "high.item.section", "hash")
        ):
            return 0.85  # the scorecard on its own
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict):
            raise InvalidReport(f"{report.name}: not a MobSF report (expected a JSON object)")
        scorecard = doc.get("appsec") if "appsec" in doc else doc
        if not isinstance(scorecard, dict) or not any(isinstance(scorecard.get(k), list) for k in _LEVELS):
            raise InvalidReport(
                f"{report.name}: no appsec scorecard (high/warning/info/secure/hotspot lists): not a MobSF "
                "scorecard report; MobSF reports before 3.5 have none (read them as mobsf)"
            )
        asset = _mobsf.app_asset(ctx, doc if doc is not scorecard else scorecard)
        ctx.meta.extra["version"] = text(doc.get("version"))
        if scorecard.get("security_score") is not None:
            ctx.meta.extra["securityScore"] = scorecard.get("security_score")
        for level in _LEVELS:
            entries = scorecard.get(level)
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict) or not text(entry.get("title")):
                    raise InvalidReport(f"{report.name}: a scorecard {level} entry without a title")
                yield _finding(asset, level, entry)


def _finding(asset: Any, level: str, entry: dict[str, Any]) -> Finding:
    title = text(entry.get("title"))
    description = text(entry.get("description"))
    section = text(entry.get("section"))
    passed = _mobsf.passed(level)
    return Finding(
        asset=asset,
        name=title[:250],
        severity=_mobsf.severity(level),
        description=description or title,
        location=section or None,
        active=not passed,
        fingerprint=fingerprint_of(["mobsf_scorecard", asset.key, level, section, title, description]),
        details={"section": section, "mobsfSeverity": level} | ({"status": "passed"} if passed else {}),
    )
