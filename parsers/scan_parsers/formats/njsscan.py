"""njsscan (Node.js SAST, libsast/semgrep based) JSON, as `njsscan --json` writes it (0.1 to 0.4):

    {"errors": [], "njsscan_version": "0.4.3",
     "nodejs":    {<rule id>: {"files": [{file_path, match_lines: [start, end], match_position, match_string}],
                               "metadata": {cwe, description, owasp-web, severity}}},
     "templates": {<rule id>: {...the same...}}}

`nodejs` holds the JavaScript rules, `templates` the HTML-template rules; either may be empty or absent (old
versions wrote only the sections that matched). One finding per rule and matched file position, on the CODE asset
of the scanned project (the report does not name it). Severity is njsscan's ERROR / WARNING / INFO (high / medium /
info). The `errors` list (files njsscan could not read) is not a finding. njsscan's SARIF and SonarQube outputs are
read by the generic sarif / sonarqube formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import cwes_in
from ._static_common import code_asset, drop_empty, location

_SECTIONS = ("nodejs", "templates")


@register
class Njsscan(ReportFormat):
    id = "njsscan"
    scan_types = ("njsscan Scan",)
    aliases = ("njsscan",)
    default_asset_type = AssetType.CODE
    recognises = "JSON object with njsscan_version and nodejs/templates maps of rule -> files[] + metadata"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if "njsscan_version" in sniff.json_top_keys:
            return 0.95
        # without the version key: rule maps whose entries carry njsscan's files/match_lines pair
        for p in sniff.json_paths:
            parts = p.split(".")
            if len(parts) == 5 and parts[0] in _SECTIONS and parts[2:] == ["files", "item", "match_lines"]:
                return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one entry per rule, the matches of each rule: small
        if not isinstance(doc, dict) or not any(isinstance(doc.get(s), dict) for s in _SECTIONS):
            raise InvalidReport(f"{report.name}: no `nodejs` or `templates` rule map: not an njsscan JSON report")
        if isinstance(doc.get("njsscan_version"), str):
            ctx.meta.extra["njsscanVersion"] = doc["njsscan_version"]
        for section in _SECTIONS:
            rules = doc.get(section) or {}
            if not isinstance(rules, dict):
                raise InvalidReport(f"{report.name}: `{section}` is not a map of rule ids")
            for rule_id, rule in rules.items():
                if not isinstance(rule, dict) or not isinstance(rule.get("files", []), list):
                    raise InvalidReport(f"{report.name}: rule {rule_id!r} has no files list")
                meta = rule.get("metadata")
                meta = meta if isinstance(meta, dict) else {}
                for match in rule.get("files") or []:
                    if not isinstance(match, dict) or "file_path" not in match:
                        raise InvalidReport(f"{report.name}: a match of rule {rule_id!r} has no file_path")
                    yield _finding(ctx, section, str(rule_id), meta, match)


def _finding(ctx: ParseContext, section: str, rule_id: str, meta: dict[str, Any], match: dict[str, Any]) -> Finding:
    path = str(match.get("file_path") or "")
    lines = match.get("match_lines") if isinstance(match.get("match_lines"), list) else []
    start = lines[0] if lines else None
    cwe_text = str(meta.get("cwe") or "")
    description = str(meta.get("description") or "").strip()
    snippet = str(match.get("match_string") or "").strip("\n")
    return Finding(
        asset=code_asset(ctx, None, "njsscan"),
        name=rule_id,
        severity=label(meta.get("severity"), Severity.MEDIUM),
        description=(description or f"njsscan rule {rule_id} matched.") + (f"\n\nCode:\n{snippet}" if snippet else ""),
        remedy="Review the code njsscan flagged and apply the fix its rule describes.",
        cwes=cwes_in(cwe_text),
        location=location(path, start) or path,
        details=drop_empty(
            {
                "ruleId": rule_id,
                "section": section,
                "cwe": cwe_text,
                "owaspWeb": meta.get("owasp-web"),
                "owaspMobile": meta.get("owasp-mobile"),
                "masvs": meta.get("masvs"),
                "lines": lines,
                "position": match.get("match_position"),
            }
        ),
    )
