"""APKLeaks JSON output (`apkleaks -f app.apk --json -o out.json`, 2.x): {package, results: [{name, matches:
[...]}]}, one result per rule of its secrets/links rule set that matched in the decompiled app.

One finding per rule that matched, with the matches listed (capped): a rule for keys, secrets, tokens,
passwords or credentials is a hard-coded secret (high) and its matches are masked with `mask_secret`, never
copied; other rules (LinkFinder, IP_Address, Firebase URLs, ...) are informational inventory of endpoints the app
talks to (info). Asset: the app, a CODE asset named by its package name (as the MobSF formats do).
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
from ._static_common import SECRET_REMEDY, code_asset, mask_secret, secret_digest

_SECRET_RULE = re.compile(r"key|secret|token|passw|credential|auth|private|bearer|jwt|slack_webhook", re.I)
_MAX_MATCHES = 50


@register
class Apkleaks(ReportFormat):
    id = "apkleaks"
    scan_types = ("APKLeaks Scan",)
    aliases = ("apkleaks",)
    default_asset_type = AssetType.CODE
    recognises = "APKLeaks JSON: {package, results: [{name, matches: [...]}]}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("package", "results") and sniff.has_any_path("results.item.matches", "results.item.name"):
            return 0.85
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one app's matches: small
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list) or "package" not in doc:
            raise InvalidReport(f"{report.name}: no package and results list: not an APKLeaks report")
        asset = code_asset(ctx, doc.get("package"), "apkleaks")
        for result in doc["results"]:
            if not isinstance(result, dict) or not text(result.get("name")):
                raise InvalidReport(f"{report.name}: a result without a rule name: not an APKLeaks report")
            yield _finding(asset, result)


def _finding(asset: Any, result: dict[str, Any]) -> Finding:
    rule = text(result.get("name"))
    matches = [text(m) for m in result.get("matches") or [] if text(m)]
    if _SECRET_RULE.search(rule):
        return Finding(
            asset=asset,
            name=f"Hard-coded secret: {rule}",
            severity=Severity.HIGH,
            description=f"APKLeaks rule {rule} matched {len(matches)} string(s) in the app: "
            + ", ".join(mask_secret(m) for m in matches[:_MAX_MATCHES]),
            remedy=SECRET_REMEDY,
            details={"rule": rule, "matches": len(matches), "secretDigests": [secret_digest(m) for m in matches[:20]]},
        )
    return Finding(
        asset=asset,
        name=f"{rule} found in the app",
        severity=Severity.INFO,
        description=f"APKLeaks rule {rule} matched {len(matches)} string(s):\n" + "\n".join(matches[:_MAX_MATCHES]),
        remedy="Check that the app is meant to contain these endpoints and that none is internal.",
        details={"rule": rule, "matches": len(matches), "values": matches[:_MAX_MATCHES]},
    )
