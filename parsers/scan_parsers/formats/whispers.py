"""Whispers (Skyscanner's structured-text secret scanner) JSON, as `whispers --json` / `-o report.json` writes it
(2.x): an array of detections

    [{"key": "db_password", "value": <secret>, "file": "src/config.yml", "line": 12, "rule_id": "password",
      "message": "Password", "severity": "BLOCKER|CRITICAL|MAJOR|MINOR|INFO"}]

(1.x wrote the same members; some 2.x releases spell the severity High / Medium / Low). One finding per
detection: the key holding a secret at a file and line. `value` is the secret: only a masked form and a digest are
kept. Severity: BLOCKER and CRITICAL critical, MAJOR high, MINOR low, INFO info. The asset is the REPOSITORY
scanned (not named: a per-tool placeholder). An empty array is a clean scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json, load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import SECRET_REMEDY, drop_empty, location, mask_secret, repository_asset, secret_digest


@register
class Whispers(ReportFormat):
    id = "whispers"
    scan_types = ("Whispers Scan",)
    aliases = ("whispers",)
    default_asset_type = AssetType.REPOSITORY
    recognises = "JSON array of whispers detections: key, value, file, line, rule_id, message, severity"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.key", "item.value", "item.file", "item.rule_id", "item.message"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        seen = 0
        for item in iter_json(report, "item"):
            seen += 1
            if not isinstance(item, dict) or not ("rule_id" in item or "key" in item) or "file" not in item:
                raise InvalidReport(f"{report.name}: a detection has no rule_id/key and file: not a whispers report")
            yield _finding(ctx, item)
        if not seen and not isinstance(load_json(report), list):
            raise InvalidReport(f"{report.name}: not a JSON array of whispers detections")


def _finding(ctx: ParseContext, item: dict[str, Any]) -> Finding:
    message = text(item.get("message")) or text(item.get("rule_id")) or "secret"
    path = text(item.get("file"))
    key = text(item.get("key"))
    secret = item.get("value")
    return Finding(
        asset=repository_asset(ctx, None, "whispers"),
        name=f"Hard-coded secret: {message}",
        severity=label(item.get("severity"), Severity.HIGH),
        description=f"Whispers rule {text(item.get('rule_id'))} found a secret ({mask_secret(secret)})"
        + (f" in key {key!r}" if key else "")
        + f" of {path}.",
        remedy=SECRET_REMEDY,
        location=location(path, item.get("line")) or path,
        details=drop_empty(
            {
                "ruleId": text(item.get("rule_id")),
                "key": key,
                "file": path,
                "line": item.get("line"),
                "secretMasked": mask_secret(secret),
                "secretDigest": secret_digest(secret),
            }
        ),
    )
