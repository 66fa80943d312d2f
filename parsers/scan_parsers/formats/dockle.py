"""Dockle (container image linter) JSON, `dockle -f json <image>` (0.2-0.4): {image? (0.4), summary{fatal, warn,
info, skip, pass}, details[] of {code (CIS-DI-xxxx, DKL-DI-xxxx, DKL-LI-xxxx), title, level, alerts[]}}.

Levels are Dockle's own: FATAL, WARN, INFO, SKIP, PASS, IGNORE. Counting rule: one finding per detail at FATAL
(high), WARN (medium) or INFO (info) level; the alerts of a check (e.g. every setuid file) are its description,
not separate findings. PASS and SKIP details (Dockle lists them with `--debug`) and IGNORE (a check turned off
with `-i` / .dockleignore) are counted with ctx.skip. Asset: the image (CONTAINER), a placeholder when the report
does not name it (0.2-0.3 did not).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, text

_SEVERITIES = {"FATAL": Severity.HIGH, "WARN": Severity.MEDIUM, "INFO": Severity.INFO}
_NOT_FINDINGS = {"PASS", "SKIP", "IGNORE"}


@register
class Dockle(ReportFormat):
    id = "dockle"
    scan_types = ("Dockle Scan",)
    aliases = ("dockle",)
    default_asset_type = AssetType.CONTAINER
    recognises = "dockle -f json: {summary{fatal, warn, info, skip, pass}, details[] of {code, title, level, alerts}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("summary.fatal", "summary.warn", "summary.pass"):
            return 0.9
        if sniff.has_paths("details.item.code", "details.item.alerts", "details.item.level"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if not isinstance(doc, dict) or (not isinstance(doc.get("summary"), dict) and "details" not in doc):
            raise InvalidReport(f"{report.name}: no `summary` nor `details`: not a Dockle JSON report")
        details = doc.get("details")
        if not isinstance(details, list | None):
            raise InvalidReport(f"{report.name}: Dockle `details` is not a list")
        image = text(doc.get("image"))
        ctx.meta.target = image or None
        asset: Asset | None = None
        for detail in details or []:
            if not isinstance(detail, dict) or "code" not in detail:
                raise InvalidReport(f"{report.name}: a Dockle detail has no code")
            level = text(detail.get("level")).upper()
            if level in _NOT_FINDINGS:
                ctx.skip(f"level {level}")
                continue
            if level not in _SEVERITIES:
                raise InvalidReport(f"{report.name}: unknown Dockle level {level!r} (FATAL, WARN, INFO, SKIP, PASS)")
            if asset is None:
                asset = _asset(ctx, image)
            yield _finding(asset, detail, _SEVERITIES[level])


def _asset(ctx: ParseContext, image: str) -> Asset:
    if image:
        return ctx.asset(AssetType.CONTAINER, container_attributes(image, origin="dockle"))
    return ctx.asset(
        AssetType.CONTAINER, container_attributes("dockle-unknown-image", origin="dockle"), placeholder=True
    )


def _finding(asset: Asset, detail: dict[str, Any], severity: Severity) -> Finding:
    code = text(detail["code"])
    title = text(detail.get("title"))
    alerts = [text(a) for a in detail.get("alerts") or [] if text(a)]
    return Finding(
        asset=asset,
        name=f"{code}: {title}" if title else code,
        severity=severity,
        description="\n".join([title, *alerts]) if alerts else title or code,
        remedy=f"See https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#{code.lower()}",
        reference_ids=[code],
        details={"code": code, "level": text(detail.get("level")).upper(), "alerts": alerts[:50]},
    )
